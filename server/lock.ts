/**
 * The facilitator's lock (editors read-only). Its one source of truth is the `locked` column of
 * `share_links` (server/share-links.ts): rooms read it per message rather than keep a copy, and
 * `set` is the only writer, so every open connection is told when it changes.
 */
import type { Rooms } from './rooms.ts';
import type { ShareLinks } from './share-links.ts';

export class MatrixLock {
  constructor(
    private links: ShareLinks,
    private rooms: Rooms,
  ) {}

  isLocked(matrixId: string): boolean {
    return this.links.isLocked(matrixId);
  }

  /** Stores the lock; if it changed, every connection of a loaded room gets its new rights. */
  set(matrixId: string, locked: boolean): void {
    if (this.links.isLocked(matrixId) === locked) return;
    this.links.setLocked(matrixId, locked);
    this.rooms.loaded(matrixId)?.accessChanged();
  }
}
