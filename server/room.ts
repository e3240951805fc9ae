/**
 * One loaded matrix: its Y.Doc, awareness, and the sockets connected to it. Every update a
 * client sends is appended to SQLite before it is relayed; compaction runs in the background.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { CloseCode, CloseReason, MessageType } from '../shared/protocol.ts';
import { SERVER_ORIGIN } from '../shared/origins.ts';
import { countMatrix, readMeta } from '../shared/matrix.ts';
import { DEFAULT_MAX_HISTORY, trimHistory } from '../shared/history.ts';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import { encodeAwarenessEntries, parseAwarenessUpdate } from './awareness-filter.ts';

export interface RoomOptions {
  /** Compact the update log after this many appended updates. */
  compactEvery: number;
  /** Largest JSON awareness state accepted per client, in bytes. */
  maxAwarenessBytes: number;
}

/** A connection as the room sees it: the socket and the awareness ids it owns. */
interface Peer {
  ws: WebSocket;
  clientIds: Set<number>;
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

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
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

  /** Registers a socket and sends sync step 1 and the current awareness states. */
  join(ws: WebSocket): void {
    this.peers.set(ws, { ws, clientIds: new Set() });
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
        this.handleSync(ws, decoder);
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

  private handleSync(ws: WebSocket, decoder: decoding.Decoder): void {
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
    try {
      Y.decodeUpdate(payload);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'not a Yjs update');
    }
    Y.applyUpdate(this.doc, payload, ws);
  }

  private handleAwareness(peer: Peer, decoder: decoding.Decoder): void {
    let entries;
    try {
      entries = parseAwarenessUpdate(decoding.readVarUint8Array(decoder));
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'malformed awareness update');
    }
    const owners = new Map<number, WebSocket>();
    for (const [ws, p] of this.peers) for (const id of p.clientIds) owners.set(id, ws);
    // Only a client's own entries, and no oversized states, are accepted.
    const allowed = entries.filter((e) => {
      const owner = owners.get(e.clientId);
      if (owner && owner !== peer.ws) return false;
      return e.json.length <= this.options.maxAwarenessBytes;
    });
    if (allowed.length < entries.length) {
      this.log.warn('dropped awareness entries', { matrix: this.id, dropped: entries.length - allowed.length });
    }
    if (allowed.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), peer.ws);
    }
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
