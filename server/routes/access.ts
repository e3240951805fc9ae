/**
 * Share links, roles and the lock (README "Share links and roles"):
 *   GET  /api/matrices/:id/access                 any token     { id, title, role, locked }
 *   GET  /api/matrices/:id/links                  facilitator   { tokens }
 *   POST /api/matrices/:id/links/:role/rotate     facilitator   { tokens } (the new set); sockets of the old token close with 4410
 *   PUT  /api/matrices/:id/lock  { locked }       facilitator   { locked }; every connection is told
 */
import { LockBody, type AccessInfo, type Links, type LockState } from '../../shared/api.ts';
import { isRole } from '../../shared/access.ts';
import { readMeta } from '../../shared/matrix.ts';
import { route, type RequestContext, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import type { AppContext } from './context.ts';

export function accessRoutes({ storage, rooms, auth, links, lock, log }: AppContext): Route[] {
  const title = (id: string) => {
    const doc = rooms.loaded(id)?.load();
    return doc ? readMeta(doc).title : (storage.get(id)?.title ?? '');
  };
  // The router checked it: the token is the facilitator's, the key to the sealed links.
  const facilitatorToken = ({ req }: RequestContext<unknown, unknown>) => auth.matrixToken(req)!;

  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/access',
      needs: { role: 'viewer' },
      handle: ({ id, grant }) => ({ json: { id, title: title(id), role: grant!.role, locked: lock.isLocked(id) } satisfies AccessInfo }),
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id/links',
      needs: { role: 'facilitator' },
      handle: (ctx) => ({ json: { tokens: links.reveal(ctx.id, facilitatorToken(ctx)) } satisfies Links }),
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/links/:role/rotate',
      needs: { role: 'facilitator' },
      handle: (ctx) => {
        const { id, params } = ctx;
        const role = params.role ?? '';
        if (!isRole(role)) throw new HttpError(400, 'invalid-role', 'Say which link to replace: facilitator, editor or viewer.');
        const { tokens, replacedHash } = links.rotate(id, role, facilitatorToken(ctx));
        const closed = rooms.loaded(id)?.revoke(replacedHash) ?? 0;
        log.info('replaced a share link', { matrix: id, role, closedSockets: closed });
        return { json: { tokens } satisfies Links };
      },
    }),
    route({
      method: 'PUT',
      path: '/api/matrices/:id/lock',
      needs: { role: 'facilitator' },
      body: { json: LockBody, limit: 1024 },
      handle: ({ id, body: { locked } }) => {
        lock.set(id, locked);
        log.info(locked ? 'locked a matrix' : 'unlocked a matrix', { matrix: id });
        return { json: { locked } satisfies LockState };
      },
    }),
  ];
}
