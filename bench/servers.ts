/**
 * The servers the benches compare, each in its own child process as in production:
 * ours (dist-server/main.js as `npm start` runs it, every update fsync'd before it is relayed), the reference
 * @y/websocket-server@0.1.1 (memory only) and Hocuspocus 4.7 (memory only, or with its SQLite
 * extension). The file-descriptor limit is raised in the spawning shell (`ulimit -n`), never in
 * the server, so 10,000 sockets fit.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ShareTokens } from '../shared/access.ts';

export type ServerKind = 'ours' | 'reference' | 'hocuspocus-mem' | 'hocuspocus-sqlite' | 'null';
/** The servers compared by default (the peers of the summary). */
export const SERVER_KINDS: readonly ServerKind[] = ['ours', 'reference', 'hocuspocus-mem', 'hocuspocus-sqlite'];
/** Also `null` (bench/null-server.mjs), a floor rather than a peer: only with BENCH_SERVERS. */
export const ALL_SERVER_KINDS: readonly ServerKind[] = [...SERVER_KINDS, 'null'];
/** Which client library talks to a server: y-websocket 3.1 for ours and the reference, @hocuspocus/provider 4.8 for Hocuspocus. */
export type Protocol = 'y-websocket' | 'hocuspocus';

export interface BenchServer {
  kind: ServerKind;
  protocol: Protocol;
  child: ChildProcess;
  /** ws:// base URL; y-websocket appends `/<room>`. */
  syncUrl: string;
  /** A room clients may join: a new matrix on ours (with its editor token), a fresh name elsewhere. */
  newRoom(name: string): Promise<{ room: string; token: string | null }>;
  /** Resident set size of the server process, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** Soft fd limit for children: 10,000 sockets plus slack; capped by the hard limit in the shell. */
export const FD_LIMIT = 16_384;

/** `sh -c` script: raises the soft fd limit to FD_LIMIT (never lowers it; the hard limit caps it), then execs "$@". */
export const RAISE_FD_LIMIT = `n=$(ulimit -n); if [ "$n" != unlimited ] && [ "$n" -lt ${FD_LIMIT} ]; then ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; fi; exec "$@"`;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Children still running; killed if the bench exits early (a failed scenario must not leave servers behind). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Registers a child so an early exit of the bench kills it. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Spawns `node <cmd>` through sh so `ulimit -n` applies; `exec` keeps child.pid the node process. */
export async function startProcess(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = track(
    spawn('sh', ['-c', RAISE_FD_LIMIT, 'sh', process.execPath, ...cmd], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`process not ready: ${out}`)), 30_000).unref();
  });
}

export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function stopChild(child: ChildProcess, cleanup: () => void): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  cleanup();
}

/** Where the servers keep their data: BENCH_DATA_ROOT (e.g. /dev/shm, to see what fsync costs), else the temp dir. */
function tempDir(): string {
  return fs.mkdtempSync(path.join(process.env.BENCH_DATA_ROOT || os.tmpdir(), 'stance-grid-bench-'));
}

let serverBuilt = false;

/** Builds dist-server/ once per bench run (`npm run build:server`), so ours runs as `npm start` runs it: plain node, no tsx loader. */
function buildServer(): void {
  if (serverBuilt) return;
  execFileSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit' });
  serverBuilt = true;
}

/** The node arguments of `npm run serve` (what `npm start` runs after building), read from package.json so the two cannot drift. */
function serveArgs(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = (scripts.serve ?? '').split(/\s+/);
  if (node !== 'node' || args.length === 0) throw new Error(`package.json "serve" should be "node <flags> dist-server/main.js" (got "${scripts.serve}")`);
  return args;
}

/**
 * Every bench client comes from 127.0.0.1, while the per-address limits (README "Security model") are
 * sized for one workshop behind one NAT address: raised here, as a deployment behind a load generator
 * would, so the bench measures the server's work rather than its flood guard. The per-socket limits
 * stay at their defaults.
 */
const ONE_ADDRESS_BENCH_LIMITS: Record<string, string> = {
  SYNC_MAX_CONNECTIONS_PER_IP: '100000',
  SYNC_UPGRADES_PER_IP_PER_MINUTE: '1000000',
  SYNC_UPDATES_PER_IP_PER_SECOND: '1000000',
  RATE_REQUESTS_PER_MIN: '0',
  RATE_READS_PER_MIN: '0',
  RATE_WRITES_PER_MIN: '0',
  RATE_CREATES_PER_10_MIN: '0',
  RATE_CREATES_PER_TOKEN_PER_10_MIN: '0',
};

export async function startOurs(): Promise<BenchServer> {
  buildServer();
  const dataDir = tempDir();
  const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...ONE_ADDRESS_BENCH_LIMITS };
  // BENCH_OURS_NODE_FLAGS: more node flags for ours only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_OURS_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const { child, match } = await startProcess([...extra, ...serveArgs()], env, /running at (http:\/\/\S+?)\/?\n/);
  const url = match[1]!;
  return {
    kind: 'ours',
    protocol: 'y-websocket',
    child,
    syncUrl: url.replace(/^http/, 'ws') + '/sync',
    async newRoom(name) {
      const res = await fetch(`${url}/api/matrices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: name }),
      });
      if (res.status !== 201) throw new Error(`creating a bench matrix failed: ${res.status} ${await res.text()}`);
      const { id, tokens } = (await res.json()) as { id: string; tokens: ShareTokens };
      return { room: id, token: tokens.editor };
    },
    rss: () => rssOf(child.pid!),
    stop: () => stopChild(child, () => fs.rmSync(dataDir, { recursive: true, force: true })),
  };
}

function namedRooms(): BenchServer['newRoom'] {
  let n = 0;
  return async (name) => ({ room: `${name.replace(/\W+/g, '-')}-${n++}`, token: null });
}

/** A plain-node y-websocket server on a free port, rooms by name, no data dir: the reference, the null floor. */
async function startPlain(kind: 'reference' | 'null', script: string, ready: RegExp): Promise<BenchServer> {
  const port = await freePort();
  const { child } = await startProcess([script], { PORT: String(port), HOST: '127.0.0.1' }, ready);
  return {
    kind,
    protocol: 'y-websocket',
    child,
    syncUrl: `ws://127.0.0.1:${port}`,
    newRoom: namedRooms(),
    rss: () => rssOf(child.pid!),
    stop: () => stopChild(child, () => {}),
  };
}

export const startReference = () => startPlain('reference', 'node_modules/@y/websocket-server/src/server.js', /running at/);

/** The floor: a relay that keeps no document (bench/null-server.mjs). */
export const startNull = () => startPlain('null', 'bench/null-server.mjs', /null relay running at/);

export async function startHocuspocus({ sqlite }: { sqlite: boolean }): Promise<BenchServer> {
  const port = await freePort();
  const dir = sqlite ? tempDir() : null;
  const env: Record<string, string> = { PORT: String(port) };
  if (dir) env.HOCUSPOCUS_SQLITE = path.join(dir, 'hocuspocus.sqlite');
  const { child } = await startProcess(['bench/hocuspocus-server.mjs'], env, /hocuspocus running at/);
  return {
    kind: sqlite ? 'hocuspocus-sqlite' : 'hocuspocus-mem',
    protocol: 'hocuspocus',
    child,
    syncUrl: `ws://127.0.0.1:${port}`,
    newRoom: namedRooms(),
    rss: () => rssOf(child.pid!),
    stop: () => stopChild(child, () => dir && fs.rmSync(dir, { recursive: true, force: true })),
  };
}

export function startServer(kind: ServerKind): Promise<BenchServer> {
  switch (kind) {
    case 'ours':
      return startOurs();
    case 'reference':
      return startReference();
    case 'hocuspocus-mem':
      return startHocuspocus({ sqlite: false });
    case 'hocuspocus-sqlite':
      return startHocuspocus({ sqlite: true });
    case 'null':
      return startNull();
  }
}

/** Starts a server, runs `fn` against it, always stops it. */
export async function withServer<T>(kind: ServerKind, fn: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startServer(kind);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
