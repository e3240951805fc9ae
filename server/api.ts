/**
 * The HTTP API. Every error is JSON `{ error: { code, message } }` with a fitting status.
 *   GET  /healthz               status, rooms loaded, connections (open)
 *   GET  /api/matrices          list: id, title, counts, created/updated (the create token, when set)
 *   POST /api/matrices          { title, description? } -> 201 { id, title, tokens } (the create token, when set)
 *   GET  /api/matrices/:id      the whole matrix (MatrixData) (viewer+)
 * Share links, roles and the lock: server/api-access.ts; versions: server/api-versions.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { countMatrix, initMatrix, readMatrix, readMeta } from '../shared/matrix.ts';
import { MatrixError } from '../shared/errors.ts';
import { isMatrixId } from '../shared/ids.ts';
import { SEED_ORIGIN } from '../shared/origins.ts';
import type { Storage } from './storage.ts';
import type { Rooms } from './rooms.ts';
import type { Logger } from './log.ts';
import { HttpError, readJsonBody, sendJson } from './http-util.ts';
import { createVersionsApi } from './api-versions.ts';
import { SnapshotStore } from './snapshots.ts';
import type { Auth } from './auth.ts';
import { createAccessApi } from './api-access.ts';
import { storeNewMatrix } from './new-matrix.ts';

const startedAt = Date.now();

export function createApi(deps: { storage: Storage; rooms: Rooms; auth: Auth; log: Logger }) {
  const { storage, rooms, auth } = deps;
  // Snapshots, compare, export and import (server/api-versions.ts), in their own table.
  const versions = createVersionsApi({ ...deps, snapshots: new SnapshotStore(storage.database), links: auth.links, authorize: auth.authorize });
  const access = createAccessApi(deps);

  function requireMatrix(id: string): void {
    if (!isMatrixId(id)) throw new HttpError(400, 'invalid-matrix-id', 'Matrix ids are 3–64 lowercase letters, digits or "-".');
    if (!rooms.loaded(id) && !storage.exists(id)) throw new HttpError(404, 'not-found', `There is no matrix "${id}".`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    if (await versions(req, res, url)) return true;
    if (await access(req, res, url)) return true;
    if (pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok', rooms: rooms.size, connections: rooms.connections, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) });
      return true;
    }
    if (!pathname.startsWith('/api/')) return false;

    if (pathname === '/api/matrices') {
      if (req.method === 'GET') {
        auth.authorize(req, url, null, { create: true });
        const list = storage.list().map((row) => {
          const room = rooms.loaded(row.id);
          // A loaded room's live counts are fresher than the stored summary.
          if (room) return { ...row, title: readMeta(room.doc).title, counts: countMatrix(room.doc) };
          return row;
        });
        sendJson(res, 200, { matrices: list });
        return true;
      }
      if (req.method === 'POST') {
        auth.authorize(req, url, null, { create: true });
        const body = await readJsonBody(req, 64 * 1024);
        const title = typeof body === 'object' && body !== null && 'title' in body ? (body as { title: unknown }).title : undefined;
        const description = typeof body === 'object' && body !== null && 'description' in body ? (body as { description: unknown }).description : '';
        if (typeof title !== 'string') throw new HttpError(400, 'invalid-title', 'Give the matrix a title: { "title": "…" }.');
        if (typeof description !== 'string') throw new HttpError(400, 'invalid-description', 'The description must be text.');
        const doc = new Y.Doc();
        try {
          initMatrix(doc, { title, description }, SEED_ORIGIN);
        } catch (err) {
          if (err instanceof MatrixError) throw new HttpError(400, 'invalid-title', err.message);
          throw err;
        }
        const created = storeNewMatrix(storage, auth.links, doc)!;
        doc.destroy();
        deps.log.info('created matrix', { matrix: created.id });
        sendJson(res, 201, created);
        return true;
      }
      throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on /api/matrices.`);
    }

    const match = /^\/api\/matrices\/([^/]+)$/.exec(pathname);
    if (match) {
      const id = decodeURIComponent(match[1] ?? '');
      if (req.method !== 'GET') throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed here.`);
      requireMatrix(id);
      auth.authorize(req, url, id, { role: 'viewer' });
      const data = rooms.withDoc(id, (doc) => readMatrix(doc));
      const row = storage.get(id);
      sendJson(res, 200, { id, ...data, updatedAt: row?.updatedAt ?? null });
      return true;
    }
    throw new HttpError(404, 'not-found', `No API endpoint at ${pathname}.`);
  };
}
