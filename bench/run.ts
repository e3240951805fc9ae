/**
 * npm run bench — prints figures; never asserts timings. Ratios compare against a baseline
 * measured in the same run, because these machines are shared and noisy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFanout, startOurs, startReference, type FanoutResult } from './fanout.ts';
import { runLoad } from './load.ts';
import { runFlood } from './flood.ts';
import { runRender } from './render.ts';
import { ms } from './stats.ts';

process.setMaxListeners(200); // each y-websocket provider adds a process 'exit' listener
const only = process.argv[2];
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

async function fanout() {
  console.log(`\n(a) edit fan-out: 50 clients, 20 edits/s for ${seconds} s, latency from sender's edit to each other client`);
  const results: Record<'ours' | 'reference', FanoutResult[]> = { ours: [], reference: [] };
  // Alternate A/B twice so drift on a shared machine hits both.
  for (let round = 0; round < 2; round++) {
    for (const which of ['reference', 'ours'] as const) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-fanout-'));
      const server = which === 'ours' ? await startOurs(dataDir) : await startReference();
      try {
        const r = await runFanout(server.syncUrl, server.room, server.token, { seconds });
        results[which].push(r);
        console.log(`  round ${round + 1} ${which.padEnd(9)} p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  (${r.samples} deliveries)`);
      } finally {
        server.child.kill('SIGTERM');
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  const avg = (rs: FanoutResult[], k: 'p50' | 'p99') => rs.reduce((s, r) => s + r[k], 0) / rs.length;
  const [o50, o99, r50, r99] = [avg(results.ours, 'p50'), avg(results.ours, 'p99'), avg(results.reference, 'p50'), avg(results.reference, 'p99')];
  console.log(`  ours (persists every update): p50 ${ms(o50)}  p99 ${ms(o99)}`);
  console.log(`  reference @y/websocket-server@0.1.1 (memory only): p50 ${ms(r50)}  p99 ${ms(r99)}`);
  console.log(`  ratio ours/reference: p50 ${(o50 / r50).toFixed(2)}×  p99 ${(o99 / r99).toFixed(2)}×  (target p99 ≤ 1.00×)`);
}

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

async function flood() {
  const flooders = 10;
  console.log(`\n(d) flood from one address: ${flooders} editor sockets sending as fast as they can for ${seconds} s; a colleague's 20 edits/s timed`);
  for (const withFlood of [false, true]) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-flood-'));
    const server = await startOurs(dataDir);
    try {
      const r = await runFlood(server.syncUrl, server.room, server.token ?? '', { seconds, flooders: withFlood ? flooders : 0 });
      console.log(
        `  ${withFlood ? 'with the flood' : 'baseline     '}  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  (${r.samples} edits; target p99 < 100 ms)`,
      );
      if (withFlood) {
        const closes = [...r.closes].map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
        console.log(`  flood: ${r.floodSent} updates sent, ${r.floodApplied} applied; closes: ${closes}`);
      }
    } finally {
      server.child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const parts: Record<string, () => Promise<void>> = { fanout, load, render, flood };
for (const [name, run] of Object.entries(parts)) {
  if (only && only !== name) continue;
  await run();
}
process.exit(0);
