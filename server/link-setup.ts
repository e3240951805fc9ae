/**
 * Share links at start-up: seed the demo (with its links), give links to matrices stored before
 * share links existed, and derive the demo's links from DATA_DIR/secret.key so they can be printed.
 */
import type { ShareTokens } from '../shared/access.ts';
import { DEMO_MATRIX_ID } from '../shared/demo.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import { ShareLinks } from './share-links.ts';
import { demoFacilitatorToken, loadOrCreateSecret } from './secret.ts';
import { seedDemo } from './seed.ts';

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

export function setUpLinks(storage: Storage, dataDir: string, { seed, log }: { seed: boolean; log: Logger }): LinkSetup {
  const secret = loadOrCreateSecret(dataDir);
  const links = new ShareLinks(storage.database, {
    derive: (id, generation) => (id === DEMO_MATRIX_ID ? demoFacilitatorToken(secret, id, generation) : null),
  });
  if (seed && seedDemo(storage, links)) log.info('created the demo matrix', { file: storage.file });

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
