/**
 * The two replies every joiner of a room gets, encoded once per document state instead of once
 * per joiner: the server's sync step 1 (its state vector) and the sync step 2 for a client with
 * an empty state vector (the whole document). Any change to the document drops both; the next
 * joiner encodes them again. Filled only from `RoomStorage.diff`, which stores queued updates
 * first, so a cached reply never carries a change that is not on disk.
 */
import type * as Y from 'yjs';

export class JoinCache {
  private step1: Uint8Array | null = null;
  private fullState: Uint8Array | null = null;

  constructor(private doc: Y.Doc) {
    doc.on('update', this.invalidate);
  }

  /** Any update, whatever its origin (a client, the load, the history trim), changes both replies. */
  private invalidate = () => {
    this.step1 = null;
    this.fullState = null;
  };

  /** The server's sync step 1 message, encoded by `encode` on a miss. */
  syncStep1(encode: () => Uint8Array): Uint8Array {
    return (this.step1 ??= encode());
  }

  /** The sync step 2 message for an empty state vector, encoded by `encode` on a miss. */
  fullStateReply(encode: () => Uint8Array): Uint8Array {
    return (this.fullState ??= encode());
  }

  destroy(): void {
    this.doc.off('update', this.invalidate);
    this.invalidate();
  }
}

/** Is this state vector empty (a client that holds nothing yet)? Its encoding is the single byte 0. */
export const isEmptyStateVector = (stateVector: Uint8Array) => stateVector.length === 1 && stateVector[0] === 0;
