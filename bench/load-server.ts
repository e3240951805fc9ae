/**
 * Child process for the cold-load and render benches: records the wall clock, then starts the
 * server. The bench matrix is written straight to storage, so it gets share links at its first
 * start (migratedLinks); they are printed as JSON `{ [id]: tokens }` (`{}` on later starts).
 * BENCH_STATIC_DIR serves a client built elsewhere than dist/ (default dist/).
 */
import { createServer } from '../server/server.ts';
import { silentLogger } from '../server/log.ts';

const startedAt = Date.now();
const server = await createServer({
  port: 0,
  host: '127.0.0.1',
  dataDir: process.env.DATA_DIR!,
  logger: silentLogger,
  seedDemo: false,
  staticDir: process.env.BENCH_STATIC_DIR || undefined,
});
const links = Object.fromEntries(server.migratedLinks.map((m) => [m.id, m.tokens]));
console.log(`ready ${startedAt} ${server.syncUrl} ${JSON.stringify(links)}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
