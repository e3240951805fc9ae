/**
 * The fan-out scenarios and the throughput ceiling, each comparing every server in one run,
 * alternating the order between rounds.
 */
import { runFanout, setUpFanout, type FanoutRig } from './fanout.ts';
import { inRounds, order, rounds, seconds, servers } from './options.ts';
import { mean } from './stats.ts';
import { fmt, record, scenarioTable, type Values } from './report.ts';
import { startServer, type BenchServer, type ServerKind } from './servers.ts';

const pct = (n: number) => `${Math.round(n * 100)} %`;
const where = (processes: number, rooms: number) =>
  Math.min(processes, rooms) > 1 ? `clients in ${Math.min(processes, rooms)} worker processes (whole rooms each)` : 'clients in the bench process';

export async function compareFanout(label: string, opts: { rooms: number; clients: number; rate: number; processes: number }): Promise<void> {
  const total = opts.rooms * opts.rate;
  console.log(
    `\n${label}: ${opts.rooms} room(s) × ${opts.clients} clients, ${opts.rate} edits/s per room (${total}/s in all), ${seconds} s × ${rounds} rounds, ${where(opts.processes, opts.rooms)}`,
  );
  const results = await inRounds(
    (server) => runFanout(server, { ...opts, seconds }),
    (r) => {
      const missing = r.expected - r.samples;
      return `p50 ${fmt(r.p50, 'ms')}  p99 ${fmt(r.p99, 'ms')}  max ${fmt(r.max, 'ms')}  first delivery p50 ${fmt(r.firstP50, 'ms')} p99 ${fmt(r.firstP99, 'ms')}  ${r.samples} deliveries${missing > 0 ? ` (${missing} MISSING)` : ''}  client CPU ${pct(r.clientCpu)}`;
    },
  );
  const p50: Values = {};
  const p99: Values = {};
  const rows: Partial<Record<ServerKind, string[]>> = {};
  for (const kind of servers) {
    const rs = results[kind]!;
    p50[kind] = mean(rs.map((r) => r.p50));
    p99[kind] = mean(rs.map((r) => r.p99));
    const lost = rs.reduce((s, r) => s + r.expected - r.samples, 0);
    rows[kind] = [
      fmt(p50[kind], 'ms'),
      fmt(p99[kind], 'ms'),
      fmt(Math.max(...rs.map((r) => r.max)), 'ms'),
      String(lost),
      pct(mean(rs.map((r) => r.clientCpu))),
    ];
  }
  console.log(scenarioTable(['p50', 'p99', 'max', 'missing', 'client CPU'], rows, { values: p99, better: 'lower' }));
  console.log('  (ours/x: p99 ratio; client CPU is the busiest client process; near 100 % means the clients, not the server, set the pace)');
  record({ scenario: `${label} p50`, values: p50, unit: 'ms', better: 'lower', target: 'beat peers', meetsTarget: () => true });
  record({ scenario: `${label} p99`, values: p99, unit: 'ms', better: 'lower', target: '≤ 0.8× ref', meetsTarget: (v) => v.ours! <= 0.8 * v.reference! });
}

/**
 * Throughput ceiling: 100 rooms × 5 clients, the aggregate edit rate raised ×1.5 each step while a
 * server's p99 stays under 50 ms with nothing missing. All servers stay up with their clients
 * connected; each step measures them in turn (order alternating), so drift hits all.
 */
export async function compareCeiling(
  label: string,
  {
    rooms,
    clients,
    processes,
    startRate,
    factor = 1.5,
    limitMs = 50,
    maxSteps = 14,
  }: { rooms: number; clients: number; processes: number; startRate: number; factor?: number; limitMs?: number; maxSteps?: number },
): Promise<void> {
  console.log(
    `\n${label}: ${rooms} rooms × ${clients} clients, aggregate rate ×${factor} per step from ${startRate}/s while p99 < ${limitMs} ms, ${seconds} s per step, ${where(processes, rooms)}`,
  );
  const rigs = new Map<ServerKind, { server: BenchServer; rig: FanoutRig }>();
  const ceiling: Values = {};
  const lastP99: Partial<Record<ServerKind, number>> = {};
  try {
    for (const kind of servers) {
      const server = await startServer(kind);
      rigs.set(kind, { server, rig: await setUpFanout(server, { rooms, clients, processes }) });
      ceiling[kind] = 0;
    }
    let rate = startRate;
    for (let step = 0; step < maxSteps && rigs.size > 0; step++, rate = Math.round(rate * factor)) {
      for (const kind of order(step)) {
        const entry = rigs.get(kind);
        if (!entry) continue;
        const r = await entry.rig.measure(rate / rooms, seconds);
        const ok = r.p99 < limitMs && r.samples >= r.expected;
        console.log(
          `  ${String(rate).padStart(5)}/s ${kind.padEnd(17)} p50 ${fmt(r.p50, 'ms')}  p99 ${fmt(r.p99, 'ms')}  ${r.expected - r.samples} missing  client CPU ${pct(r.clientCpu)}  ${ok ? 'ok' : 'over'}`,
        );
        if (ok) {
          ceiling[kind] = rate;
          lastP99[kind] = r.p99;
        } else {
          await entry.rig.close();
          await entry.server.stop();
          rigs.delete(kind);
        }
      }
    }
  } finally {
    for (const { server, rig } of rigs.values()) {
      await rig.close();
      await server.stop();
    }
  }
  const rows: Partial<Record<ServerKind, string[]>> = {};
  for (const kind of servers) rows[kind] = [fmt(ceiling[kind], 'edits/s'), fmt(lastP99[kind], 'ms')];
  console.log(scenarioTable(['ceiling', 'p99 there'], rows, { values: ceiling, better: 'higher' }));
  console.log(`  (a ceiling is the last step passed, so within ×${factor} of the true one; a client CPU near 100 % caps every server alike)`);
  record({ scenario: label, values: ceiling, unit: 'edits/s', better: 'higher', target: '≥ ref', meetsTarget: (v) => v.ours! > 0 && v.ours! >= v.reference! });
}
