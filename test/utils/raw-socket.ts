/** A bare `ws` socket for sending hand-made (or broken) frames. Closed when the test ends. */
import WebSocket from 'ws';
import { onTestFinished } from 'vitest';

export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}

export async function openRawSocket(url: string, options?: WebSocket.ClientOptions): Promise<RawSocket> {
  const ws = new WebSocket(url, options);
  ws.binaryType = 'nodebuffer';
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('error', () => {});
  onTestFinished(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}
