/**
 * The HTTP perimeter in one place: the hooks every request runs first (security headers, the
 * per-address request budget, the Origin check) and the limits the router applies per route.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log.ts';
import { securityHeadersHook } from './headers.ts';
import { originAllowed, originHook } from './origin.ts';
import { HttpRateLimits } from './rate-limit.ts';
import type { Hook } from './router.ts';
import type { SecurityOptions } from './security-options.ts';

export interface Perimeter {
  options: SecurityOptions;
  /** In this order: headers first, so that even a refusal carries them. */
  hooks: Hook[];
  limits: HttpRateLimits;
  /** For the websocket upgrade: is the page that opened it this server's own (or an allowed one)? */
  upgradeAllowed(req: IncomingMessage): boolean;
}

export function createPerimeter(options: SecurityOptions, log: Logger): Perimeter {
  const limits = new HttpRateLimits(options.limits, options.trustProxy, log);
  return {
    options,
    hooks: [securityHeadersHook(options.frameAncestors), limits.hook, originHook(options.allowedOrigins, options.trustProxy)],
    limits,
    upgradeAllowed: (req) => originAllowed(req, options.allowedOrigins, options.trustProxy),
  };
}
