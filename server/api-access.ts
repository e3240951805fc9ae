/**
 * Share links, roles and the lock over HTTP (README "Share links and roles"):
 *   GET  /api/config                              anyone        { createTokenRequired }
 *   GET  /api/matrices/:id/access                 any token     { id, title, role, locked }
 *   GET  /api/matrices/:id/links                  facilitator   { tokens }
 *   POST /api/matrices/:id/links/:role/rotate     facilitator   { tokens } (the new set); sockets of the old token close with 4410
 *   PUT  /api/matrices/:id/lock  { locked }       facilitator   { locked }; every connection is told
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRole } from '../shared/access.ts';
import { isMatrixId } from '../shared/ids.ts';
import { readMeta } from '../shared/matrix.ts';
import type { Storage } from './storage.ts';
import type { Rooms } from './rooms.ts';
import type { Logger } from './log.ts';
import type { Auth } from './auth.ts';
import { HttpError, readJsonBody, sendJson } from './http-util.ts';

export function createAccessApi(deps: { storage: Storage; rooms: Rooms; auth: Auth; log: Logger }) {
  const { storage, rooms, auth, log } = deps;
  const { links } = auth;

  function requireMatrix(id: string): void {
    if (!isMatrixId(id)) throw new HttpError(400, 'invalid-matrix-id', 'Matrix ids are 3–64 lowercase letters, digits or "-".');
    if (!rooms.loaded(id) && !storage.exists(id)) throw new HttpError(404, 'not-found', `There is no matrix "${id}".`);
  }

  const title = (id: string) => {
    const room = rooms.loaded(id);
    return room ? readMeta(room.doc).title : (storage.get(id)?.title ?? '');
  };

  return async function handleAccess(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const { pathname } = url;
    if (pathname === '/api/config') {
      if (req.method !== 'GET') throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${pathname}.`);
      sendJson(res, 200, { createTokenRequired: auth.createTokenRequired });
      return true;
    }
    const m = /^\/api\/matrices\/([^/]+)\/(access|links|links\/([^/]+)\/rotate|lock)$/.exec(pathname);
    if (!m) return false;
    const [, rawId = '', what = '', rawRole] = m;
    const kind = what.startsWith('links/') ? 'rotate' : what;
    const method = { access: 'GET', links: 'GET', rotate: 'POST', lock: 'PUT' }[kind];
    if (req.method !== method) throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${pathname}; use ${method}.`);
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      throw new HttpError(400, 'invalid-matrix-id', 'The address is not valid.');
    }
    requireMatrix(id);

    if (kind === 'access') {
      const grant = auth.authorize(req, url, id, { role: 'viewer' })!;
      sendJson(res, 200, { id, title: title(id), role: grant.role, locked: links.isLocked(id) });
      return true;
    }
    auth.authorize(req, url, id, { role: 'facilitator' });
    // authorize checked it: the token is the facilitator's, the key to the sealed links.
    const facilitatorToken = auth.matrixToken(req, url)!;

    if (kind === 'links') {
      sendJson(res, 200, { tokens: links.reveal(id, facilitatorToken) });
      return true;
    }
    if (kind === 'rotate') {
      const role = rawRole ?? '';
      if (!isRole(role)) throw new HttpError(400, 'invalid-role', 'Say which link to replace: facilitator, editor or viewer.');
      const { tokens, replacedHash } = links.rotate(id, role, facilitatorToken);
      const closed = rooms.loaded(id)?.revoke(replacedHash) ?? 0;
      log.info('replaced a share link', { matrix: id, role, closedSockets: closed });
      sendJson(res, 200, { tokens });
      return true;
    }
    const body = await readJsonBody(req, 1024);
    const locked = typeof body === 'object' && body !== null && 'locked' in body ? (body as { locked: unknown }).locked : undefined;
    if (typeof locked !== 'boolean') throw new HttpError(400, 'invalid-body', 'Send { "locked": true } or { "locked": false }.');
    links.setLocked(id, locked);
    rooms.loaded(id)?.setLocked(locked);
    log.info(locked ? 'locked a matrix' : 'unlocked a matrix', { matrix: id });
    sendJson(res, 200, { locked });
    return true;
  };
}
