/**
 * Client worker for the idle-connection benches, spawned (with a raised `ulimit -n`) by
 * bench/idle.ts so thousands of clients spread over processes. Talks over the IPC channel:
 * open → opens clients round-robin over the rooms, in waves, each wave waiting for its syncs,
 * then for this process to go quiet;
 * ping → a websocket ping on every socket, timing the pongs; check → sockets still open on the
 * socket they synced on (a drop or reconnect would change it); close → exits.
 */
import type WebSocket from 'ws';
import { connect, waitUntil, type BenchClient } from './clients.ts';
import type { Protocol } from './servers.ts';
import { percentile } from './stats.ts';

export type WorkerRequest =
  | { type: 'open'; protocol: Protocol; syncUrl: string; rooms: { room: string; token: string | null }[]; count: number; offset: number; wave: number }
  | { type: 'ping' }
  | { type: 'check' }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'opened'; synced: number }
  | { type: 'pinged'; sent: number; answered: number; p50: number; p99: number; max: number }
  | { type: 'checked'; held: number }
  | { type: 'error'; message: string };

process.setMaxListeners(0);
const clients: BenchClient[] = [];
const firstSocket = new Map<BenchClient, WebSocket | null>();
const reply = (m: WorkerReply) => process.send!(m);

async function open(req: Extract<WorkerRequest, { type: 'open' }>) {
  for (let done = 0; done < req.count; done += req.wave) {
    const wave: BenchClient[] = [];
    for (let n = done; n < Math.min(req.count, done + req.wave); n++) {
      const { room, token } = req.rooms[(req.offset + n) % req.rooms.length]!;
      wave.push(connect(req.protocol, req.syncUrl, room, token));
    }
    await waitUntil(() => wave.every((c) => c.isSynced()), 120_000, 'a wave of idle clients to sync');
    for (const c of wave) firstSocket.set(c, c.socket());
    clients.push(...wave);
  }
  await settle();
  reply({ type: 'opened', synced: clients.length });
}

/**
 * Waits until this process has caught up with the joins' awareness broadcasts (every join reaches
 * every other client of its room): timers firing on time for a whole second, or 60 s at most.
 * Otherwise the pings would time this process's backlog, not the server.
 */
async function settle() {
  const deadline = Date.now() + 60_000;
  let calm = 0;
  while (calm < 20 && Date.now() < deadline) {
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    calm = performance.now() - t0 < 70 ? calm + 1 : 0;
  }
}

async function ping() {
  const times: number[] = [];
  let sent = 0;
  for (const c of clients) {
    const ws = c.socket();
    if (!ws || ws.readyState !== 1) continue;
    const t0 = performance.now();
    ws.once('pong', () => times.push(performance.now() - t0));
    ws.ping();
    sent++;
  }
  await waitUntil(() => times.length === sent, 10_000).catch(() => {});
  const sorted = times.sort((a, b) => a - b);
  reply({ type: 'pinged', sent, answered: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN });
}

process.on('message', (req: WorkerRequest) => {
  const run = async () => {
    if (req.type === 'open') await open(req);
    else if (req.type === 'ping') await ping();
    else if (req.type === 'check') {
      const held = clients.filter((c) => c.socket() === firstSocket.get(c) && c.socket()?.readyState === 1).length;
      reply({ type: 'checked', held });
    } else {
      for (const c of clients) c.destroy();
      process.exit(0);
    }
  };
  run().catch((err: unknown) => reply({ type: 'error', message: String(err) }));
});
process.send!({ type: 'ready' });
