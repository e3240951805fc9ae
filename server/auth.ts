/**
 * Who may do what: one place for the websocket upgrade and every HTTP route.
 * - A matrix token (share link) arrives as `?token=` on the websocket (a browser's WebSocket
 *   cannot send headers; server/sync/upgrade.ts), and only as `Authorization: Bearer <token>` on
 *   HTTP: a URL can end up in logs, history and Referer headers. Its role is checked with `atLeast`.
 * - The server's CREATE_TOKEN (optional) guards creating matrices and the operator's list:
 *   `Authorization: Bearer` where no matrix token is needed, else `X-Create-Token`.
 * Refusals are HttpErrors: 401 `unauthorized` (no or bad token), 403 `forbidden` (a role that may not).
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { atLeast, type Role } from '../shared/access.ts';
import { HttpError } from './http/respond.ts';
import { hashToken, type Grant, type ShareLinks } from './share-links.ts';

const ROLE_NAMES: Record<Role, string> = { viewer: 'a viewer', editor: 'an editor', facilitator: 'the facilitator' };

/** What an HTTP route needs: a role on the matrix in its path, the create token, or both. */
export interface Needs {
  role?: Role;
  create?: boolean;
}

export type Authorize = (req: IncomingMessage, url: URL, matrixId: string | null, needs: Needs) => Grant | null;

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1] ?? null;
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message, { 'www-authenticate': 'Bearer' });
}

export class Auth {
  private createTokenHash: Buffer | null;

  constructor(
    readonly links: ShareLinks,
    createToken: string | null | undefined,
  ) {
    this.createTokenHash = createToken ? hashToken(createToken) : null;
  }

  get createTokenRequired(): boolean {
    return this.createTokenHash !== null;
  }

  /** The websocket upgrade and HTTP share this: the grant of a token on a matrix, or null. */
  authenticate(matrixId: string, token: string | null | undefined): Grant | null {
    return this.links.authenticate(matrixId, token);
  }

  /** The matrix token of an HTTP request: its `Authorization: Bearer` header (never the URL's `?token=`). */
  matrixToken(req: IncomingMessage): string | null {
    return bearer(req);
  }

  /** Throws 401/403 unless the request may do what `needs` says; returns the grant when a role was needed. */
  authorize: Authorize = (req, url, matrixId, needs) => {
    let grant: Grant | null = null;
    if (needs.role) {
      if (matrixId === null) throw new Error('a route that needs a role must name a matrix');
      const token = this.matrixToken(req);
      if (!token && url.searchParams.has('token')) {
        throw unauthorized('A token in the URL (?token=) is not accepted: URLs end up in logs. Send it as "Authorization: Bearer <token>".');
      }
      if (!token) {
        throw unauthorized('This needs a share link of the matrix: open it from its link, or send the token as "Authorization: Bearer <token>".');
      }
      grant = this.authenticate(matrixId, token);
      if (!grant) throw unauthorized('This link is not valid for this matrix (it may have been replaced). Ask the facilitator for the current link.');
      if (!atLeast(grant.role, needs.role)) {
        throw new HttpError(
          403,
          'forbidden',
          `Only ${ROLE_NAMES[needs.role]} link can do this; yours is ${ROLE_NAMES[grant.role]} link. Ask the facilitator for one.`,
        );
      }
    }
    if (needs.create) this.requireCreateToken(req, needs.role === undefined);
    return grant;
  };

  private requireCreateToken(req: IncomingMessage, bearerAllowed: boolean): void {
    if (!this.createTokenHash) return;
    const header = req.headers['x-create-token'];
    const given = (typeof header === 'string' ? header.trim() : null) || (bearerAllowed ? bearer(req) : null);
    const where = bearerAllowed ? '"Authorization: Bearer <create token>"' : 'the "X-Create-Token" header';
    if (!given) throw unauthorized(`This server needs its create token to create or list matrices: send it as ${where}. Ask whoever runs the server.`);
    if (!crypto.timingSafeEqual(hashToken(given), this.createTokenHash)) {
      throw unauthorized(`The create token is wrong: send the one this server was started with (CREATE_TOKEN) as ${where}.`);
    }
  }
}
