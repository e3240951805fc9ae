/** Errors the model raises for input a user can fix. `code` is stable; `message` is for people. */
export type MatrixErrorCode =
  | 'invalid-name'
  | 'invalid-link'
  | 'invalid-date'
  | 'invalid-stance'
  | 'invalid-quote'
  | 'not-found'
  | 'invalid-id'
  | 'invalid-comment'
  | 'invalid-evidence'
  | 'duplicate-name';

export class MatrixError extends Error {
  readonly code: MatrixErrorCode;
  constructor(code: MatrixErrorCode, message: string) {
    super(message);
    this.name = 'MatrixError';
    this.code = code;
  }
}

/** What `fn` returns; for a MatrixError, what `refused` makes of its message instead (any other error is thrown on). */
export function unlessRefused<T, F>(fn: () => T, refused: (message: string) => F): T | F {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MatrixError) return refused(e.message);
    throw e;
  }
}
