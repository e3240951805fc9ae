/**
 * Every HTTP request: the hooks first (security headers, rate limits), then the route table,
 * then the built client for GET/HEAD. Unknown /api/ paths are a JSON 404; any error is the
 * JSON error shape, and an unexpected one is logged (by path only: a query may carry a token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { Hook, Router } from './router.ts';
import { HttpError, sendError } from './respond.ts';
import { serveStatic } from './static.ts';

export function createRequestHandler({ router, hooks, staticDir, log }: { router: Router; hooks: Hook[]; staticDir: string; log: Logger }) {
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    for (const hook of hooks) {
      await hook(req, res, url);
      if (res.writableEnded) return;
    }
    if (await router.handle(req, res, url)) return;
    if (url.pathname.startsWith('/api/')) throw new HttpError(404, 'not-found', `No API endpoint at ${url.pathname}.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed here.`);
    serveStatic(staticDir, req, res, url.pathname);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    handle(req, res, url).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof HttpError) return sendError(res, err);
      log.error('request failed', { path: url.pathname, error: String(err) });
      sendError(res, new HttpError(500, 'internal', 'Something went wrong on the server.'));
    });
  };
}
