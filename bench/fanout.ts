/**
 * Edit fan-out: `clients` clients in each of `rooms` rooms, each room receiving `rate` edits/s
 * (round-robin senders, the project's own model edits: setStance + setNote in one transaction).
 * Latency = time from the sender's transaction to each other client of its room observing it.
 * Clients live in the bench process, or with `processes` > 1 in that many worker processes, each
 * holding whole rooms (bench/fanout-worker.ts), so every latency is timed within one process. The
 * table prints the busiest client process's CPU so a client-bound run shows itself.
 */
import type * as Y from 'yjs';
import { addAxisItem, readAxis, setNote, setStance } from '../shared/matrix.ts';
import { DEFAULT_SCALE } from '../shared/scale.ts';
import { connect, waitUntil, type BenchClient } from './clients.ts';
import type { BenchServer, Protocol } from './servers.ts';
import { startWorker } from './worker-process.ts';
import { percentile } from './stats.ts';

export { benchProvider } from './clients.ts';
export { startProcess } from './servers.ts';

export interface FanoutResult {
  /** Aggregate edits/s across all rooms. */
  rate: number;
  samples: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  /**
   * The first delivery of each edit (whichever client saw it first), p50 and p99: the server and the
   * network; the rest of the spread is the receiving clients, one after the other in their process.
   */
  firstP50: number;
  firstP99: number;
  /** The busiest client process's CPU during the measurement, as a fraction of one core. */
  clientCpu: number;
  processes: number;
}

/** One process's raw measurement. */
export interface RawMeasure {
  latencies: number[];
  /** Per edit, the latency of its first delivery. */
  first: number[];
  expected: number;
  cpuMs: number;
  wallMs: number;
}

export interface RoomRef {
  room: string;
  token: string | null;
}

interface Room {
  clients: BenchClient[];
  parties: string[];
  issues: string[];
}

/** Connected rooms, ready to be measured at several rates (the ceiling steps reuse one set-up). */
export interface FanoutRig {
  measure(ratePerRoom: number, seconds: number, warmup?: number): Promise<FanoutResult>;
  close(): Promise<void>;
}

interface LocalRig {
  measure(ratePerRoom: number, seconds: number, warmup?: number): Promise<RawMeasure>;
  close(): void;
}

/** Clients for `refs` in this process (the bench itself or a fan-out worker). */
export async function setUpLocalRooms(protocol: Protocol, syncUrl: string, refs: RoomRef[], clients: number): Promise<LocalRig> {
  const rooms = refs.length;
  const sentAt = new Map<number, number>();
  let latencies: number[] = [];
  let first: number[] = [];
  const delivered = new Set<number>();
  let measuring = false;
  let firstMeasured = 0;
  const all: Room[] = [];
  const cells = rooms > 10 ? 3 : 10;
  for (const { room, token } of refs) {
    const members: BenchClient[] = [];
    for (let n = 0; n < clients; n++) {
      const client = connect(protocol, syncUrl, room, token);
      const notes = client.doc.getMap<string>('notes');
      notes.observe((event, tx) => {
        if (tx.local || !measuring) return;
        for (const key of event.keysChanged) {
          const m = /^bench (\d+)$/.exec(notes.get(key) ?? '');
          const n = m ? Number(m[1]) : -1;
          // Edits made during the warm-up but delivered after it do not count.
          const t0 = n >= firstMeasured ? sentAt.get(n) : undefined;
          if (t0 === undefined) continue;
          const latency = performance.now() - t0;
          latencies.push(latency);
          if (!delivered.has(n)) {
            delivered.add(n);
            first.push(latency);
          }
        }
      });
      members.push(client);
    }
    all.push({ clients: members, parties: [], issues: [] });
  }
  const everyone = all.flatMap((r) => r.clients);
  await waitUntil(() => everyone.every((c) => c.isSynced()), 60_000, 'all fan-out clients to sync');
  for (const room of all) {
    const first = room.clients[0]!.doc;
    room.parties = Array.from({ length: cells }, (_, n) => addAxisItem(first, 'parties', { name: `Party ${n}` }));
    room.issues = Array.from({ length: cells }, (_, n) => addAxisItem(first, 'issues', { name: `Issue ${n}` }));
  }
  await waitUntil(() => all.every((r) => r.clients.every((c) => readAxis(c.doc, 'issues').length === cells)), 60_000, 'the axes to reach every client');

  let seq = 0;
  const edit = (k: number) => {
    const room = all[k % rooms]!;
    const turn = Math.floor(k / rooms);
    const doc: Y.Doc = room.clients[turn % clients]!.doc;
    const p = room.parties[turn % cells]!;
    const i = room.issues[Math.floor(turn / cells) % cells]!;
    const n = seq++;
    sentAt.set(n, performance.now());
    doc.transact(() => {
      setStance(doc, p, i, DEFAULT_SCALE[n % 7]!.id);
      setNote(doc, p, i, `bench ${n}`);
    });
  };

  return {
    async measure(ratePerRoom, seconds, warmup = 1) {
      const rate = ratePerRoom * rooms;
      latencies = [];
      first = [];
      delivered.clear();
      sentAt.clear();
      const total = Math.round((warmup + seconds) * rate);
      const warm = Math.round(warmup * rate);
      const start = performance.now();
      let cpu0 = process.cpuUsage();
      let t0 = start;
      let k = 0;
      // Issue every edit that is due, then yield; a late loop catches up instead of drifting.
      while (k < total) {
        const now = performance.now();
        while (k < total && start + (k * 1000) / rate <= now) {
          if (k === warm) {
            measuring = true;
            firstMeasured = seq;
            cpu0 = process.cpuUsage();
            t0 = performance.now();
          }
          edit(k++);
        }
        const next = start + (k * 1000) / rate - performance.now();
        await new Promise((r) => setTimeout(r, Math.max(0, next)));
      }
      const expected = (total - warm) * (clients - 1);
      await waitUntil(() => latencies.length >= expected, 10_000).catch(() => {});
      const cpu = process.cpuUsage(cpu0);
      measuring = false;
      return { latencies, first, expected, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
    },
    close() {
      for (const c of everyone) c.destroy();
    },
  };
}

function summarise(rate: number, raws: RawMeasure[]): FanoutResult {
  const sorted = raws.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const first = raws.flatMap((r) => r.first).sort((a, b) => a - b);
  return {
    rate,
    samples: sorted.length,
    expected: raws.reduce((s, r) => s + r.expected, 0),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    firstP50: percentile(first, 50),
    firstP99: percentile(first, 99),
    clientCpu: Math.max(...raws.map((r) => r.cpuMs / r.wallMs)),
    processes: raws.length,
  };
}

/**
 * Rooms on `server`, their clients in this process, or spread over `processes` worker processes
 * (whole rooms each; more processes than rooms would leave some idle, so it is capped).
 */
export async function setUpFanout(server: BenchServer, { rooms = 1, clients = 50, processes = 1 } = {}): Promise<FanoutRig> {
  const refs: RoomRef[] = [];
  for (let r = 0; r < rooms; r++) refs.push(await server.newRoom(`fan-out ${r}`));
  const workers = Math.min(processes, rooms);
  if (workers <= 1) {
    const local = await setUpLocalRooms(server.protocol, server.syncUrl, refs, clients);
    return {
      measure: async (ratePerRoom, seconds, warmup) => summarise(ratePerRoom * rooms, [await local.measure(ratePerRoom, seconds, warmup)]),
      close: async () => local.close(),
    };
  }
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker<FanoutRequest, FanoutReply>('bench/fanout-worker.ts')));
  try {
    await Promise.all(
      pool.map((w, k) =>
        w.ask({ type: 'setup', protocol: server.protocol, syncUrl: server.syncUrl, rooms: refs.filter((_, r) => r % workers === k), clients }, 'ready'),
      ),
    );
  } catch (err) {
    for (const w of pool) await w.stop({ type: 'close' });
    throw err;
  }
  return {
    async measure(ratePerRoom, seconds, warmup = 1) {
      const raws = await Promise.all(pool.map((w) => w.ask({ type: 'measure', ratePerRoom, seconds, warmup }, 'measured')));
      return summarise(ratePerRoom * rooms, raws);
    },
    async close() {
      for (const w of pool) await w.stop({ type: 'close' });
    },
  };
}

export async function runFanout(server: BenchServer, { rooms = 1, clients = 50, rate = 20, seconds = 10, processes = 1 } = {}): Promise<FanoutResult> {
  const rig = await setUpFanout(server, { rooms, clients, processes });
  try {
    return await rig.measure(rate, seconds);
  } finally {
    await rig.close();
  }
}

/** The IPC messages of bench/fanout-worker.ts (kept here, so the worker depends on this module and not the reverse). */
export type FanoutRequest =
  | { type: 'setup'; protocol: Protocol; syncUrl: string; rooms: RoomRef[]; clients: number }
  | { type: 'measure'; ratePerRoom: number; seconds: number; warmup: number }
  | { type: 'close' };

export type FanoutReply = { type: 'ready' } | ({ type: 'measured' } & RawMeasure) | { type: 'error'; message: string };
