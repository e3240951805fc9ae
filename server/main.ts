/** Entry point: reads the configuration, listens on the real port, handles signals. */
import { readConfig } from './config.ts';
import { createServer } from './server.ts';
import { DEMO_MATRIX_ID } from '../shared/demo.ts';

const config = readConfig();
const server = await createServer(config);
console.log(`Stance Grid is running at ${server.url}/`);
console.log(`  demo matrix: ${server.url}/m/${DEMO_MATRIX_ID}`);
console.log(`  data: ${server.storage.file}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: storing open matrices and stopping…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
