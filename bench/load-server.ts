/** Child process for the cold-load bench: records the wall clock, then starts the server. */
import { createServer } from '../server/server.ts';
import { silentLogger } from '../server/log.ts';

const startedAt = Date.now();
const server = await createServer({ port: 0, host: '127.0.0.1', dataDir: process.env.DATA_DIR!, logger: silentLogger, seedDemo: false });
console.log(`ready ${startedAt} ${server.syncUrl}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
