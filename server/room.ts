/**
 * One loaded matrix: its peers and what they send. The document and its persistence are in
 * server/sync/room-storage.ts, who may write which presence in server/sync/awareness-policy.ts,
 * the frames in server/sync/messages.ts, the gate every update passes in server/sync/update-gate.ts,
 * sending and closing one socket in server/sync/peer.ts. Each socket has the role its token granted at upgrade;
 * the lock is read per message from its one source (server/lock.ts), so locking and unlocking
 * take effect on open sockets.
 */
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import { CloseCode, MessageType } from '../shared/protocol.ts';
import type { AccessMessage } from '../shared/access.ts';
import { SERVER_ORIGIN } from '../shared/origins.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import type { Grant } from './share-links.ts';
import { RoomStorage } from './sync/room-storage.ts';
import { AwarenessPolicy, type AwarenessOptions } from './sync/awareness-policy.ts';
import { closeSocket, newPeer, sendToPeer, type Peer } from './sync/peer.ts';
import { SyncReplies } from './sync/sync-replies.ts';
import { DEFAULT_SYNC_LIMITS, type SyncLimits, type TokenBucket } from './sync/limits.ts';
import { JoinCache, isEmptyStateVector } from './sync/join-cache.ts';
import { AwarenessBatch } from './sync/awareness-batch.ts';
import { RoomReactions, type ReactionLimits } from './sync/reactions.ts';
import { cellExists } from '../shared/reactions.ts';
import { UpdateGate } from './sync/update-gate.ts';
import {
  ProtocolError,
  accessMessage,
  awarenessMessage,
  keepAliveMessage,
  readAwarenessMessage,
  readMessage,
  readSyncMessage,
  syncStep1Message,
  updateMessage,
} from './sync/messages.ts';

export interface RoomOptions extends Omit<AwarenessOptions, 'maxIdsPerSocket'> {
  /** Compact the update log after this many appended updates. */
  compactEvery: number;
  /** The sync limits (server/sync/limits.ts); defaults for those left out. */
  limits?: Partial<SyncLimits>;
  /** The reaction limits (server/sync/reactions.ts); defaults for those left out. */
  reactionLimits?: Partial<ReactionLimits>;
}

/** Awareness changes within this window after a broadcast are sent together (server/sync/awareness-batch.ts). */
const AWARENESS_BATCH_MS = 10;

export class Room {
  readonly storage: RoomStorage;
  readonly awareness: awarenessProtocol.Awareness;
  private peers = new Map<WebSocket, Peer>();
  private policy: AwarenessPolicy;
  private limits: SyncLimits;
  private replies: SyncReplies;
  private gate: UpdateGate;
  private joinCache: JoinCache;
  private awarenessBatch: AwarenessBatch;
  /** Reactions to cells, in memory for this session (server/sync/reactions.ts). */
  readonly reactions: RoomReactions;
  private destroyed = false;

  constructor(
    readonly id: string,
    storage: Storage,
    private log: Logger,
    options: RoomOptions,
    /** The facilitator's lock, read from its one source (server/lock.ts). */
    private isLocked: () => boolean = () => false,
  ) {
    this.limits = { ...DEFAULT_SYNC_LIMITS, ...options.limits };
    // Peers that joined while the room was cold still need the server's sync step 1.
    // A migration written at load goes to them too (they may hold the version-1 bytes).
    this.storage = new RoomStorage(id, storage, log, options.compactEvery, (migration) => {
      for (const peer of this.peers.values()) {
        this.send(peer, this.syncStep1());
        if (migration) this.send(peer, updateMessage(migration));
      }
    });
    this.replies = new SyncReplies(
      this.storage,
      this.limits.syncReplyIntervalMs,
      (peer, m) => this.send(peer, m),
      (peer) => this.peers.get(peer.ws) === peer && !this.destroyed,
      // A new client (empty state vector) gets the whole document, encoded once per state (server/sync/join-cache.ts).
      (stateVector, encode) => (isEmptyStateVector(stateVector) ? this.joinCache.fullStateReply(encode) : encode()),
    );
    this.joinCache = new JoinCache(this.storage.doc);
    this.awareness = new awarenessProtocol.Awareness(this.storage.doc);
    // The server is not a participant.
    this.awareness.setLocalState(null);
    this.policy = new AwarenessPolicy(
      this.awareness,
      () => this.peers.values(),
      (peer, m) => this.send(peer, m),
      { ...options, maxIdsPerSocket: this.limits.maxAwarenessIdsPerSocket },
      log,
      id,
    );
    this.awarenessBatch = new AwarenessBatch(AWARENESS_BATCH_MS, (ids) => {
      const message = awarenessMessage(this.awareness, ids);
      // Relayed to everyone, the sender too: it keeps a quiet client's 30 s watchdog fed.
      for (const peer of this.peers.values()) this.send(peer, message);
    });
    this.reactions = new RoomReactions(
      () => this.peers.values(),
      (peer, m) => this.send(peer, m),
      (peer, code) => this.close(peer.ws, code),
      (cell) => cellExists(this.load(), cell),
      options.reactionLimits,
    );
    this.gate = new UpdateGate(
      {
        id,
        load: () => this.load(),
        isLocked: () => this.isLocked(),
        fits: (bytes) => this.storage.fits(bytes, this.limits.quotaBytes),
        refuse: (peer, rejected) => this.sendAccess(peer, rejected),
        close: (ws, code) => this.close(ws, code),
        askEveryone: (doc) => {
          for (const peer of this.peers.values()) this.send(peer, syncStep1Message(doc));
        },
      },
      this.limits,
      log,
    );
    this.storage.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** The live document, decoded from storage now if it was not yet (see RoomStorage). */
  load(): Y.Doc {
    return this.storage.load();
  }

  /**
   * Kept for tests and tools written against the old getter: the same as `load()`. Server code
   * calls `load()`, so that loading is never hidden in a property read.
   */
  get doc(): Y.Doc {
    return this.load();
  }

  /** Runs `run` on the live document; changes it makes with SERVER_CHANGE_ORIGIN are stored and relayed to everyone. */
  change<T>(run: (doc: Y.Doc) => T): T {
    return run(this.load());
  }

  /** Merges the stored log into one update now (normally scheduled by RoomStorage). */
  compact(): void {
    this.storage.compact();
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** Every applied change: stored first, then relayed to the other peers; unstored, never relayed. */
  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN) return;
    const sender = this.peers.get(origin as WebSocket);
    // Relayed only once the group commit that holds it is on disk (server/sync/group-commit.ts).
    this.storage.append(
      update,
      () => this.relay(update, sender),
      () => sender && this.close(sender.ws, CloseCode.storageFailure),
    );
  };

  private relay(update: Uint8Array, sender: Peer | undefined): void {
    const message = updateMessage(update);
    for (const peer of this.peers.values()) if (peer !== sender) this.send(peer, message);
  }

  private onAwarenessUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    this.policy.trackOwners(this.peers.get(origin as WebSocket), changes);
    this.awarenessBatch.add([...changes.added, ...changes.updated, ...changes.removed]);
  };

  /** The server's sync step 1, encoded once per document state. */
  private syncStep1(): Uint8Array {
    return this.joinCache.syncStep1(() => syncStep1Message(this.storage.doc));
  }

  /** Registers a socket and sends its access message, sync step 1 and the current awareness states. */
  join(ws: WebSocket, grant: Grant, addressUpdates: TokenBucket | null = null): void {
    const peer = newPeer(ws, grant, this.limits, addressUpdates);
    this.peers.set(ws, peer);
    // First, so the client knows whether it may edit before the document arrives.
    this.sendAccess(peer);
    // A cold room answers the client's step 1 from the stored bytes and sends its own step 1
    // once loaded, so the first reply is not held up by a decode.
    if (this.storage.loaded) this.send(peer, this.syncStep1());
    else this.storage.loadLater(100);
    if (this.awareness.getStates().size > 0) this.send(peer, awarenessMessage(this.awareness));
  }

  /** Handles one binary frame. Throws ProtocolError for input that must close the socket. */
  handleMessage(ws: WebSocket, data: Uint8Array): void {
    const peer = this.peers.get(ws);
    if (!peer) return;
    peer.lastReceivedAt = Date.now();
    const { type, decoder } = readMessage(data);
    switch (type) {
      case MessageType.sync: {
        const { syncType, payload } = readSyncMessage(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) return this.replies.answer(peer, payload);
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) return this.gate.accept(peer, payload);
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown sync message type ${syncType}`);
      }
      case MessageType.awareness:
        return this.policy.receive(peer, readAwarenessMessage(decoder));
      case MessageType.queryAwareness:
        return this.send(peer, awarenessMessage(this.awareness));
      case MessageType.reaction:
        return this.reactions.receive(peer, decoder);
      case MessageType.auth:
        return; // clients never send auth messages; ignore rather than fail
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown message type ${type}`);
    }
  }

  /**
   * A change the server itself makes (the library index): run with SERVER_ORIGIN transactions,
   * which onDocUpdate leaves alone, then stored and sent to every peer here. Throws if storing fails.
   */
  serverWrite(change: (doc: Y.Doc) => void): void {
    const update = this.storage.writeAsServer(change);
    if (!update) return;
    const message = updateMessage(update);
    for (const peer of this.peers.values()) this.send(peer, message);
  }

  /** The lock changed (server/lock.ts): every connection is told its rights. */
  accessChanged(): void {
    for (const peer of this.peers.values()) this.sendAccess(peer);
  }

  /** Closes every socket that authenticated with a replaced token (4410). Returns how many. */
  revoke(tokenHash: string): number {
    let closed = 0;
    for (const peer of [...this.peers.values()]) {
      if (peer.tokenHash !== tokenHash) continue;
      this.close(peer.ws, CloseCode.linkRevoked);
      closed++;
    }
    return closed;
  }

  /**
   * Sends an empty awareness update to sockets that were sent nothing for `idleMs`: y-websocket
   * drops a connection that received nothing for 30 s, and a viewer alone in a quiet room, with
   * no awareness state of its own to echo, would otherwise get nothing.
   */
  keepAlive(idleMs: number, now = Date.now()): void {
    const message = keepAliveMessage();
    for (const peer of this.peers.values()) if (now - peer.lastSentAt >= idleMs) this.send(peer, message);
  }

  private sendAccess(peer: Peer, rejected?: AccessMessage['rejected']): void {
    this.send(peer, accessMessage({ role: peer.role, locked: this.isLocked(), ...(rejected ? { rejected } : {}) }));
  }

  /** Removes a socket and the awareness states it owned. */
  leave(ws: WebSocket): void {
    const peer = this.peers.get(ws);
    if (!peer) return;
    this.peers.delete(ws);
    this.replies.forget(peer);
    this.policy.release(peer);
  }

  close(ws: WebSocket, code: CloseCode): void {
    this.leave(ws);
    closeSocket(ws, code);
  }

  sockets(): IterableIterator<WebSocket> {
    return this.peers.keys();
  }

  /** Sends, unless the socket's unsent data would pass `maxBufferedBytes`: then it is closed (4013). */
  private send(peer: Peer, message: Uint8Array): void {
    if (sendToPeer(peer, message, this.limits.maxBufferedBytes, () => this.leave(peer.ws))) return;
    this.log.warn('closing a socket that does not read what it is sent', { matrix: this.id, buffered: peer.ws.bufferedAmount });
    this.close(peer.ws, CloseCode.sendBufferFull);
  }

  /** Stores what is pending and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.storage.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awarenessBatch.destroy();
    this.joinCache.destroy();
    this.awareness.destroy();
    this.storage.destroy();
  }
}
