/**
 * Idle connections: the server's RSS at rest, then `connections` clients spread over rooms of
 * `perRoom` and over `workers` client processes (each spawned with a raised `ulimit -n`), held
 * idle for `holdSeconds`; then the RSS again, a websocket ping on every socket (answered by the
 * server's event loop), and how many sockets are still open on the socket they first synced on.
 */
import type { BenchServer } from './servers.ts';
import { startWorker } from './worker-process.ts';
import type { WorkerReply, WorkerRequest } from './idle-worker.ts';

export interface IdleResult {
  connections: number;
  restRss: number;
  rss: number;
  /** (RSS with the connections − RSS before them, rooms created) / connections. */
  perConnection: number;
  pongsSent: number;
  pongsAnswered: number;
  pongP99: number;
  held: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runIdle(
  server: BenchServer,
  { connections, perRoom = 50, workers = 2, holdSeconds }: { connections: number; perRoom?: number; workers?: number; holdSeconds: number },
): Promise<IdleResult> {
  await sleep(1000); // let start-up garbage settle
  const restRss = server.rss();
  const rooms: { room: string; token: string | null }[] = [];
  for (let r = 0; r < Math.ceil(connections / perRoom); r++) rooms.push(await server.newRoom(`idle ${r}`));
  const before = server.rss();
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker<WorkerRequest, WorkerReply>('bench/idle-worker.ts')));
  try {
    const share = Math.ceil(connections / workers);
    await Promise.all(
      pool.map((w, k) =>
        w.ask(
          {
            type: 'open',
            protocol: server.protocol,
            syncUrl: server.syncUrl,
            rooms,
            count: Math.min(share, connections - k * share),
            offset: k * share,
            wave: 250,
          },
          'opened',
        ),
      ),
    );
    await sleep(holdSeconds * 1000);
    const rss = server.rss();
    const pings = await Promise.all(pool.map((w) => w.ask({ type: 'ping' }, 'pinged')));
    const checks = await Promise.all(pool.map((w) => w.ask({ type: 'check' }, 'checked')));
    return {
      connections,
      restRss,
      rss,
      perConnection: (rss - before) / connections,
      pongsSent: pings.reduce((s, p) => s + p.sent, 0),
      pongsAnswered: pings.reduce((s, p) => s + p.answered, 0),
      pongP99: Math.max(...pings.map((p) => p.p99)),
      held: checks.reduce((s, c) => s + c.held, 0),
    };
  } finally {
    for (const w of pool) await w.stop({ type: 'close' });
  }
}
