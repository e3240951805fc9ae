import type { WebSocket } from 'ws';
import type { Grant } from '../share-links.ts';
import type { UpdateRate } from './limits.ts';

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
