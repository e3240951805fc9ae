import type { WebSocket } from 'ws';
import type { Grant } from '../share-links.ts';

/** A connection as its room sees it: the socket, its grant, the awareness ids it owns. */
export interface Peer extends Grant {
  ws: WebSocket;
  clientIds: Set<number>;
  /** Date.now() of the last frame received from / sent to this socket. */
  lastReceivedAt: number;
  lastSentAt: number;
}
