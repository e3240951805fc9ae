/**
 * One loaded matrix: its Y.Doc, awareness, and the sockets connected to it. Every update a
 * client sends is appended to SQLite before it is relayed; compaction runs in the background.
 * Each socket has the role its token granted at upgrade; the lock is read per message, so
 * locking and unlocking take effect on open sockets.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { CloseCode, CloseReason, MessageType } from '../shared/protocol.ts';
import { canEdit, type AccessMessage } from '../shared/access.ts';
import { SERVER_ORIGIN } from '../shared/origins.ts';
import { countMatrix, readMeta } from '../shared/matrix.ts';
import { DEFAULT_MAX_HISTORY, trimHistory } from '../shared/history.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import { encodeAwarenessEntries, parseAwarenessUpdate, stampAwarenessEntry, type AwarenessEntry } from './awareness-filter.ts';
import type { Grant } from './share-links.ts';

export interface RoomOptions {
  /** Compact the update log after this many appended updates. */
  compactEvery: number;
  /** Largest JSON awareness state accepted per client, in bytes. */
  maxAwarenessBytes: number;
  /**
   * A socket that sent nothing for this long no longer keeps its awareness ids from a new socket
   * (2× the heartbeat interval; see `mayWriteAwareness`).
   */
  staleOwnerMs: number;
}

/** A connection as the room sees it: the socket, its grant, the awareness ids it owns. */
interface Peer extends Grant {
  ws: WebSocket;
  clientIds: Set<number>;
  /** Date.now() of the last frame received from / sent to this socket. */
  lastReceivedAt: number;
  lastSentAt: number;
}

/** Raised for input that must close the sender's socket. */
export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

export class Room {
  private ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  /**
   * The stored state, read from SQLite in full when the room is created. Until the in-memory
   * doc has been decoded from it, sync replies are computed from these bytes directly, so a
   * cold room answers its first client without waiting for a decode it does not need.
   */
  private stored: Uint8Array | null;
  private peers = new Map<WebSocket, Peer>();
  private lastSeq = 0;
  private appendedSinceCompact = 0;
  private compactScheduled = false;
  private destroyed = false;

  constructor(
    readonly id: string,
    private storage: Storage,
    private log: Logger,
    private options: RoomOptions,
    /** The facilitator's lock (editors read-only), as stored; `setLocked` changes it. */
    private locked = false,
  ) {
    // The server is not a participant.
    this.awareness.setLocalState(null);
    // Read synchronously, so the whole stored state is at hand before any sync reply.
    const { updates, lastSeq } = storage.load(id);
    this.stored = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    this.lastSeq = lastSeq;
    this.appendedSinceCompact = updates.length > 1 ? updates.length : 0;
    this.ydoc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (this.appendedSinceCompact > 0) this.scheduleCompact();
  }

  /** The live document, decoded from the stored state on first use. */
  get doc(): Y.Doc {
    if (this.stored) {
      const stored = this.stored;
      this.stored = null;
      Y.applyUpdate(this.ydoc, stored, SERVER_ORIGIN);
      // Peers that joined while the room was cold still need the server's sync step 1.
      for (const ws of this.peers.keys()) this.sendSyncStep1(ws);
    }
    return this.ydoc;
  }

  private sendSyncStep1(ws: WebSocket): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.ydoc);
    this.send(ws, encoding.toUint8Array(encoder));
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === SERVER_ORIGIN) return;
    const sender = origin as WebSocket | undefined;
    try {
      this.lastSeq = this.storage.append(this.id, update);
    } catch (err) {
      // Keep the change in memory (compaction will store it) but do not relay what is not stored.
      this.log.error('could not store update', { matrix: this.id, error: String(err) });
      this.appendedSinceCompact = Number.MAX_SAFE_INTEGER;
      this.scheduleCompact();
      if (sender && this.peers.has(sender)) this.close(sender, CloseCode.storageFailure);
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const ws of this.peers.keys()) if (ws !== sender) this.send(ws, message);
    if (++this.appendedSinceCompact >= this.options.compactEvery) this.scheduleCompact();
  };

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const changed = [...added, ...updated, ...removed];
    const peer = this.peers.get(origin as WebSocket);
    if (peer) {
      for (const id of [...added, ...updated]) peer.clientIds.add(id);
      for (const id of removed) peer.clientIds.delete(id);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    const message = encoding.toUint8Array(encoder);
    // Relayed to everyone, the sender too: it keeps a quiet client's 30 s watchdog fed.
    for (const ws of this.peers.keys()) this.send(ws, message);
  };

  /** Registers a socket and sends its access message, sync step 1 and the current awareness states. */
  join(ws: WebSocket, grant: Grant): void {
    const now = Date.now();
    const peer: Peer = { ws, ...grant, clientIds: new Set(), lastReceivedAt: now, lastSentAt: now };
    this.peers.set(ws, peer);
    // First, so the client knows whether it may edit before the document arrives.
    this.sendAccess(peer);
    // A cold room answers the client's step 1 from the stored bytes and sends its own step 1
    // once decoded (see `doc`), so the first reply is not held up by a decode.
    if (this.stored) setTimeout(() => !this.destroyed && this.doc, 100).unref();
    else this.sendSyncStep1(ws);
    const states = this.awareness.getStates();
    if (states.size > 0) {
      const aw = encoding.createEncoder();
      encoding.writeVarUint(aw, MessageType.awareness);
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()]));
      this.send(ws, encoding.toUint8Array(aw));
    }
  }

  /** Handles one binary frame. Throws ProtocolError for input that must close the socket. */
  handleMessage(ws: WebSocket, data: Uint8Array): void {
    const peer = this.peers.get(ws);
    if (!peer) return;
    peer.lastReceivedAt = Date.now();
    let decoder: decoding.Decoder;
    let type: number;
    try {
      decoder = decoding.createDecoder(data);
      type = decoding.readVarUint(decoder);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'empty or truncated frame');
    }
    switch (type) {
      case MessageType.sync:
        this.handleSync(peer, decoder);
        return;
      case MessageType.awareness:
        this.handleAwareness(peer, decoder);
        return;
      case MessageType.queryAwareness: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.awareness);
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
        this.send(ws, encoding.toUint8Array(encoder));
        return;
      }
      case MessageType.auth:
        return; // clients never send auth messages; ignore rather than fail
      default:
        throw new ProtocolError(CloseCode.unknownMessageType, `unknown message type ${type}`);
    }
  }

  private handleSync(peer: Peer, decoder: decoding.Decoder): void {
    const { ws } = peer;
    let syncType: number;
    let payload: Uint8Array;
    try {
      syncType = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'truncated sync message');
    }
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      let update: Uint8Array;
      try {
        const known = Y.decodeStateVector(payload);
        if (this.stored) update = known.size === 0 ? this.stored : Y.diffUpdate(this.stored, payload);
        else update = Y.encodeStateAsUpdate(this.ydoc, payload);
      } catch {
        throw new ProtocolError(CloseCode.malformedMessage, 'invalid state vector');
      }
      // Decode the live doc once the reply is on its way.
      if (this.stored) setImmediate(() => !this.destroyed && this.doc);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
      this.send(ws, encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError(CloseCode.unknownMessageType, `unknown sync message type ${syncType}`);
    }
    // Decode fully before applying: a garbage update must not reach the document.
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(payload);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'not a Yjs update');
    }
    if (!canEdit(peer.role, this.locked)) {
      // Never applied, stored or relayed. An empty step 2 is the normal reply of a client with
      // nothing new; anything else is a change the client must roll back, so tell it.
      if (decoded.structs.length > 0 || decoded.ds.clients.size > 0) {
        this.sendAccess(peer, { reason: peer.role === 'viewer' ? 'read-only' : 'locked' });
      }
      return;
    }
    Y.applyUpdate(this.doc, payload, ws);
  }

  /** The lock changed: takes effect on the next message; every connection is told its rights. */
  setLocked(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
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
   * Sends an empty awareness update (a no-op for y-protocols) to sockets that were sent nothing
   * for `idleMs`: y-websocket drops a connection that received nothing for 30 s, and a viewer
   * alone in a quiet room, with no awareness state of its own to echo, would otherwise get nothing.
   */
  keepAlive(idleMs: number, now = Date.now()): void {
    const message = new Uint8Array([MessageType.awareness, 1, 0]);
    for (const peer of this.peers.values()) if (now - peer.lastSentAt >= idleMs) this.send(peer.ws, message);
  }

  private sendAccess(peer: Peer, rejected?: AccessMessage['rejected']): void {
    const message: AccessMessage = { role: peer.role, locked: this.locked, ...(rejected ? { rejected } : {}) };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.access);
    encoding.writeVarString(encoder, JSON.stringify(message));
    this.send(peer.ws, encoding.toUint8Array(encoder));
  }

  private handleAwareness(peer: Peer, decoder: decoding.Decoder): void {
    let entries;
    try {
      entries = parseAwarenessUpdate(decoding.readVarUint8Array(decoder));
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'malformed awareness update');
    }
    const owners = new Map<number, Peer>();
    for (const p of this.peers.values()) for (const id of p.clientIds) owners.set(id, p);
    // Only a client's own entries, stamped with its role, and no oversized states, are accepted.
    const allowed: AwarenessEntry[] = [];
    let refused = 0;
    for (const entry of entries) {
      const owner = owners.get(entry.clientId);
      const stamped = this.mayWriteAwareness(peer, entry.clientId, owner) ? stampAwarenessEntry(entry, peer.role) : null;
      if (!stamped || stamped.json.length > this.options.maxAwarenessBytes) {
        // y-websocket clients send back every awareness change they receive, colleagues' too; an
        // entry no newer than what the server holds is such an echo, dropped without a log line.
        const known = this.awareness.meta.get(entry.clientId);
        if (!(stamped === null && known !== undefined && entry.clock <= known.clock)) refused++;
        continue;
      }
      allowed.push(stamped);
      // Reclaimed from an old socket: owned from now on, even when the entry is not newer than the
      // stored one (a reconnect re-sends its last clock) and so raises no update event. Other ids
      // become owned only when an entry is applied (onAwarenessUpdate), so none can be squatted.
      if (owner && owner !== peer && stamped.state !== null) peer.clientIds.add(entry.clientId);
    }
    if (refused > 0) this.log.warn('dropped awareness entries', { matrix: this.id, dropped: refused });
    if (allowed.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), peer.ws);
    // A reconnecting client re-sends the clock it had; if the server removed its state when the
    // old socket closed, that clock is now stale and would be ignored for up to 30 s. Echo the
    // removal back: y-protocols then re-announces the local state with a newer clock.
    const stale = allowed.filter((e) => e.state !== null && !this.awareness.states.has(e.clientId) && this.awareness.meta.has(e.clientId));
    if (stale.length > 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(
          this.awareness,
          stale.map((e) => e.clientId),
        ),
      );
      this.send(peer.ws, encoding.toUint8Array(encoder));
    }
  }

  /**
   * May `peer` write the awareness entry currently owned by `owner`? Ownership is what stops one
   * client from spoofing another's presence, but a client that reconnects keeps its awareness
   * client id and must be able to reclaim it from its own old socket. The rule:
   * - nobody owns the id, or this socket does: yes;
   * - the owner's socket is closing or closed (its close event is still pending): yes, ownership moves;
   * - the owner has sent nothing for `staleOwnerMs` (2× the heartbeat; a live y-websocket client
   *   renews its awareness every 15 s): that socket is a half-open leftover; it is terminated and
   *   ownership moves;
   * - otherwise another live connection owns it: no (the entry is dropped and logged).
   */
  private mayWriteAwareness(peer: Peer, clientId: number, owner: Peer | undefined): boolean {
    if (!owner || owner === peer) return true;
    const ownerClosing = owner.ws.readyState !== owner.ws.OPEN;
    const ownerSilent = Date.now() - owner.lastReceivedAt > this.options.staleOwnerMs;
    if (!ownerClosing && !ownerSilent) return false;
    // Its leave() must not remove the state the new socket now owns.
    owner.clientIds.delete(clientId);
    if (ownerSilent && !ownerClosing) {
      this.log.warn('terminating a silent socket whose client reconnected', { matrix: this.id });
      owner.ws.terminate();
    }
    return true;
  }

  /** Removes a socket and the awareness states it owned. */
  leave(ws: WebSocket): void {
    const peer = this.peers.get(ws);
    if (!peer) return;
    this.peers.delete(ws);
    if (peer.clientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.clientIds], null);
    }
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

  private send(ws: WebSocket, message: Uint8Array): void {
    if (ws.readyState !== ws.OPEN) return;
    const peer = this.peers.get(ws);
    if (peer) peer.lastSentAt = Date.now();
    ws.send(message, (err) => {
      if (err) this.leave(ws);
    });
  }

  private scheduleCompact(): void {
    if (this.compactScheduled || this.destroyed) return;
    this.compactScheduled = true;
    setImmediate(() => {
      this.compactScheduled = false;
      if (!this.destroyed) this.compact();
    });
  }

  /** Merges the whole log into one update, in one transaction. */
  compact(): void {
    if (this.appendedSinceCompact === 0) return;
    try {
      // Bound the history log (README, History bound). SERVER_ORIGIN transactions are neither
      // appended nor relayed, so the trim reaches storage only through the merged state below;
      // connected clients keep their longer copy until they resync, which is acceptable.
      trimHistory(this.doc, { maxEntries: DEFAULT_MAX_HISTORY }, SERVER_ORIGIN);
      const merged = Y.encodeStateAsUpdate(this.doc);
      this.lastSeq = this.storage.compact(this.id, merged, this.lastSeq, { title: readMeta(this.doc).title, ...countMatrix(this.doc) });
      this.appendedSinceCompact = 0;
    } catch (err) {
      this.log.error('compaction failed; the state stays in memory', { matrix: this.id, error: String(err) });
    }
  }

  /** Stores what is pending and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.compact();
    this.destroyed = true;
    this.ydoc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }
}
