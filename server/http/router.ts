/**
 * The route table. Each route is declared once: method, path pattern, what it needs (least role
 * on the matrix in the path, the create token), its query and body contracts, and a handler.
 * Matching (404/405), the matrix id and existence check (400/404, before any token is looked
 * at), authorisation (401/403, server/auth.ts), query and body validation (400/413/415) and the
 * error response all happen here, once, in that order; a handler only does its job.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as v from 'valibot';
import type { BodyContract } from '../../shared/api.ts';
import { isMatrixId } from '../../shared/ids.ts';
import type { Auth, Needs } from '../auth.ts';
import type { Grant } from '../share-links.ts';
import { hasBody, readBody, readJson, validate } from './body.ts';
import type { HttpRateLimits, RateClass } from './rate-limit.ts';
import { HttpError, sendJson } from './respond.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** How a route reads its body: JSON against a contract (absent = `{}` when `optional`), or raw bytes. */
export type BodySpec = { json: BodyContract; limit: number; optional?: boolean } | { raw: true; limit: number; tooLarge: string };

type BodyOf<B> = B extends { json: BodyContract<infer S> } ? v.InferOutput<S> : B extends { raw: true } ? Buffer : undefined;
type QueryOf<Q> = Q extends BodyContract<infer S> ? v.InferOutput<S> : undefined;

export interface RequestContext<B, Q> {
  req: IncomingMessage;
  url: URL;
  /** Decoded path parameters (`:id` is a matrix that exists). */
  params: Record<string, string>;
  /** The matrix id of the path (`:id`), or '' on routes without one. */
  id: string;
  /** The token's grant, on routes that need a role. */
  grant: Grant | null;
  query: QueryOf<Q>;
  body: BodyOf<B>;
}

/** What a handler answers: JSON, or a file with its own headers. */
export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; bytes: Uint8Array; headers: Record<string, string> };

export interface Route<B extends BodySpec | undefined = BodySpec | undefined, Q extends BodyContract | undefined = BodyContract | undefined> {
  method: Method;
  /** e.g. `/api/matrices/:id/snapshots/:sid`; `:id` is always a matrix id. */
  path: string;
  /** `{}`: anyone. */
  needs: Needs;
  /** How the route counts against the rate limits; default: GET is a read, a route that needs the create token a create, else a write. */
  rateClass?: RateClass;
  query?: Q;
  body?: B;
  handle(ctx: RequestContext<B, Q>): Reply | Promise<Reply>;
}

/** Keeps each route's body and query types while the table holds them all. */
export function route<B extends BodySpec | undefined = undefined, Q extends BodyContract | undefined = undefined>(r: Route<B, Q>): Route {
  return r as unknown as Route;
}

/** Runs before any route or static file, for every request: headers, rate limits. May throw an HttpError. */
export type Hook = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export class Router {
  private compiled: Compiled[];

  constructor(
    routes: Route[],
    private auth: Auth,
    /** Is there a matrix with this (valid) id? */
    private matrixExists: (id: string) => boolean,
    /** Per-route-class and per-token limits, and the count of 401s (none: unlimited). */
    private limits: HttpRateLimits | null = null,
  ) {
    this.compiled = routes.map(compile);
  }

  /** Answers the request if a route's path matches it (405 when only the method differs); false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const matches = this.compiled.map((c) => ({ c, m: c.pattern.exec(url.pathname) })).filter((x) => x.m !== null);
    if (matches.length === 0) return false;
    const found = matches.find((x) => x.c.route.method === req.method);
    if (!found) {
      const allowed = [...new Set(matches.map((x) => x.c.route.method))].join(' or ');
      throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${url.pathname}; use ${allowed}.`);
    }
    const { route, names } = found.c;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(found.m![i + 1] ?? '')));
    } catch {
      throw new HttpError(400, 'invalid-matrix-id', 'The address is not valid.');
    }
    const id = params.id ?? '';
    if (names.includes('id')) {
      if (!isMatrixId(id)) throw new HttpError(400, 'invalid-matrix-id', 'Matrix ids are 3–64 lowercase letters, digits or "-".');
      if (!this.matrixExists(id)) throw new HttpError(404, 'not-found', `There is no matrix "${id}".`);
    }
    const rateClass = route.rateClass ?? (route.method === 'GET' ? 'read' : route.needs.create ? 'create' : 'write');
    await this.limits?.beforeRoute(req, rateClass);
    let grant: Grant | null;
    try {
      grant = this.auth.authorize(req, url, route.needs.role ? id : null, route.needs);
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) await this.limits?.authFailed(req);
      throw err;
    }
    const createToken = req.headers['x-create-token'];
    await this.limits?.afterAuth(rateClass, this.auth.matrixToken(req) ?? (typeof createToken === 'string' ? createToken : null));
    const query = route.query ? validate(route.query, Object.fromEntries(url.searchParams)) : undefined;
    const body = await this.readBody(req, route.body);
    const reply = await route.handle({ req, url, params, id, grant, query, body } as RequestContext<BodySpec | undefined, BodyContract | undefined>);
    send(res, reply);
    return true;
  }

  private async readBody(req: IncomingMessage, spec: BodySpec | undefined): Promise<unknown> {
    if (!spec) return undefined;
    if ('raw' in spec) return readBody(req, spec.limit, spec.tooLarge);
    const value = spec.optional && !hasBody(req) ? {} : await readJson(req, spec.limit);
    return validate(spec.json, value);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if ('json' in reply) return sendJson(res, reply.status ?? 200, reply.json, reply.headers);
  res.writeHead(reply.status ?? 200, { ...reply.headers, 'content-length': reply.bytes.byteLength });
  res.end(reply.bytes);
}
