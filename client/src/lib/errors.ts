import { MatrixError } from '../../../shared/errors.ts';

/** A message fit for people: the model's own wording, never a stack trace. */
export function userMessage(err: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (err instanceof MatrixError) return err.message;
  if (err instanceof ApiError) return err.message;
  if (err instanceof ReadOnlyError) return err.message;
  return fallback;
}

/** An HTTP API failure carrying the server's `{ error: { code, message } }`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** A local edit refused because this page may not change the matrix (role or lock). */
export class ReadOnlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyError';
  }
}
