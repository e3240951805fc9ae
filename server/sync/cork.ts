/**
 * Coalesced writes: every frame sent to a socket within one synchronous callback (a group commit
 * relaying its batch, a broadcast) leaves in one `writev` instead of one system call per frame.
 * The first send corks the socket; a `process.nextTick` uncorks every corked socket once the
 * callback returns, so nothing waits longer than the current callback. Under a flood that relays
 * hundreds of updates a second to each peer, this is most of the relay's cost (bench/flood.ts).
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

const corked = new Set<Socket>();

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** `ws.send`, with the underlying socket corked until the current callback returns. */
export function sendCoalesced(ws: WebSocket, message: Uint8Array, done: (err?: Error) => void): void {
  // ws keeps the TCP socket in `_socket` (not in its types); without one, send as usual.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket && !socket.destroyed && !corked.has(socket)) {
    if (corked.size === 0) process.nextTick(uncorkAll);
    socket.cork();
    corked.add(socket);
  }
  ws.send(message, done);
}
