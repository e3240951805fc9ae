/**
 * The frames the sync server reads and writes (y-websocket framing: first varUint = message
 * type), as named functions. Decoders throw ProtocolError, which closes the sender's socket.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../shared/protocol.ts';
import type { AccessMessage } from '../../shared/access.ts';

/** Raised for input that must close the sender's socket. */
export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

function frame(type: MessageType, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

// ---------- encoders ----------

/** Sync step 1: the server's state vector, asking the client for what it lacks. */
export const syncStep1Message = (doc: Y.Doc) => frame(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, doc));

/** Sync step 2: what the client lacks, as one update. */
export const syncStep2Message = (update: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });

/** A live update, relayed to the other peers. */
export const updateMessage = (update: Uint8Array) => frame(MessageType.sync, (e) => syncProtocol.writeUpdate(e, update));

/** The awareness states of `clientIds` (all of them when omitted). */
export const awarenessMessage = (awareness: awarenessProtocol.Awareness, clientIds: number[] = [...awareness.getStates().keys()]) =>
  frame(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds)));

/** An empty awareness update: a no-op for y-protocols that keeps a quiet socket's watchdog fed. */
export const keepAliveMessage = () => frame(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, new Uint8Array([0])));

/** The connection's role and lock (shared/access.ts). */
export const accessMessage = (message: AccessMessage) => frame(MessageType.access, (e) => encoding.writeVarString(e, JSON.stringify(message)));

// ---------- decoders ----------

/** The message type of a frame and a decoder positioned after it. */
export function readMessage(data: Uint8Array): { type: number; decoder: decoding.Decoder } {
  try {
    const decoder = decoding.createDecoder(data);
    return { type: decoding.readVarUint(decoder), decoder };
  } catch {
    throw new ProtocolError(CloseCode.malformedMessage, 'empty or truncated frame');
  }
}

/** A sync message: its sub-type (step 1, step 2, update) and payload. */
export function readSyncMessage(decoder: decoding.Decoder): { syncType: number; payload: Uint8Array } {
  try {
    return { syncType: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) };
  } catch {
    throw new ProtocolError(CloseCode.malformedMessage, 'truncated sync message');
  }
}

/** The raw awareness update of an awareness message. */
export function readAwarenessMessage(decoder: decoding.Decoder): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new ProtocolError(CloseCode.malformedMessage, 'malformed awareness update');
  }
}

/** A Yjs update decoded (structs and delete set), as the guard reads it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Decodes fully (a garbage update must not reach the document). */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError(CloseCode.malformedMessage, 'not a Yjs update');
  }
}

/** True when a decoded update changes nothing. */
export const isEmptyUpdate = (decoded: DecodedUpdate): boolean => decoded.structs.length === 0 && decoded.ds.clients.size === 0;
