/** Hand-made y-websocket frames for raw sockets, and reading the server's access messages back. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../shared/protocol.ts';
import type { AccessMessage } from '../../shared/access.ts';

/** A sync frame: step 2 (`syncProtocol.messageYjsSyncStep2`) or update (`messageYjsUpdate`) carrying `update`. */
export function syncFrame(update: Uint8Array, kind: number = syncProtocol.messageYjsUpdate): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An awareness frame with one entry. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** The whole state of a fresh doc after `change`: a real, non-empty Yjs update. */
export function updateFrom(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The access messages among raw frames, oldest first. */
export function accessMessages(frames: Uint8Array[]): AccessMessage[] {
  const out: AccessMessage[] = [];
  for (const frame of frames) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) === MessageType.access) out.push(JSON.parse(decoding.readVarString(d)) as AccessMessage);
  }
  return out;
}

/** The awareness states carried by raw frames, per client id (the last seen wins). */
export function awarenessStates(frames: Uint8Array[]): Map<number, unknown> {
  const states = new Map<number, unknown>();
  for (const frame of frames) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MessageType.awareness) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(inner);
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      states.set(id, JSON.parse(decoding.readVarString(inner)));
    }
  }
  return states;
}
