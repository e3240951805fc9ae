/** Configuration from environment variables and --flags (flags win). See README "Configuration". */
import path from 'node:path';
import { DEFAULT_MAX_PAYLOAD } from '../shared/protocol.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  maxPayload: number;
  /** Needed (as a Bearer token) to create, import, restore and list matrices; null = anyone may. */
  createToken: string | null;
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
  };
}
