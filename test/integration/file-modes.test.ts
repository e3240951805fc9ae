/**
 * Issue 12, item 10: the SQLite file, its WAL and SHM and secret.key are owner-only (0600),
 * the data directory 0700 — on a fresh start and after a start with files an older version left
 * readable by others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMatrix, startServer, tempDataDir } from '../utils/server.ts';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const DB = 'stance-grid.sqlite';

function expectOwnerOnly(dataDir: string) {
  expect({ dir: mode(dataDir) }).toEqual({ dir: '700' });
  const files = [DB, `${DB}-wal`, `${DB}-shm`, 'secret.key'];
  for (const f of files) expect(fs.existsSync(path.join(dataDir, f)), f).toBe(true);
  expect(Object.fromEntries(files.map((f) => [f, mode(path.join(dataDir, f))]))).toEqual(Object.fromEntries(files.map((f) => [f, '600'])));
}

describe('file modes (issue 12, item 10)', () => {
  it('a fresh data directory is 0700 and its files 0600, whatever the umask', async () => {
    const dataDir = path.join(tempDataDir(), 'data');
    const umask = process.umask(0o022);
    try {
      const server = await startServer({ dataDir });
      await createMatrix(server); // a write: the WAL exists
      expectOwnerOnly(dataDir);
    } finally {
      process.umask(umask);
    }
  });

  it('files an older start left readable by others become owner-only', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    await createMatrix(first);
    await first.close();
    fs.chmodSync(dataDir, 0o755);
    for (const f of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, f), 0o644);
    const second = await startServer({ dataDir });
    await createMatrix(second);
    expectOwnerOnly(dataDir);
  });
});
