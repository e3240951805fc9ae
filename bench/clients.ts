/**
 * One client abstraction over the two client libraries: y-websocket 3.1 (ours, reference) and
 * @hocuspocus/provider 4.8 (Hocuspocus, one socket per client, as separate browsers would have).
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { MessageType, SCHEMA_PARAM, SCHEMA_VERSION } from '../shared/protocol.ts';
import type { Protocol } from './servers.ts';

export interface BenchClient {
  doc: Y.Doc;
  isSynced(): boolean;
  /** Resolves at the first full sync with the server. */
  synced: Promise<void>;
  /** The underlying socket (the `ws` library's), for pings; null while (re)connecting. */
  socket(): WebSocket | null;
  destroy(): void;
}

/**
 * A Node y-websocket client as the benches use it: with a share-link token when given (`?token=`),
 * and ignoring our server's access message (y-websocket would log each unknown message type).
 */
export function benchProvider(syncUrl: string, room: string, doc: Y.Doc, token: string | null): WebsocketProvider {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { ...(token === null ? {} : { token }), [SCHEMA_PARAM]: String(SCHEMA_VERSION) },
  });
  provider.messageHandlers[MessageType.access] = () => {};
  return provider;
}

export function connect(protocol: Protocol, syncUrl: string, room: string, token: string | null, doc = new Y.Doc()): BenchClient {
  if (protocol === 'y-websocket') {
    const provider = benchProvider(syncUrl, room, doc, token);
    return {
      doc,
      isSynced: () => provider.synced,
      synced: new Promise((resolve) => provider.once('sync', () => resolve())),
      socket: () => provider.ws as unknown as WebSocket | null,
      destroy: () => {
        provider.destroy();
        doc.destroy();
      },
    };
  }
  let resolveSynced!: () => void;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const provider = new HocuspocusProvider({
    url: syncUrl,
    name: room,
    document: doc,
    WebSocketPolyfill: WebSocket,
    onSynced: () => resolveSynced(),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  return {
    doc,
    isSynced: () => provider.isSynced,
    synced,
    socket: () => (provider.configuration.websocketProvider.webSocket as unknown as WebSocket | null) ?? null,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitUntil(check: () => boolean, timeout: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
