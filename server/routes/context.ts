/** What route handlers work with: the stores, the loaded rooms and the log. */
import type { ShareTokens } from '../../shared/access.ts';
import type { Auth } from '../auth.ts';
import type { SecurityOptions } from '../http/security-options.ts';
import type { DocumentStore } from '../documents/store.ts';
import type { MatrixLock } from '../lock.ts';
import type { Logger } from '../log.ts';
import type { Rooms } from '../rooms.ts';
import type { ShareLinks } from '../share-links.ts';
import type { SnapshotStore } from '../snapshots.ts';
import type { Storage } from '../storage.ts';

export interface AppContext {
  storage: Storage;
  rooms: Rooms;
  auth: Auth;
  links: ShareLinks;
  lock: MatrixLock;
  snapshots: SnapshotStore;
  /** The evidence library's documents (server/documents/). */
  documents: DocumentStore;
  log: Logger;
  /** Limits and lifetimes the routes enforce themselves (snapshot quota, download links). */
  security: SecurityOptions;
  /** The demo matrix's tokens (null without a demo), and whether GET /api/demo/links may give them to this machine. */
  demo: { links: ShareTokens | null; localLinks: boolean };
}
