/**
 * Issue 12, item 1 as figures (prints only, never asserts): the issue's 100,000-row CSV and a
 * 20,000-row long-form CSV at the limit, posted to /api/import of a server in this process,
 * while /healthz is polled. Prints each answer's slowest time, the event-loop delay
 * (perf_hooks.monitorEventLoopDelay) and the peak RSS. Run: `npx tsx bench/import-outage.ts`
 * (or wire `runImportOutage` into bench/run.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from '../server/server.ts';
import { memoryLogger } from '../server/log.ts';
import { describeResponsiveness, probeWhile } from '../test/utils/responsiveness.ts';

const grid = (rows: number) => ['Party,Issue One,Issue Two', ...Array.from({ length: rows }, (_, i) => `Party ${i},Supports,-2`)].join('\n') + '\n';
const longForm = (parties: number, issues: number) => {
  const lines = ['Party,Issue,Stance,Stance value,Quote,Speaker,Document,Date,Link,Note'];
  for (let p = 0; p < parties; p++) for (let i = 0; i < issues; i++) lines.push(`Party ${p},Issue ${i},Supports,2,"Quote ${p}/${i}",Speaker,Doc,2025-03-18,,`);
  return lines.join('\n') + '\n';
};

export async function runImportOutage(): Promise<void> {
  console.log('\n(import) /api/import of large CSVs while /healthz is polled (issue 12, item 1)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-import-'));
  const server = await createServer({ port: 0, host: '127.0.0.1', dataDir, logger: memoryLogger(), seedDemo: false });
  const healthz = async () => (await fetch(`${server.url}/healthz`)).json();
  try {
    for (const [label, text] of [
      ['100,000-row grid (refused: row limit)', grid(100_000)],
      ['20,000-row long form (at the limit, imported)', longForm(200, 100)],
    ] as const) {
      const post = () =>
        fetch(`${server.url}/api/import?kind=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: text }).then((r) => r.status);
      const r = await probeWhile(post, { healthz });
      console.log(`  ${describeResponsiveness(`${label} → ${r.result}, ${(text.length / 1024).toFixed(0)} KiB`, r)}`);
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runImportOutage();
