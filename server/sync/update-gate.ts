/**
 * The one gate every incoming Yjs update (sync step 2 or update) passes before it is applied,
 * stored or relayed: it must come within its sender's rate, the sender must be allowed to edit
 * now, the matrix must have room for it (quota), and it must fit the data model
 * (shared/doc-guard.ts). A refused update is dropped whole and the sender told why (its client
 * rolls back to the server's copy).
 */
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../shared/protocol.ts';
import { canEdit, type AccessMessage } from '../../shared/access.ts';
import { validateUpdate } from '../../shared/doc-guard.ts';
import type { Logger } from '../log.ts';
import type { Peer } from './peer.ts';
import type { SyncLimits } from './limits.ts';
import { decodeUpdate, isEmptyUpdate } from './messages.ts';
import { pauseReading } from './read-pause.ts';

/** What the gate needs of its room. */
export interface GatedRoom {
  readonly id: string;
  load(): Y.Doc;
  isLocked(): boolean;
  /** Whether `bytes` more still fit the matrix's storage quota. */
  fits(bytes: number): boolean;
  /** Tells the peer its rights, with the reason its change was refused. */
  refuse(peer: Peer, rejected: NonNullable<AccessMessage['rejected']>): void;
  close(ws: WebSocket, code: CloseCode): void;
  /** Asks every peer again for what the server lacks (sync step 1). */
  askEveryone(doc: Y.Doc): void;
}

export class UpdateGate {
  /** Updates in a row that left data pending (see boundPending). */
  private pendingUpdates = 0;

  constructor(
    private room: GatedRoom,
    private limits: SyncLimits,
    private log: Logger,
  ) {}

  accept(peer: Peer, update: Uint8Array): void {
    const { room, limits } = this;
    // The rate first: a flood is refused before any decoding, from editors and viewers alike.
    const rate = peer.rate.check(update.byteLength);
    if (rate.verdict === 'close') {
      this.log.warn('closing a socket that kept sending too fast', { matrix: room.id, role: peer.role });
      return room.close(peer.ws, CloseCode.tooManyRequests);
    }
    if (rate.verdict === 'drop') {
      pauseReading(peer.ws, rate.pauseMs);
      return rate.tell ? room.refuse(peer, { reason: 'rate' }) : undefined;
    }
    // Decoded once, for this check and the guard's. An empty step 2 is the normal reply of a client with nothing new.
    const decoded = decodeUpdate(update);
    if (isEmptyUpdate(decoded)) return;
    // Anything else from a read-only connection is a change the client must roll back.
    if (!canEdit(peer.role, room.isLocked())) return room.refuse(peer, { reason: peer.role === 'viewer' ? 'read-only' : 'locked' });
    if (!room.fits(update.byteLength)) {
      this.log.warn('refused an update over the storage quota', { matrix: room.id, quotaBytes: limits.quotaBytes });
      return room.refuse(peer, { reason: 'quota', message: `A matrix stores at most ${Math.round(limits.quotaBytes / 1024 / 1024)} MiB.` });
    }
    const doc = room.load();
    const verdict = validateUpdate(doc, update, { allowServerOnlyRoots: false, decoded });
    if (!verdict.ok) {
      this.log.warn('refused an update that breaks the data model', { matrix: room.id, role: peer.role, reason: verdict.reason, path: verdict.path });
      return room.refuse(peer, { reason: 'invalid', message: verdict.path ? `${verdict.reason} (${verdict.path})` : verdict.reason });
    }
    Y.applyUpdate(doc, update, peer.ws);
    this.boundPending(peer, doc);
  }

  /**
   * Structs waiting for data the server lacks (a clock gap) sit unapplied in the doc's store,
   * neither stored nor relayed. Beyond `maxPendingBytes` (or `maxPendingUpdates` in a row) they are
   * dropped (the same as reloading the room from storage, which never held them), the sender is
   * closed with 4003, and every other peer is asked again for what the server lacks, so nothing
   * honest is lost.
   */
  private boundPending(peer: Peer, doc: Y.Doc): void {
    const { pendingStructs, pendingDs } = doc.store;
    const bytes = (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
    this.pendingUpdates = bytes === 0 ? 0 : this.pendingUpdates + 1;
    if (bytes <= this.limits.maxPendingBytes && this.pendingUpdates <= this.limits.maxPendingUpdates) return;
    this.log.warn('dropped unapplied changes waiting for missing data', { matrix: this.room.id, bytes, updates: this.pendingUpdates, role: peer.role });
    this.pendingUpdates = 0;
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    this.room.close(peer.ws, CloseCode.tooManyPending);
    this.room.askEveryone(doc);
  }
}
