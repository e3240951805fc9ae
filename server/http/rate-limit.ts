/**
 * Flood limits over HTTP (rate-limiter-flexible, in memory): every request per client address;
 * per route class (read, write, create) per address; creates, imports, restores and snapshots
 * also per token presented; and answers 401 per address, past which that address is refused
 * outright for the window. A refusal is `429 rate-limited` with Retry-After.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../log.ts';
import { clientIp } from './client-ip.ts';
import { HttpError } from './respond.ts';
import type { Budget, HttpLimits } from './security-options.ts';

/** How a route counts: reads, writes, or creates (a write that also stores a matrix or a snapshot). */
export type RateClass = 'read' | 'write' | 'create';

const WHAT: Record<string, string> = {
  requestsPerIp: 'requests from your address',
  readsPerIp: 'requests from your address',
  writesPerIp: 'changes from your address',
  authFailuresPerIp: 'refused links or tokens from your address',
  createsPerIp: 'new matrices, imports and snapshots from your address',
  createsPerToken: 'new matrices, imports and snapshots with this link',
};

function rateLimited(name: string, msBeforeNext: number): HttpError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpError(429, 'rate-limited', `Too many ${WHAT[name] ?? 'requests'}; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
}

const tokenKey = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

export class HttpRateLimits {
  private limiters = new Map<keyof HttpLimits, RateLimiterMemory>();

  constructor(
    private limits: HttpLimits,
    private trustProxy: boolean,
    private log: Logger,
  ) {
    for (const [name, budget] of Object.entries(limits) as [keyof HttpLimits, Budget | number][]) {
      if (typeof budget === 'object' && budget.points > 0) {
        this.limiters.set(name, new RateLimiterMemory({ keyPrefix: name, points: budget.points, duration: budget.seconds }));
      }
    }
  }

  ip(req: IncomingMessage): string {
    return clientIp(req, this.trustProxy);
  }

  private async consume(name: keyof HttpLimits, key: string): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      // Once per window and key, so a flood does not flood the log too.
      // The address, never a token (a token's key is its hash; log only that it was one).
      if (res.consumedPoints === (this.limits[name] as Budget).points + 1)
        this.log.warn('rate limited', { limit: name, from: name === 'createsPerToken' ? 'a token' : key });
      throw rateLimited(name, res.msBeforeNext);
    }
  }

  /** Hook: every request, API or static. */
  hook = (req: IncomingMessage): Promise<void> => this.consume('requestsPerIp', this.ip(req));

  /** Before a route authorises: an address past its 401 budget is refused, then the route's class is counted. */
  async beforeRoute(req: IncomingMessage, rateClass: RateClass): Promise<void> {
    const ip = this.ip(req);
    const failures = this.limiters.get('authFailuresPerIp');
    const seen = failures ? await failures.get(ip) : null;
    if (seen && seen.consumedPoints >= this.limits.authFailuresPerIp.points) throw rateLimited('authFailuresPerIp', seen.msBeforeNext);
    await this.consume(rateClass === 'read' ? 'readsPerIp' : 'writesPerIp', ip);
    if (rateClass === 'create') await this.consume('createsPerIp', ip);
  }

  /** After a route authorised: creates are counted per token too (the share link's, or the create token). */
  async afterAuth(rateClass: RateClass, token: string | null): Promise<void> {
    if (rateClass === 'create' && token) await this.consume('createsPerToken', tokenKey(token));
  }

  /** A 401 was answered: count it against the address. */
  async authFailed(req: IncomingMessage): Promise<void> {
    await this.limiters
      .get('authFailuresPerIp')
      ?.consume(this.ip(req))
      .catch(() => undefined);
  }
}
