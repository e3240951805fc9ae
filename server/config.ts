/** Configuration from environment variables and --flags (flags win). See README "Configuration". */
import path from 'node:path';
import { DEFAULT_MAX_PAYLOAD } from '../shared/protocol.ts';
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
