/** The join storm and the idle-connection scenarios, comparing every server in one run. */
import { runIdle, type IdleResult } from './idle.ts';
import { inRounds, order, rounds, servers } from './options.ts';
import { fmt, record, scenarioTable, type Values } from './report.ts';
import { withServer, type ServerKind } from './servers.ts';
import { runStorm } from './storm.ts';
import { mean } from './stats.ts';

const KB = 1024;
const MB = 1024 * 1024;

export async function compareStorm(label: string, joiners: number): Promise<void> {
  console.log(`\n${label}: ${joiners} clients join a demo-sized room at once; an edit is made when a quarter have synced, ${rounds} rounds`);
  const results = await inRounds(
    (server) => runStorm(server, joiners),
    (r) => `all synced ${fmt(r.allSynced, 'ms')}  storm edit: median ${fmt(r.editMedian, 'ms')}  worst ${fmt(r.editWorst, 'ms')}`,
  );
  const synced: Values = {};
  const worst: Values = {};
  const rows: Partial<Record<ServerKind, string[]>> = {};
  for (const kind of servers) {
    const rs = results[kind]!;
    synced[kind] = mean(rs.map((r) => r.allSynced));
    worst[kind] = mean(rs.map((r) => r.editWorst));
    rows[kind] = [
      fmt(synced[kind], 'ms'),
      fmt(mean(rs.map((r) => r.editMedian)), 'ms'),
      fmt(worst[kind], 'ms'),
      `${Math.round(mean(rs.map((r) => r.clientCpu)) * 100)} %`,
    ];
  }
  console.log(scenarioTable(['all synced', 'edit median', 'edit worst', 'client CPU'], rows, { values: synced, better: 'lower' }));
  console.log('  (ours/x: all-synced ratio; the joiners share this process, so a client CPU near 100 % slows every server alike)');
  record({
    scenario: `${label}: all synced`,
    values: synced,
    unit: 'ms',
    better: 'lower',
    target: '≤ 0.5× ref',
    meetsTarget: (v) => v.ours! <= 0.5 * v.reference!,
  });
  record({ scenario: `${label}: edit worst`, values: worst, unit: 'ms', better: 'lower', target: '≤ 50 ms', meetsTarget: (v) => v.ours! <= 50 });
}

/** One pass per server (memory drifts little); the order still alternates with the scenario's index. */
async function idleRuns(connections: number, holdSeconds: number): Promise<Partial<Record<ServerKind, IdleResult>>> {
  const results: Partial<Record<ServerKind, IdleResult>> = {};
  for (const kind of order(0)) {
    const r = await withServer(kind, (server) => runIdle(server, { connections, holdSeconds }));
    results[kind] = r;
    console.log(
      `  ${kind.padEnd(17)} at rest ${fmt(r.restRss / MB, 'MB')}  with ${r.connections}: ${fmt(r.rss / MB, 'MB')}  per connection ${fmt(r.perConnection / KB, 'KB')}  pongs ${r.pongsAnswered}/${r.pongsSent} (p99 ${fmt(r.pongP99, 'ms')})  held ${r.held}/${r.connections}`,
    );
  }
  return results;
}

export async function compareIdleMemory(label: string, connections: number, holdSeconds: number): Promise<void> {
  console.log(`\n${label}: server RSS at rest, then ${connections} idle clients (rooms of 50, 2 client processes) held ${holdSeconds} s`);
  const results = await idleRuns(connections, holdSeconds);
  const perConn: Values = {};
  const rest: Values = {};
  const rows: Partial<Record<ServerKind, string[]>> = {};
  for (const kind of servers) {
    const r = results[kind]!;
    perConn[kind] = r.perConnection / KB;
    rest[kind] = r.restRss / MB;
    rows[kind] = [fmt(rest[kind], 'MB'), fmt(r.rss / MB, 'MB'), fmt(perConn[kind], 'KB'), `${r.held}/${r.connections}`];
  }
  console.log(scenarioTable(['RSS at rest', `RSS with ${connections}`, 'per connection', 'held'], rows, { values: perConn, better: 'lower' }));
  console.log('  (ours/x: per-connection ratio; ours runs as `npm start` does: the bundled server on node, young generation capped at 4 MB)');
  record({
    scenario: `${label}: per connection`,
    values: perConn,
    unit: 'KB',
    better: 'lower',
    target: '≤ ref, ≤ 11 KB',
    meetsTarget: (v) => v.ours! <= v.reference! && v.ours! <= 11,
  });
  record({ scenario: 'server RSS at rest', values: rest, unit: 'MB', better: 'lower', target: '≤ 70 MB', meetsTarget: (v) => v.ours! <= 70 });
}

export async function compareManyIdle(label: string, connections: number, holdSeconds: number): Promise<void> {
  console.log(
    `\n${label}: ${connections} idle clients in one server process (rooms of 50, 2 client processes, ulimit -n raised there), held ${holdSeconds} s, then a ping on every socket`,
  );
  const results = await idleRuns(connections, holdSeconds);
  const held: Values = {};
  const rows: Partial<Record<ServerKind, string[]>> = {};
  for (const kind of servers) {
    const r = results[kind]!;
    // A connection counts when it is still on its first socket and answered the ping.
    held[kind] = Math.min(r.held, r.pongsAnswered);
    rows[kind] = [
      `${r.held}/${r.connections}`,
      `${r.pongsAnswered}/${r.pongsSent}`,
      fmt(r.pongP99, 'ms'),
      fmt(r.rss / MB, 'MB'),
      fmt(r.perConnection / KB, 'KB'),
    ];
  }
  console.log(scenarioTable(['held', 'pongs', 'pong p99', 'server RSS', 'per connection'], rows, { values: held, better: 'higher' }));
  record({
    scenario: `${label}: held + answered`,
    values: held,
    unit: 'count',
    better: 'higher',
    target: `all ${connections}`,
    meetsTarget: (v) => v.ours! >= connections,
  });
}
