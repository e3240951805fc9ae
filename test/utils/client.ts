/** Real y-websocket clients in Node, destroyed when the test finishes. */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { onTestFinished } from 'vitest';
import { MessageType, SCHEMA_PARAM, SCHEMA_VERSION } from '../../shared/protocol.ts';
import type { AccessMessage } from '../../shared/access.ts';
import { waitFor } from './wait.ts';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close events the provider saw (code, reason). */
  closes: { code: number; reason: string }[];
  /** Access messages (MessageType.access) the server sent, oldest first. */
  access: AccessMessage[];
  destroy(): void;
}

/**
 * Connects with a share-link token (`?token=`; null connects without one) and the schema version
 * (`?schema=2`), as the app does; `schema` overrides it, `schema: null` omits it.
 */
export function connectClient(
  syncUrl: string,
  matrixId: string,
  token: string | null,
  options: { params?: Record<string, string>; connect?: boolean; schema?: string | null } = {},
): TestClient {
  const doc = new Y.Doc();
  const schema = options.schema === undefined ? String(SCHEMA_VERSION) : options.schema;
  const provider = new WebsocketProvider(syncUrl, matrixId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Providers in one process would otherwise sync through BroadcastChannel, not the server.
    disableBc: true,
    maxBackoffTime: 200,
    params: { ...(token === null ? {} : { token }), ...(schema === null ? {} : { [SCHEMA_PARAM]: schema }), ...options.params },
    connect: options.connect ?? true,
  });
  const access: AccessMessage[] = [];
  // What the client does with the server's access message (here: only record it).
  provider.messageHandlers[MessageType.access] = (_encoder, decoder) => {
    access.push(JSON.parse(decoding.readVarString(decoder)) as AccessMessage);
  };
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  let destroyed = false;
  const client: TestClient = {
    doc,
    provider,
    closes,
    access,
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

export async function connectSynced(syncUrl: string, matrixId: string, token: string): Promise<TestClient> {
  const client = connectClient(syncUrl, matrixId, token);
  await waitFor(() => client.provider.synced, { message: `client synced to ${matrixId}` });
  return client;
}
