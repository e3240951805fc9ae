/**
 * Bench knobs from the environment, so a shared machine can run short smoke versions:
 * BENCH_SECONDS (per measurement, default 10), BENCH_ROUNDS (A/B/C/D rounds, default 2),
 * BENCH_SCALE (multiplies client and connection counts, default 1), BENCH_SERVERS (comma list,
 * default all four peers; ours is always included; `null`, the floor of bench/null-server.mjs, only when named), BENCH_HOLD_SECONDS (how long the 10,000 idle
 * connections are held, default 35: longer than the 30 s server ping of ours and the reference),
 * BENCH_CLIENT_PROCESSES (worker processes for the multi-room fan-out clients, default 2).
 */
import { ALL_SERVER_KINDS, SERVER_KINDS, withServer, type BenchServer, type ServerKind } from './servers.ts';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}").`);
  return n;
}

export const seconds = num('BENCH_SECONDS', 10);
export const rounds = Math.round(num('BENCH_ROUNDS', 2));
export const scale = num('BENCH_SCALE', 1);
export const holdSeconds = num('BENCH_HOLD_SECONDS', 35);
/** Client worker processes for the multi-room fan-out scenarios (whole rooms each); 1 keeps clients in the bench process. */
export const clientProcesses = Math.round(num('BENCH_CLIENT_PROCESSES', 2));

/** A count scaled by BENCH_SCALE, at least `min`. */
export const scaled = (n: number, min = 2) => Math.max(min, Math.round(n * scale));

export const servers: ServerKind[] = (() => {
  const raw = process.env.BENCH_SERVERS;
  if (!raw) return [...SERVER_KINDS];
  const picked = raw.split(',').map((s) => s.trim());
  for (const p of picked)
    if (!ALL_SERVER_KINDS.includes(p as ServerKind)) throw new Error(`BENCH_SERVERS: unknown server "${p}" (${ALL_SERVER_KINDS.join(', ')})`);
  return ALL_SERVER_KINDS.filter((k) => k === 'ours' || picked.includes(k));
})();

/** Round r's order: forwards on even rounds, backwards on odd ones, so drift hits every server alike. */
export function order(round: number): ServerKind[] {
  return round % 2 === 0 ? [...servers] : [...servers].reverse();
}

/**
 * Runs `run` on each server (a fresh one each time), `rounds` times in alternating order, and
 * logs `line` of each result after its round and server; the results by server.
 */
export async function inRounds<R>(run: (server: BenchServer) => Promise<R>, line: (r: R) => string): Promise<Partial<Record<ServerKind, R[]>>> {
  const results: Partial<Record<ServerKind, R[]>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const kind of order(round)) {
      const r = await withServer(kind, run);
      (results[kind] ??= []).push(r);
      console.log(`  round ${round + 1} ${kind.padEnd(17)} ${line(r)}`);
    }
  }
  return results;
}
