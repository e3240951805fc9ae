/**
 * One loaded matrix: its peers and what they send. The document and its persistence are in
 * server/sync/room-storage.ts, who may write which presence in server/sync/awareness-policy.ts,
 * the frames in server/sync/messages.ts. Each socket has the role its token granted at upgrade;
 * the lock is read per message from its one source (server/lock.ts), so locking and unlocking
 * take effect on open sockets.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import { CloseCode, CloseReason, MessageType } from '../shared/protocol.ts';
import { canEdit, type AccessMessage } from '../shared/access.ts';
import { SERVER_ORIGIN } from '../shared/origins.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import type { Grant } from './share-links.ts';
import { RoomStorage } from './sync/room-storage.ts';
import { AwarenessPolicy, type AwarenessOptions } from './sync/awareness-policy.ts';
import type { Peer } from './sync/peer.ts';
import {
  ProtocolError,
  accessMessage,
  awarenessMessage,
  keepAliveMessage,
  readAwarenessMessage,
  readMessage,
  readSyncMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from './sync/messages.ts';

export interface RoomOptions extends AwarenessOptions {
  /** Compact the update log after this many appended updates. */
  compactEvery: number;
}

export class Room {
  readonly storage: RoomStorage;
  readonly awareness: awarenessProtocol.Awareness;
  private peers = new Map<WebSocket, Peer>();
  private policy: AwarenessPolicy;
  private destroyed = false;

  constructor(
    readonly id: string,
    storage: Storage,
    log: Logger,
    options: RoomOptions,
    /** The facilitator's lock, read from its one source (server/lock.ts). */
    private isLocked: () => boolean = () => false,
  ) {
    // Peers that joined while the room was cold still need the server's sync step 1.
    this.storage = new RoomStorage(id, storage, log, options.compactEvery, () => {
      for (const peer of this.peers.values()) this.send(peer, syncStep1Message(this.storage.doc));
    });
    this.awareness = new awarenessProtocol.Awareness(this.storage.doc);
    // The server is not a participant.
    this.awareness.setLocalState(null);
    this.policy = new AwarenessPolicy(
      this.awareness,
      () => this.peers.values(),
      (peer, m) => this.send(peer, m),
      options,
      log,
      id,
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
    try {
      this.storage.append(update);
    } catch {
      if (sender) this.close(sender.ws, CloseCode.storageFailure);
      return;
    }
    const message = updateMessage(update);
    for (const peer of this.peers.values()) if (peer !== sender) this.send(peer, message);
  };

  private onAwarenessUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    this.policy.trackOwners(this.peers.get(origin as WebSocket), changes);
    const message = awarenessMessage(this.awareness, [...changes.added, ...changes.updated, ...changes.removed]);
    // Relayed to everyone, the sender too: it keeps a quiet client's 30 s watchdog fed.
    for (const peer of this.peers.values()) this.send(peer, message);
  };

  /** Registers a socket and sends its access message, sync step 1 and the current awareness states. */
  join(ws: WebSocket, grant: Grant): void {
    const now = Date.now();
    const peer: Peer = { ws, ...grant, clientIds: new Set(), lastReceivedAt: now, lastSentAt: now };
    this.peers.set(ws, peer);
    // First, so the client knows whether it may edit before the document arrives.
    this.sendAccess(peer);
    // A cold room answers the client's step 1 from the stored bytes and sends its own step 1
    // once loaded, so the first reply is not held up by a decode.
    if (this.storage.loaded) this.send(peer, syncStep1Message(this.storage.doc));
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
        if (syncType === syncProtocol.messageYjsSyncStep1) return this.answerSyncStep1(peer, payload);
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) return this.acceptUpdate(peer, payload);
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown sync message type ${syncType}`);
      }
      case MessageType.awareness:
        return this.policy.receive(peer, readAwarenessMessage(decoder));
      case MessageType.queryAwareness:
        return this.send(peer, awarenessMessage(this.awareness));
      case MessageType.auth:
        return; // clients never send auth messages; ignore rather than fail
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown message type ${type}`);
    }
  }

  private answerSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    let update: Uint8Array;
    try {
      update = this.storage.diff(stateVector);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'invalid state vector');
    }
    // Decode the live doc once the reply is on its way.
    this.storage.loadLater(0);
    this.send(peer, syncStep2Message(update));
  }

  /**
   * The one gate every incoming Yjs update passes before it is applied, stored or relayed:
   * it must decode, and the peer must be allowed to edit now. (A schema guard goes here too.)
   */
  private acceptUpdate(peer: Peer, update: Uint8Array): void {
    // Decode fully before applying: a garbage update must not reach the document.
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'not a Yjs update');
    }
    if (!canEdit(peer.role, this.isLocked())) {
      // Never applied, stored or relayed. An empty step 2 is the normal reply of a client with
      // nothing new; anything else is a change the client must roll back, so tell it.
      if (decoded.structs.length > 0 || decoded.ds.clients.size > 0) {
        this.sendAccess(peer, { reason: peer.role === 'viewer' ? 'read-only' : 'locked' });
      }
      return;
    }
    Y.applyUpdate(this.load(), update, peer.ws);
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
    this.policy.release(peer);
  }

  close(ws: WebSocket, code: CloseCode): void {
    this.leave(ws);
    try {
      ws.close(code, CloseReason[code]);
    } catch {
      ws.terminate();
    }
  }

  sockets(): IterableIterator<WebSocket> {
    return this.peers.keys();
  }

  private send(peer: Peer, message: Uint8Array): void {
    const { ws } = peer;
    if (ws.readyState !== ws.OPEN) return;
    peer.lastSentAt = Date.now();
    ws.send(message, (err) => {
      if (err) this.leave(ws);
    });
  }

  /** Stores what is pending and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.storage.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.storage.destroy();
  }
}
