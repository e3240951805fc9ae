import type { WebSocket } from 'ws';
import type { Grant } from '../share-links.ts';
import { UpdateRate, type SyncLimits, type TokenBucket } from './limits.ts';
import { sendCoalesced } from './cork.ts';
import { resumeReading } from './read-pause.ts';
import { CloseCode, CloseReason } from '../../shared/protocol.ts';

/** A connection as its room sees it: the socket, its grant, the awareness ids it owns. */
export interface Peer extends Grant {
  ws: WebSocket;
  clientIds: Set<number>;
  /** Date.now() of the last frame received from / sent to this socket. */
  lastReceivedAt: number;
  lastSentAt: number;
  /** Incoming update rate (server/sync/limits.ts). */
  rate: UpdateRate;
  /** When this socket was last sent a full sync reply, and the newest state vector still waiting for one. */
  lastSyncReplyAt: number;
  waitingStateVector: Uint8Array | null;
  syncReplyTimer: NodeJS.Timeout | null;
}

/** A new connection's peer: nothing received or sent yet but now, no awareness ids, a fresh rate. */
export function newPeer(ws: WebSocket, grant: Grant, limits: SyncLimits, addressUpdates: TokenBucket | null): Peer {
  const now = Date.now();
  return {
    ws,
    ...grant,
    clientIds: new Set(),
    lastReceivedAt: now,
    lastSentAt: now,
    rate: new UpdateRate(limits, addressUpdates),
    lastSyncReplyAt: 0,
    waitingStateVector: null,
    syncReplyTimer: null,
  };
}

/**
 * Sends to an open socket, unless its unsent data (`ws.bufferedAmount`) would pass `maxBufferedBytes`:
 * then sends nothing and returns false (the room closes it with 4013). One message always goes out
 * onto an empty buffer, however large (a big matrix's first sync).
 */
export function sendToPeer(peer: Peer, message: Uint8Array, maxBufferedBytes: number, onError: () => void): boolean {
  const { ws } = peer;
  if (ws.readyState !== ws.OPEN) return true;
  if (ws.bufferedAmount > 0 && ws.bufferedAmount + message.byteLength > maxBufferedBytes) return false;
  peer.lastSentAt = Date.now();
  sendCoalesced(ws, message, (err) => {
    if (err) onError();
  });
  return true;
}

/** Closes with the code's one wording (shared/close-codes.ts), reading again first so a paused socket's close handshake is not stuck. */
export function closeSocket(ws: WebSocket, code: CloseCode): void {
  resumeReading(ws);
  try {
    ws.close(code, CloseReason[code]);
  } catch {
    ws.terminate();
  }
  // A socket that does not read would hold its queued data until ws's 30 s close timeout.
  if (code === CloseCode.sendBufferFull) setTimeout(() => ws.terminate(), 1000).unref();
}
