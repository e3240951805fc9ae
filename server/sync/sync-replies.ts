/**
 * Answers sync step 1 (a client's state vector) with what it lacks, at most once per
 * `intervalMs` per socket: a client asking again sooner (a stock client asks once per
 * connection) gets one reply, for its newest state vector, when the interval has passed. So a
 * socket repeating step 1 cannot make the server queue full-state replies.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { ProtocolError, syncStep2Message } from './messages.ts';
import type { Peer } from './peer.ts';
import type { RoomStorage } from './room-storage.ts';

export class SyncReplies {
  constructor(
    private storage: RoomStorage,
    private intervalMs: number,
    private send: (peer: Peer, message: Uint8Array) => void,
    /** Is the peer still in the room (a delayed reply is dropped otherwise)? */
    private present: (peer: Peer) => boolean,
    /** Encodes the reply, or takes it from a cache (the join cache, for an empty state vector). */
    private encodeReply: (stateVector: Uint8Array, encode: () => Uint8Array) => Uint8Array = (_sv, encode) => encode(),
  ) {}

  answer(peer: Peer, stateVector: Uint8Array): void {
    try {
      Y.decodeStateVector(stateVector);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'invalid state vector');
    }
    const wait = peer.lastSyncReplyAt + this.intervalMs - Date.now();
    if (wait <= 0 && !peer.syncReplyTimer) return this.reply(peer, stateVector);
    peer.waitingStateVector = stateVector;
    peer.syncReplyTimer ??= setTimeout(
      () => {
        peer.syncReplyTimer = null;
        const waiting = peer.waitingStateVector;
        peer.waitingStateVector = null;
        if (waiting && this.present(peer)) this.reply(peer, waiting);
      },
      Math.max(0, wait),
    );
  }

  /** The peer left: no delayed reply. */
  forget(peer: Peer): void {
    if (peer.syncReplyTimer) clearTimeout(peer.syncReplyTimer);
    peer.syncReplyTimer = null;
  }

  private reply(peer: Peer, stateVector: Uint8Array): void {
    peer.lastSyncReplyAt = Date.now();
    const reply = this.encodeReply(stateVector, () => syncStep2Message(this.storage.diff(stateVector)));
    // Decode the live doc once the reply is on its way.
    this.storage.loadLater(0);
    this.send(peer, reply);
  }
}
