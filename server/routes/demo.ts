/**
 *   GET /api/demo/links   { tokens } of the demo matrix, only to a browser on the server's own machine
 *                         (server/http/same-machine.ts), unless turned off (--no-demo-links); else 404.
 * Someone who can run code on that machine can read DATA_DIR/secret.key anyway; nobody else gets them.
 * GET /api/config says whether this route would answer (`demoLinksHere`), so a browser asks only then.
 */
import type { IncomingMessage } from 'node:http';
import type { ShareTokens } from '../../shared/access.ts';
import type { Links } from '../../shared/api.ts';
import { route, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { isSameMachineRequest } from '../http/same-machine.ts';
import type { AppContext } from './context.ts';

/** The demo's tokens when this request may have them, else null. */
export function demoLinksFor({ demo, security }: Pick<AppContext, 'demo' | 'security'>, req: IncomingMessage): ShareTokens | null {
  return demo.localLinks && demo.links && isSameMachineRequest(req, security.trustProxy) ? demo.links : null;
}

export function demoRoutes(app: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/demo/links',
      needs: {},
      handle: ({ req }) => {
        const tokens = demoLinksFor(app, req);
        if (!tokens) throw new HttpError(404, 'not-found', 'The demo links are shown only on the machine that runs the server.');
        return { json: { tokens } satisfies Links, headers: { 'cache-control': 'no-store' } };
      },
    }),
  ];
}
