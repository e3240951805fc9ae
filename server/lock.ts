/**
 * The facilitator's lock (editors read-only). Its one source of truth is the `locked` column of
 * `share_links` (server/share-links.ts): rooms read it per message rather than keep a copy (ShareLinks
 * keeps the value it last read and drops it on every write of the column), and `set` is the only
 * writer, so whoever listens (the loaded room) is told when it changes.
 */
import type { ShareLinks } from './share-links.ts';

export class MatrixLock {
  private listeners: ((matrixId: string) => void)[] = [];

  constructor(private links: ShareLinks) {}

  isLocked(matrixId: string): boolean {
    return this.links.isLocked(matrixId);
  }

  /** Stores the lock and, if it changed, tells the listeners. */
  set(matrixId: string, locked: boolean): void {
    if (this.links.isLocked(matrixId) === locked) return;
    this.links.setLocked(matrixId, locked);
    for (const listener of this.listeners) listener(matrixId);
  }

  onChange(listener: (matrixId: string) => void): void {
    this.listeners.push(listener);
  }
}
