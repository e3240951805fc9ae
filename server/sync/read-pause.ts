/**
 * Backpressure for a socket over its update rate: rather than reading its frames only to drop
 * them, the server stops reading it for a while (`ws.pause()`), so its next frames wait in the
 * sender's TCP buffers and cost this process nothing. Together with `allowSynchronousEvents:
 * false` (server/sync/upgrade.ts: at most one message per socket per event-loop turn), a flood
 * from one address cannot hold the event loop away from other clients (bench/flood.ts).
 * Frames already buffered when the pause starts still arrive (and are refused by the rate).
 */
import type { WebSocket } from 'ws';

const timers = new WeakMap<WebSocket, NodeJS.Timeout>();

/** Reads nothing more from `ws` for `ms` (the pause never shortens one already running). */
export function pauseReading(ws: WebSocket, ms: number): void {
  if (ms <= 0 || timers.has(ws) || ws.readyState !== ws.OPEN) return;
  ws.pause();
  const timer = setTimeout(() => {
    timers.delete(ws);
    if (ws.readyState === ws.OPEN) ws.resume();
  }, ms);
  timer.unref();
  timers.set(ws, timer);
}

/** Reads again now: before closing a paused socket, whose close handshake would otherwise wait for its 30 s timeout. */
export function resumeReading(ws: WebSocket): void {
  const timer = timers.get(ws);
  if (!timer) return;
  clearTimeout(timer);
  timers.delete(ws);
  ws.resume();
}
