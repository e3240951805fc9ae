/** What route handlers work with: the stores, the loaded rooms and the log. */
import type { Auth } from '../auth.ts';
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
}
