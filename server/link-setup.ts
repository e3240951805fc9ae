/**
 * Share links at start-up: seed the demo (with its links), give links to matrices stored before
 * share links existed, and derive the demo's links from DATA_DIR/secret.key so they can be printed.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ShareTokens } from '../shared/access.ts';
import { DEMO_MATRIX_ID } from '../shared/demo.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import { ShareLinks } from './share-links.ts';
import { demoFacilitatorToken, loadOrCreateSecret } from './secret.ts';

export interface MigratedMatrix {
  id: string;
  title: string;
  tokens: ShareTokens;
}

export interface LinkSetup {
  links: ShareLinks;
  /** The demo's three tokens, or null when there is no demo matrix. */
  demoLinks: ShareTokens | null;
  /** Matrices that had no links (stored before share links) and were given some now; shown once. */
  migrated: MigratedMatrix[];
}

/**
 * How the demo is created when missing: not at all, in this process, or in a short-lived child process
 * (server/seed-child.ts, with its own connection): building the demo allocates a few MB that V8 would
 * otherwise keep resident for seconds after the start (README "Memory budget").
 */
export type SeedMode = 'none' | 'inline' | 'child';

/** The share links on `storage`, the demo's facilitator token derived from DATA_DIR/secret.key (made if missing). */
export function openLinks(storage: Storage, dataDir: string): { links: ShareLinks; secret: Buffer } {
  const secret = loadOrCreateSecret(dataDir);
  const links = new ShareLinks(storage.database, {
    derive: (id, generation) => (id === DEMO_MATRIX_ID ? demoFacilitatorToken(secret, id, generation) : null),
  });
  return { links, secret };
}

export async function setUpLinks(storage: Storage, dataDir: string, { seed, log }: { seed: SeedMode; log: Logger }): Promise<LinkSetup> {
  const { links, secret } = openLinks(storage, dataDir);
  if (seed !== 'none' && !storage.exists(DEMO_MATRIX_ID)) {
    // Imported here: the seeding code is loaded only on a first start.
    const created = seed === 'child' ? await seedDemoInChild(dataDir) : (await import('./seed.ts')).seedDemo(storage, links);
    if (created) log.info('created the demo matrix', { file: storage.file });
  }

  const migrated = links.missing().map((id) => ({ id, title: storage.get(id)?.title ?? id, tokens: links.create(id) }));
  if (migrated.length > 0) {
    log.warn('gave share links to matrices stored before share links existed; their links are printed once at start', {
      matrices: migrated.map((m) => m.id),
    });
  }

  let demoLinks: ShareTokens | null = null;
  if (storage.exists(DEMO_MATRIX_ID)) {
    const token = demoFacilitatorToken(secret, DEMO_MATRIX_ID, links.generation(DEMO_MATRIX_ID));
    if (links.authenticate(DEMO_MATRIX_ID, token)?.role === 'facilitator') {
      demoLinks = links.reveal(DEMO_MATRIX_ID, token);
    } else {
      // secret.key was replaced or lost: the old demo links cannot be shown again, so make new ones.
      log.warn('secret.key does not match the demo matrix links (was it replaced?); the demo gets new links, the old ones stop working');
      demoLinks = links.recreate(DEMO_MATRIX_ID);
    }
  }
  return { links, demoLinks, migrated: migrated.filter((m) => m.id !== DEMO_MATRIX_ID) };
}

/**
 * Runs server/seed-child.ts (seed-child.js beside the bundle) as a short-lived child process and
 * resolves whether it created the demo. Its memory goes back to the system when it exits (a worker
 * thread's would not: its malloc arena stays with this process), so this process rests as if the
 * demo had always been there.
 */
function seedDemoInChild(dataDir: string): Promise<boolean> {
  const source = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./seed-child.${source ? 'ts' : 'js'}`, import.meta.url));
  // From source, the child needs tsx's loader too: inherited when this process has it (`tsx main.ts`,
  // `node --import tsx`), added when not (Vitest transforms the server's modules by itself).
  const hasTsx = process.execArgv.some((arg) => arg.includes('tsx'));
  const execArgv = source && !hasTsx ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
  return new Promise((resolve, reject) => {
    let created = false;
    const child = fork(file, [dataDir], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => (created = m === true));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve(created) : reject(new Error(`seeding the demo failed: its process exited with ${signal ?? `code ${code}`}`)),
    );
  });
}
