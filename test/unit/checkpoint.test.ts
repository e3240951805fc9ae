/** WAL checkpoints off the event loop (server/checkpoint.ts): never in a commit; a worker keeps the WAL bounded. */
import fs from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Storage } from '../../server/storage.ts';
import { Checkpointer } from '../../server/checkpoint.ts';
import { memoryLogger } from '../../server/log.ts';
import { startServer, tempDataDir } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const EMPTY = { parties: 0, issues: 0, coded: 0, sources: 0 };
const MiB = 1024 * 1024;

/** `count` commits of 4 KiB each (about 2 WAL pages per commit: well past SQLite's 1000-page autocheckpoint). */
function writeMany(storage: Storage, count: number): void {
  for (let i = 0; i < count; i++) storage.append('m', new Uint8Array(4096).fill(i % 251));
}

function open(): Storage {
  const storage = new Storage(tempDataDir());
  storage.create('m', 'm', new Uint8Array([0, 0]), EMPTY);
  onTestFinished(() => storage.close());
  return storage;
}

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

describe('WAL checkpoints', () => {
  it('by default (SQLite alone), a commit past 1000 WAL pages copies them into the database file', () => {
    const storage = open();
    writeMany(storage, 1500);
    expect(size(storage.file)).toBeGreaterThan(2 * MiB);
  });

  it('with the checkpointer, no commit checkpoints: the pages stay in the WAL until the worker runs', async () => {
    const storage = open();
    const checkpoints = new Checkpointer(storage, memoryLogger(), { startBytes: Number.MAX_SAFE_INTEGER });
    onTestFinished(() => checkpoints.close());
    writeMany(storage, 1500);
    expect(size(storage.file)).toBeLessThan(MiB);
    expect(size(storage.file + '-wal')).toBeGreaterThan(6 * MiB);
    expect(checkpoints.running).toBe(false);
  });

  it('a worker starts once the WAL passes startBytes, checkpoints it, truncates it when idle and exits; nothing is lost', async () => {
    const storage = open();
    const checkpoints = new Checkpointer(storage, memoryLogger(), { startBytes: MiB, checkMs: 20, tickMs: 20, idleMs: 300 });
    onTestFinished(() => checkpoints.close());
    writeMany(storage, 600);
    await waitFor(() => checkpoints.running, { message: 'the worker started' });
    await waitFor(() => size(storage.file) > 2 * MiB, { message: 'the pages copied into the database file' });
    // Commits go on while it runs.
    writeMany(storage, 100);
    await waitFor(() => !checkpoints.running && size(storage.file + '-wal') === 0, { message: 'WAL truncated, worker gone' });
    expect(storage.updateCount('m')).toBe(701);
    // More writes start it again.
    writeMany(storage, 600);
    await waitFor(() => checkpoints.running, { message: 'the worker started again' });
    await checkpoints.close();
    expect(checkpoints.running).toBe(false);
  });

  it('under a steady stream of commits the WAL still restarts from its beginning (a RESTART past restartFrames), and nothing is lost', async () => {
    const storage = open();
    const checkpoints = new Checkpointer(storage, memoryLogger(), { startBytes: MiB, checkMs: 20, tickMs: 20, restartFrames: 500 });
    onTestFinished(() => checkpoints.close());
    // The WAL header's checkpoint sequence number (bytes 12–15) counts the restarts of the log.
    const restarts = () => {
      const header = Buffer.alloc(16);
      const fd = fs.openSync(storage.file + '-wal', 'r');
      try {
        fs.readSync(fd, header, 0, 16, 0);
      } finally {
        fs.closeSync(fd);
      }
      return header.readUInt32BE(12);
    };
    writeMany(storage, 300); // past startBytes
    const before = restarts();
    // Commits one after another, a turn apart: after a PASSIVE checkpoint alone the next writer
    // rarely finds the WAL wholly checkpointed, so the log would only grow (by GBs in seconds).
    let commits = 300;
    while (restarts() < before + 2) {
      writeMany(storage, 1);
      if (++commits > 20_000) throw new Error(`the WAL never restarted in ${commits} commits (${size(storage.file + '-wal')} bytes)`);
      await new Promise((r) => setImmediate(r));
    }
    expect(storage.updateCount('m')).toBe(commits + 1);
  });

  it('close() stops a running worker; the database stays open and whole', async () => {
    const storage = open();
    const checkpoints = new Checkpointer(storage, memoryLogger(), { startBytes: MiB, checkMs: 20, tickMs: 20 });
    writeMany(storage, 600);
    await waitFor(() => checkpoints.running, { message: 'the worker started' });
    await checkpoints.close();
    expect(checkpoints.running).toBe(false);
    writeMany(storage, 1);
    expect(storage.updateCount('m')).toBe(602);
  });

  it('the server checkpoints off the loop: its connection never checkpoints in a commit', async () => {
    const server = await startServer({ seedDemo: false });
    expect(server.storage.database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });
});
