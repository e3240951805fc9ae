/** The machine line printed at the top of a run, so a pasted run says what it ran on. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats.ts';

const dataRoot = () => process.env.BENCH_DATA_ROOT || os.tmpdir();

/** fsync of a small append where every server's data lives during the bench. */
function fsyncMs(): number {
  const file = path.join(fs.mkdtempSync(path.join(dataRoot(), 'stance-grid-fsync-')), 'probe');
  const fd = fs.openSync(file, 'w');
  const times: number[] = [];
  try {
    for (let n = 0; n < 20; n++) {
      fs.writeSync(fd, 'x'.repeat(128));
      const t0 = performance.now();
      fs.fsyncSync(fd);
      times.push(performance.now() - t0);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  return median(times);
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load}, fsync in ${dataRoot()} ${fsyncMs().toFixed(2)} ms (median of 20)`;
}
