/**
 * Cross-site requests: a browser names the page that sent a request in `Origin`. A
 * state-changing request or a websocket upgrade is accepted only from the server's own origin
 * (its Host, or X-Forwarded-Host behind a trusted proxy) or the configured ALLOWED_ORIGINS.
 * Requests without Origin (curl, scripts, tests) are not from a browser page and pass.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originAllowed(req: IncomingMessage, allowed: readonly string[], trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let host: string;
  try {
    // 'null' (sandboxed frames, file:) and anything unparsable fail here.
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = trustProxy ? req.headers['x-forwarded-host'] : undefined;
  const own = (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || req.headers.host;
  return own !== undefined && host === own.toLowerCase();
}

/** Hook: refuses a state-changing request from another site's page (403 origin-not-allowed). */
export function originHook(allowed: readonly string[], trustProxy: boolean) {
  return (req: IncomingMessage): void => {
    if (SAFE_METHODS.has(req.method ?? 'GET') || originAllowed(req, allowed, trustProxy)) return;
    throw new HttpError(403, 'origin-not-allowed', `Requests from ${req.headers.origin} are not accepted here. Open the app from this server's own address.`);
  };
}
