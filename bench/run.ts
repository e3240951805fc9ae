/**
 * npm run bench — prints figures; never asserts timings. Ratios compare against peers measured in
 * the same run (alternating order), because these machines are shared and noisy.
 * `npx tsx bench/run.ts <name> [<name>…]` runs only those scenarios; knobs: see bench/options.ts.
 */
import { compareCeiling, compareFanout } from './compare-fanout.ts';
import { compareIdleMemory, compareManyIdle, compareStorm } from './compare-joins.ts';
import { runLoad } from './load.ts';
import { describeMachine } from './machine.ts';
import { clientProcesses, holdSeconds, rounds, scaled, seconds, servers } from './options.ts';
import { printSummary } from './report.ts';
import { runFlood } from './flood.ts';
import { runImportOutage } from './import-outage.ts';
import { withServer } from './servers.ts';
import { runRender } from './render.ts';
import { runTwoPages, type Delays } from './two-pages.ts';
import { ms } from './stats.ts';
import { runCommitStalls } from './commit-stalls.ts';

process.setMaxListeners(0); // each y-websocket provider adds a process 'exit' listener

async function load() {
  console.log('\n(b) cold load of a 60 × 80 matrix, two sources per cell, from SQLite');
  const r = await runLoad();
  console.log(`  stored state: ${(r.bytes / 1024 / 1024).toFixed(2)} MiB`);
  console.log(`  baseline, Y.applyUpdate of the stored bytes into a bare doc: ${ms(r.baseline)} (median of ${r.runs})`);
  console.log(`  server start → first client holds the whole matrix: ${ms(r.full)} (median of ${r.runs}; target < 300 ms)`);
  console.log(`  ratio: ${(r.full / r.baseline).toFixed(2)}× the bare decode`);
}

async function render() {
  console.log('\n(c) Chromium: first render of the 60 × 80 grid, and remote stance change → repainted cell');
  const r = await runRender();
  console.log(`  baseline, a static 60 × 80 HTML table in the same browser: ${ms(r.baselineRender)}`);
  console.log(
    `  first render of the grid (navigation → all visible cells painted): ${ms(r.firstRender)} (target < 1000 ms; ${(r.firstRender / r.baselineRender).toFixed(2)}× the static table)`,
  );
  console.log(
    `  remote stance change → cell repainted: p50 ${ms(r.repaintP50)}  p90 ${ms(r.repaintP90)}  max ${ms(r.repaintMax)} over ${r.repaints} changes (target < 50 ms)`,
  );
}

async function pages() {
  console.log("\n(d) Chromium, two pages on the demo: a key in one page → the change in the other page's DOM");
  const { outline, spotlight } = await runTwoPages();
  const line = (d: Delays) => `p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  max ${ms(d.max)} over ${d.samples} steps`;
  console.log(`  arrow key → remote selection outline: ${line(outline)}`);
  console.log(`  facilitator's arrow key in present mode → following viewer's spotlight: ${line(spotlight)}`);
}

async function flood() {
  const flooders = 10;
  console.log(`\n(e) flood from one address: ${flooders} editor sockets sending as fast as they can for ${seconds} s; a colleague's 20 edits/s timed`);
  for (const withFlood of [false, true]) {
    await withServer('ours', async (server) => {
      const { room, token } = await server.newRoom('flood');
      const r = await runFlood(server.syncUrl, room, token ?? '', { seconds, flooders: withFlood ? flooders : 0 });
      console.log(
        `  ${withFlood ? 'with the flood' : 'baseline     '}  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  (${r.samples} edits; target p99 < 100 ms)`,
      );
      if (withFlood) {
        const closes = [...r.closes].map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
        console.log(`  flood: ${r.floodSent} updates sent, ${r.floodApplied} applied; closes: ${closes}`);
      }
    });
  }
}

async function commitStalls() {
  console.log(
    `\n(f) commit stalls: ${seconds} s of single-update commits over 100 matrices (~400/s), WAL checkpoints in the commit (SQLite's) vs in a worker (ours)`,
  );
  for (let round = 0; round < rounds; round++) {
    for (const offLoop of round % 2 === 0 ? [false, true] : [true, false]) {
      const r = await runCommitStalls({ offLoop, seconds });
      console.log(
        `  round ${round + 1} ${offLoop ? 'checkpoint worker ' : 'in the commit     '} ${r.commits} commits  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  p99.9 ${ms(r.p999)}  max ${ms(r.max)}  over 5 ms: ${r.over5}  with a checkpoint: ${r.checkpointed} (p50 ${ms(r.checkpointedP50)})`,
      );
    }
  }
}

/** Named scenarios, run in this order; `npx tsx bench/run.ts <name> [<name>…]` runs only those. */
const scenarios: { name: string; run: () => Promise<void> }[] = [
  { name: 'fanout', run: () => compareFanout('fan-out 1×50', { rooms: 1, clients: scaled(50), rate: 20, processes: 1 }) },
  { name: 'fanout-200', run: () => compareFanout('fan-out 1×200', { rooms: 1, clients: scaled(200), rate: 5, processes: 1 }) },
  { name: 'fanout-rooms', run: () => compareFanout('fan-out 100×5', { rooms: scaled(100), clients: 5, rate: 2, processes: clientProcesses }) },
  { name: 'ceiling', run: () => compareCeiling('ceiling 100 rooms', { rooms: scaled(100), clients: 5, processes: clientProcesses, startRate: 50 }) },
  { name: 'storm', run: () => compareStorm('join storm', scaled(200)) },
  { name: 'idle-memory', run: () => compareIdleMemory('idle 2,000', scaled(2000, 50), seconds) },
  { name: 'idle-10k', run: () => compareManyIdle('idle 10,000', scaled(10_000, 50), holdSeconds) },
  { name: 'load', run: load },
  { name: 'render', run: render },
  { name: 'pages', run: pages },
  { name: 'flood', run: flood },
  { name: 'import-outage', run: runImportOutage },
  { name: 'commit-stalls', run: commitStalls },
];

const only = process.argv.slice(2);
for (const name of only) {
  if (scenarios.some((s) => s.name === name)) continue;
  console.error(`unknown scenario "${name}"; one of: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
console.log(describeMachine());
console.log(`bench: ${seconds} s per measurement; servers: ${servers.join(', ')}`);
console.log(
  '  ours fsyncs every update before relaying it; reference and hocuspocus-mem keep nothing; hocuspocus-sqlite stores after a 2 s debounce (at most 10 s), so a crash loses the edits since',
);
for (const s of scenarios) if (only.length === 0 || only.includes(s.name)) await s.run();
printSummary();
process.exit(0);
