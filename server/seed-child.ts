/**
 * A short-lived child process (forked by server/link-setup.ts on a first start, argv[2] = DATA_DIR):
 * creates the demo matrix on its own SQLite connection and sends whether it did. What building the
 * demo allocates goes back to the system when it exits; the server waits for it before it listens.
 */
import { Storage } from './storage.ts';
import { openLinks } from './link-setup.ts';
import { seedDemo } from './seed.ts';

const dataDir = process.argv[2] ?? '';
const storage = new Storage(dataDir);
try {
  const created = seedDemo(storage, openLinks(storage, dataDir).links);
  // The server's connection never checkpoints (server/checkpoint.ts): leave it an empty WAL.
  storage.database.pragma('wal_checkpoint(TRUNCATE)');
  process.send?.(created);
} finally {
  storage.close();
}
