/** Serves the built client from dist/, with index.html for client routes (/, /m/:id). */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The client is not built. Run `npm run build` (or `npm start`, which builds first).\n');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  const file = path.normalize(path.join(root, decoded));
  const inside = file.startsWith(root + path.sep);
  let target = index;
  if (inside && fs.existsSync(file) && fs.statSync(file).isFile()) target = file;
  else if (path.extname(decoded) && decoded.startsWith('/assets/')) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
  // Hashed assets never change; index.html and the service worker (sw.js) must always be fresh.
  const cache = target !== index && decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { 'content-type': type, 'cache-control': cache });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(target).pipe(res);
}
