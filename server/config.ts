/** Configuration from environment variables and --flags (flags win). See README "Configuration". */
import path from 'node:path';
import { DEFAULT_MAX_PAYLOAD } from '../shared/protocol.ts';
import { DEFAULT_HTTP_LIMITS, DEFAULT_SECURITY, securityOptions, type Budget, type HttpLimits, type SecurityOptions } from './http/security-options.ts';
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './sync/limits.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  maxPayload: number;
  /** Needed (as a Bearer token) to create, import, restore and list matrices; null = anyone may. */
  createToken: string | null;
  /** Limits of the sync endpoint (server/sync/limits.ts). */
  syncLimits: SyncLimits;
}

function flag(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const inline = argv.find((a) => a.startsWith(prefix));
  if (inline) return inline.slice(prefix.length);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${value}").`);
  return n;
}

function secret(value: string | undefined, name: string): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 16 || /\s/.test(value))
    throw new Error(`${name} must be at least 16 characters, without spaces (e.g. the output of "openssl rand -base64 32").`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): Config {
  return {
    port: int(flag(argv, 'port') ?? env.PORT, 8080, 'PORT'),
    host: flag(argv, 'host') ?? env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(flag(argv, 'data-dir') ?? env.DATA_DIR ?? './data'),
    maxPayload: int(flag(argv, 'max-payload') ?? env.MAX_PAYLOAD, DEFAULT_MAX_PAYLOAD, 'MAX_PAYLOAD'),
    createToken: secret(flag(argv, 'create-token') ?? env.CREATE_TOKEN, 'CREATE_TOKEN'),
    syncLimits: readSyncLimits(env, argv),
  };
}

// ---------- HTTP perimeter: rate limits, snapshot quota, origins, proxy, demo links ----------
// (README "Security model — HTTP"; the defaults are in server/http/security-options.ts.)

export interface HttpConfig {
  security: SecurityOptions;
  /** Print the demo's links at start: true/false as configured, null = only when stdout is a terminal. */
  demoLinks: boolean | null;
}

function bool(argv: string[], name: string, envValue: string | undefined, envName: string): boolean | null {
  if (argv.includes(`--${name}`)) return true;
  if (argv.includes(`--no-${name}`)) return false;
  const value = flag(argv, name) ?? envValue;
  if (value === undefined || value === '') return null;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${envName} must be 1 or 0 (got "${value}").`);
}

function origins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      let origin: string;
      try {
        origin = new URL(s).origin;
      } catch {
        origin = 'null';
      }
      if (origin === 'null' || origin !== s.replace(/\/$/, '')) throw new Error(`ALLOWED_ORIGINS takes origins like https://grid.example.org (got "${s}").`);
      return origin;
    });
}

function frameAncestors(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return DEFAULT_SECURITY.frameAncestors;
  // It goes into the CSP header: one directive's sources, nothing that could end it.
  if (/[;,\r\n]/.test(value))
    throw new Error(`FRAME_ANCESTORS is a list of sources separated by spaces, e.g. "'self' https://intranet.example" (got "${value}").`);
  return value.trim();
}

export function readHttpConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): HttpConfig {
  const d = DEFAULT_HTTP_LIMITS;
  const budget = (name: string, envName: string, fallback: Budget): Budget => ({
    points: int(flag(argv, name) ?? env[envName], fallback.points, envName),
    seconds: fallback.seconds,
  });
  const limits: HttpLimits = {
    requestsPerIp: budget('rate-requests-per-min', 'RATE_REQUESTS_PER_MIN', d.requestsPerIp),
    readsPerIp: budget('rate-reads-per-min', 'RATE_READS_PER_MIN', d.readsPerIp),
    writesPerIp: budget('rate-writes-per-min', 'RATE_WRITES_PER_MIN', d.writesPerIp),
    authFailuresPerIp: budget('rate-auth-failures-per-10-min', 'RATE_AUTH_FAILURES_PER_10_MIN', d.authFailuresPerIp),
    createsPerIp: budget('rate-creates-per-10-min', 'RATE_CREATES_PER_10_MIN', d.createsPerIp),
    createsPerToken: budget('rate-creates-per-token-per-10-min', 'RATE_CREATES_PER_TOKEN_PER_10_MIN', d.createsPerToken),
    snapshotsPerMatrix: int(flag(argv, 'snapshots-per-matrix') ?? env.SNAPSHOTS_PER_MATRIX, d.snapshotsPerMatrix, 'SNAPSHOTS_PER_MATRIX'),
    snapshotBytesPerMatrix:
      int(flag(argv, 'snapshot-mib-per-matrix') ?? env.SNAPSHOT_MIB_PER_MATRIX, d.snapshotBytesPerMatrix / 1024 / 1024, 'SNAPSHOT_MIB_PER_MATRIX') *
      1024 *
      1024,
  };
  return {
    security: securityOptions({
      limits,
      trustProxy: bool(argv, 'trust-proxy', env.TRUST_PROXY, 'TRUST_PROXY') ?? false,
      allowedOrigins: origins(flag(argv, 'allowed-origins') ?? env.ALLOWED_ORIGINS),
      frameAncestors: frameAncestors(flag(argv, 'frame-ancestors') ?? env.FRAME_ANCESTORS),
    }),
    demoLinks: bool(argv, 'demo-links', env.DEMO_LINKS, 'DEMO_LINKS'),
  };
}

// ---------- sync limits (websocket side; README "Security model — sync") ----------

/** Each limit's variable: SYNC_<NAME> / --sync-<name>, e.g. SYNC_MAX_CONNECTIONS_PER_IP / --sync-max-connections-per-ip. */
export const SYNC_LIMIT_VARIABLES: Record<keyof SyncLimits, string> = {
  maxConnectionsPerIp: 'SYNC_MAX_CONNECTIONS_PER_IP',
  upgradesPerIpPerMinute: 'SYNC_UPGRADES_PER_IP_PER_MINUTE',
  failedAuthsPerIpPerMinute: 'SYNC_FAILED_AUTHS_PER_IP_PER_MINUTE',
  updatesPerSecond: 'SYNC_UPDATES_PER_SECOND',
  updateBurst: 'SYNC_UPDATE_BURST',
  updatesPerIpPerSecond: 'SYNC_UPDATES_PER_IP_PER_SECOND',
  updateBytesPerSecond: 'SYNC_UPDATE_BYTES_PER_SECOND',
  maxRateRejections: 'SYNC_MAX_RATE_REJECTIONS',
  maxBufferedBytes: 'SYNC_MAX_BUFFERED_BYTES',
  syncReplyIntervalMs: 'SYNC_REPLY_INTERVAL_MS',
  maxPendingBytes: 'SYNC_MAX_PENDING_BYTES',
  maxPendingUpdates: 'SYNC_MAX_PENDING_UPDATES',
  maxAwarenessIdsPerSocket: 'SYNC_MAX_AWARENESS_IDS_PER_SOCKET',
  quotaBytes: 'SYNC_QUOTA_BYTES',
};

function readSyncLimits(env: NodeJS.ProcessEnv, argv: string[]): SyncLimits {
  const limits = { ...DEFAULT_SYNC_LIMITS };
  for (const [key, variable] of Object.entries(SYNC_LIMIT_VARIABLES) as [keyof SyncLimits, string][]) {
    const name = variable.toLowerCase().replaceAll('_', '-');
    limits[key] = int(flag(argv, name) ?? env[variable], DEFAULT_SYNC_LIMITS[key], variable);
  }
  return limits;
}
