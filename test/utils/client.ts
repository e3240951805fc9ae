/** Real y-websocket clients in Node, destroyed when the test finishes. */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { onTestFinished } from 'vitest';
import { waitFor } from './wait.ts';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw (code, reason). */
  closes: { code: number; reason: string }[];
  destroy(): void;
}

export function connectClient(syncUrl: string, matrixId: string, options: { params?: Record<string, string>; connect?: boolean } = {}): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, matrixId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Providers in one process would otherwise sync through BroadcastChannel, not the server.
    disableBc: true,
    maxBackoffTime: 200,
    params: options.params ?? {},
    connect: options.connect ?? true,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  let destroyed = false;
  const client: TestClient = {
    doc,
    provider,
    closes,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
  onTestFinished(() => client.destroy());
  return client;
}

export async function connectSynced(syncUrl: string, matrixId: string): Promise<TestClient> {
  const client = connectClient(syncUrl, matrixId);
  await waitFor(() => client.provider.synced, { message: `client synced to ${matrixId}` });
  return client;
}
