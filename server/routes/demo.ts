/**
 *   GET /api/demo/links   { tokens } of the demo matrix, only to a browser on the server's own machine
 *                         (server/http/same-machine.ts), unless turned off (--no-demo-links); else 404.
 * Someone who can run code on that machine can read DATA_DIR/secret.key anyway; nobody else gets them.
 */
import type { Links } from '../../shared/api.ts';
import { route, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { isSameMachineRequest } from '../http/same-machine.ts';
import type { AppContext } from './context.ts';

export function demoRoutes({ demo, security }: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/demo/links',
      needs: {},
      handle: ({ req }) => {
        if (!demo.localLinks || !demo.links || !isSameMachineRequest(req, security.trustProxy)) {
          throw new HttpError(404, 'not-found', 'The demo links are shown only on the machine that runs the server.');
        }
        return { json: { tokens: demo.links } satisfies Links, headers: { 'cache-control': 'no-store' } };
      },
    }),
  ];
}
