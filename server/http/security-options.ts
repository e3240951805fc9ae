/**
 * What the HTTP perimeter enforces, with defaults sized so that a 30-person workshop behind one
 * NAT address never meets a limit (README "Security model — HTTP"). Read from env/flags in
 * server/config.ts; tests pass their own.
 */

/** A budget: `points` requests per `seconds`. 0 points turns that limit off. */
export interface Budget {
  points: number;
  seconds: number;
}

export interface HttpLimits {
  /** Every HTTP request (API and static files) per client address. */
  requestsPerIp: Budget;
  /** GET/HEAD routes per client address. */
  readsPerIp: Budget;
  /** State-changing routes per client address. */
  writesPerIp: Budget;
  /** Answers 401 per client address; past it every API request from that address is refused for the window. */
  authFailuresPerIp: Budget;
  /** Creates, imports, restores and snapshots per client address… */
  createsPerIp: Budget;
  /** …and per token presented (a share link's or the create token). */
  createsPerToken: Budget;
  /** Snapshots kept per matrix, and their total stored bytes. */
  snapshotsPerMatrix: number;
  snapshotBytesPerMatrix: number;
}

export interface SecurityOptions {
  limits: HttpLimits;
  /** Take the client address from the last X-Forwarded-For entry (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Origins, besides the server's own, allowed on state-changing requests and websocket upgrades. */
  allowedOrigins: string[];
  /** CSP frame-ancestors sources; default 'none' (no site may frame the app). */
  frameAncestors: string;
  /** Lifetime of a single-use download link, in ms. */
  downloadLinkMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestsPerIp: { points: 6000, seconds: 60 },
  readsPerIp: { points: 3000, seconds: 60 },
  writesPerIp: { points: 600, seconds: 60 },
  authFailuresPerIp: { points: 200, seconds: 600 },
  createsPerIp: { points: 120, seconds: 600 },
  createsPerToken: { points: 120, seconds: 600 },
  snapshotsPerMatrix: 200,
  snapshotBytesPerMatrix: 100 * 1024 * 1024,
};

export const DEFAULT_SECURITY: SecurityOptions = {
  limits: DEFAULT_HTTP_LIMITS,
  trustProxy: false,
  allowedOrigins: [],
  frameAncestors: "'none'",
  downloadLinkMs: 60_000,
};

/** Defaults with `partial` on top (limits merged one by one). */
export function securityOptions(partial: Partial<Omit<SecurityOptions, 'limits'>> & { limits?: Partial<HttpLimits> } = {}): SecurityOptions {
  return { ...DEFAULT_SECURITY, ...partial, limits: { ...DEFAULT_HTTP_LIMITS, ...partial.limits } };
}
