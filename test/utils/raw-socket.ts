/** A bare `ws` socket for sending hand-made (or broken) frames. Closed when the test ends. */
import WebSocket from 'ws';
import { onTestFinished } from 'vitest';
import { SCHEMA_PARAM, SCHEMA_VERSION } from '../../shared/protocol.ts';

export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens `url` as a current client would: with `schema=2` added unless the URL already has a
 * schema parameter or `{ schema: null }` asks for an outdated client (no parameter at all).
 */
export async function openRawSocket(url: string, { schema = String(SCHEMA_VERSION) }: { schema?: string | null } = {}): Promise<RawSocket> {
  const target = new URL(url);
  if (schema !== null && !target.searchParams.has(SCHEMA_PARAM)) target.searchParams.set(SCHEMA_PARAM, schema);
  const ws = new WebSocket(target);
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
