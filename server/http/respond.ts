/** JSON responses and the one error shape, `{ error: { code, message, details? } }`. */
import type { ServerResponse } from 'node:http';
import type { ErrorBody, ErrorCode, ImportIssue } from '../../shared/api.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers (e.g. WWW-Authenticate on a 401). */
    readonly headers: Record<string, string> = {},
    /** Per-problem details (an import's refusals). */
    readonly details?: ImportIssue[],
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  sendJson(res, err.status, body, err.headers);
}
