/**
 * Commit stalls: the event loop's time in each group commit of small updates (as a busy server
 * makes them: `rate` commits a second, spread over `rooms` matrices) with SQLite's own WAL
 * checkpoints (inside the commit that passes 1000 pages) and with server/checkpoint.ts (a worker
 * thread checkpoints). Reports p50, p99, p99.9 and max of the commit time, how many commits
 * took over 5 ms, and the commits that wrote the database file itself (a checkpoint ran in them:
 * its mtime changed; both modes pay the same stat per commit) with their median time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Storage } from '../server/storage.ts';
import { Checkpointer } from '../server/checkpoint.ts';
import { memoryLogger } from '../server/log.ts';
import { percentile } from './stats.ts';

export interface StallResult {
  commits: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  over5: number;
  /** Commits that ran a checkpoint, and their median time. */
  checkpointed: number;
  checkpointedP50: number;
}

const EMPTY = { parties: 0, issues: 0, coded: 0, sources: 0 };

export async function runCommitStalls({
  offLoop,
  seconds,
  rate = 400,
  rooms = 100,
}: {
  offLoop: boolean;
  seconds: number;
  rate?: number;
  rooms?: number;
}): Promise<StallResult> {
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DATA_ROOT || os.tmpdir(), 'stance-grid-stalls-'));
  const storage = new Storage(dir);
  const checkpoints = offLoop ? new Checkpointer(storage, memoryLogger()) : null;
  const ids = Array.from({ length: rooms }, (_, i) => `room-${i}`);
  for (const id of ids) storage.create(id, id, new Uint8Array([0, 0]), EMPTY);
  const commit = storage.database.transaction((id: string, update: Uint8Array) => storage.append(id, update));
  const update = new Uint8Array(160).fill(7); // about one setStance + setNote
  const times: number[] = [];
  const inCheckpoint: number[] = [];
  let mtime = fs.statSync(storage.file).mtimeMs;
  const end = performance.now() + seconds * 1000;
  let n = 0;
  try {
    while (performance.now() < end) {
      const t0 = performance.now();
      commit(ids[n++ % rooms]!, update);
      const t = performance.now() - t0;
      times.push(t);
      const now = fs.statSync(storage.file).mtimeMs;
      if (now !== mtime && !offLoop) inCheckpoint.push(t);
      mtime = now;
      await new Promise((r) => setTimeout(r, 1000 / rate));
    }
  } finally {
    await checkpoints?.close();
    storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return {
    commits: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    p999: percentile(times, 99.9),
    max: times.at(-1) ?? 0,
    over5: times.filter((t) => t > 5).length,
    checkpointed: inCheckpoint.length,
    checkpointedP50: inCheckpoint.length
      ? percentile(
          inCheckpoint.sort((a, b) => a - b),
          50,
        )
      : 0,
  };
}
