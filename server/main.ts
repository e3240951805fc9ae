/** Entry point: reads the configuration, listens on the real port, handles signals. */
import { readConfig, readHttpConfig } from './config.ts';
import { createServer } from './server.ts';
import { DEMO_MATRIX_ID } from '../shared/demo.ts';
import { shareUrl } from '../shared/access.ts';

const config = readConfig();
const httpConfig = readHttpConfig();
// The facilitator link is a secret: by default it goes only to a terminal, never to a log file. The
// same rule decides whether a browser on this machine may fetch it (GET /api/demo/links): a server
// started from a terminal is someone's own; a deployed one (systemd, a container: no terminal) never
// hands it out, since a same-host reverse proxy that adds no X-Forwarded-For looks local.
const printDemoLinks = httpConfig.demoLinks ?? process.stdout.isTTY === true;
const server = await createServer({ ...config, security: httpConfig.security, localDemoLinks: printDemoLinks, seedDemo: 'child' }).catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
  const where = `${config.host}:${config.port}`;
  console.error(
    code === 'EADDRINUSE'
      ? `Stance Grid cannot start: ${where} is already in use (another Stance Grid?). Stop it, or start on another port: PORT=8081 npm start`
      : `Stance Grid cannot start: no permission to listen on ${where}. Use a port above 1023: PORT=8080 npm start`,
  );
  process.exit(1);
});
console.log(`Stance Grid is running at ${server.url}/`);
if (server.demoLinks && !printDemoLinks) {
  console.log('Demo matrix links not printed (stdout is not a terminal, or --no-demo-links); start with --demo-links to print them.');
}
if (server.demoLinks && printDemoLinks) console.log(`On this machine, "Open demo" at http://localhost:${server.port}/ opens it.`);
if (server.demoLinks && printDemoLinks) {
  // Derived from DATA_DIR/secret.key, so the same links every start (until the facilitator replaces one).
  const title = server.storage.get(DEMO_MATRIX_ID)?.title ?? DEMO_MATRIX_ID;
  console.log(`Demo matrix "${title}" — open as facilitator:`);
  console.log(`  ${shareUrl(server.url, DEMO_MATRIX_ID, server.demoLinks.facilitator)}`);
  console.log(`  editor:  ${shareUrl(server.url, DEMO_MATRIX_ID, server.demoLinks.editor)}`);
  console.log(`  viewer:  ${shareUrl(server.url, DEMO_MATRIX_ID, server.demoLinks.viewer)}`);
}
for (const m of server.migratedLinks) {
  // Matrices from before share links: their links are random and shown only this once.
  console.log(`Matrix "${m.title}" now has share links (shown only now; keep the facilitator link):`);
  console.log(`  facilitator: ${shareUrl(server.url, m.id, m.tokens.facilitator)}`);
}
console.log(`Data: ${server.storage.file}`);
console.log(
  config.createToken ? 'Creating matrices needs CREATE_TOKEN.' : 'Anyone who can reach this server can create matrices (set CREATE_TOKEN to restrict that).',
);

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
