import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { metaMap } from '../../../shared/matrix.ts';
import { LOCAL_ORIGIN } from '../../../shared/origins.ts';
import { CloseCode, MessageType, SCHEMA_PARAM, SCHEMA_VERSION, SYNC_PATH } from '../../../shared/protocol.ts';
import type { AccessMessage, Rejection, Role } from '../../../shared/access.ts';
import { setActor } from '../../../shared/actor.ts';
import { Connection } from '../connection/connection.svelte.ts';
import { Access } from '../access/access.svelte.ts';
import { readAccessMessage } from '../access/access-message.ts';
import { readReactionEvent } from '../reactions/reaction-message.ts';
import type { ReactionEvent } from '../../../shared/reactions.ts';
import { Emitter } from '../lib/emitter.ts';

export function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SYNC_PATH}`;
}

/** The token a socket connected with (its `?token=`), to tell a refusal of an old token from ours. */
function socketToken(target: EventTarget | null): string | null {
  try {
    return target instanceof WebSocket ? new URL(target.url).searchParams.get('token') : null;
  } catch {
    return null;
  }
}

export interface SessionOptions {
  url?: string;
  connect?: boolean;
  persist?: boolean;
  /** The share-link token this page connects with. */
  token?: string | null;
  /** The role (and lock) remembered from an earlier visit, trusted until the server speaks. */
  remembered?: { role: Role; locked?: boolean };
}

export interface SessionEvents extends Record<string, unknown> {
  /** Each access message from the server, after `access` was updated (e.g. to remember the role). */
  access: AccessMessage;
  /** The server dropped our changes: the local copy must be rolled back. */
  rejected: Rejection;
  /** The doc holds the server's state (after each connect). */
  synced: undefined;
  /** The socket (re)opened. */
  connected: undefined;
  /** A reaction event from the server (MessageType.reaction, shared/reactions.ts). */
  reaction: ReactionEvent;
}

/**
 * One matrix's connection to the server: the Y.Doc, its socket (the only module that touches the
 * WebsocketProvider), the local copy in IndexedDB, the server's access messages and the rules for
 * reconnecting. Others listen through `on` (typed events) and read `access` and `connection`.
 */
export class MatrixSession {
  readonly doc = new Y.Doc();
  readonly connection = new Connection();
  /** Role and lock, from the server's access message (MessageType.access). */
  readonly access: Access;
  readonly #provider: WebsocketProvider;
  readonly #events = new Emitter<SessionEvents>();
  /** The local copy (IndexedDB) so a reload while offline still shows the matrix. */
  #persistence: IndexeddbPersistence | null = null;
  /** True while the facilitator replaces their own link: the old token's refusal is expected. */
  #switchingToken = false;
  #destroyed = false;
  #cleanup: (() => void)[] = [];

  constructor(
    readonly id: string,
    options: SessionOptions = {},
  ) {
    const token = options.token ?? null;
    this.access = new Access(token, options.remembered);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => this.#countLocal(tr));
    const provider = (this.#provider = new WebsocketProvider(options.url ?? syncUrl(), id, this.doc, {
      connect: (options.connect ?? true) && token !== null,
      params: { ...(token ? { token } : {}), [SCHEMA_PARAM]: String(SCHEMA_VERSION) },
      // Tabs would otherwise pass edits to each other directly, so a tab with a stronger link
      // could carry a viewer tab's change to the server. Each tab syncs through the server.
      disableBc: true,
      shouldReconnect: (event) => this.#shouldReconnect(event),
    }));
    provider.messageHandlers[MessageType.access] = (_encoder, decoder) => this.#receiveAccess(readAccessMessage(decoder));
    provider.messageHandlers[MessageType.reaction] = (_encoder, decoder) => {
      const event = readReactionEvent(decoder);
      if (event) this.#events.emit('reaction', event);
    };
    this.#skipEncodingInitialState();
    this.#feedConnection();
    if (options.persist !== false && typeof indexedDB !== 'undefined') this.#persistSoon();
  }

  on<K extends keyof SessionEvents>(event: K, listener: (value: SessionEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Everyone's presence on this matrix (Yjs awareness, relayed by the server). */
  get awareness(): Awareness {
    return this.#provider.awareness;
  }

  /** Sends a frame of our own (a reaction) on the open socket; false when there is none. */
  send(frame: Uint8Array): boolean {
    const ws = this.#provider.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(frame);
    return true;
  }

  /** Who edits through this doc (recorded by the model, e.g. in history), never synced. */
  setActor(name: string, id?: string): void {
    setActor(this.doc, { name: name || 'Anonymous', ...(id ? { id } : {}) });
  }

  #feedConnection(): void {
    const provider = this.#provider;
    const { connection } = this;
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      connection.setStatus(status);
      if (status === 'connected') this.#events.emit('connected', undefined);
    };
    const onSync = (synced: boolean) => {
      connection.setSynced(synced);
      if (synced) this.#events.emit('synced', undefined);
    };
    const onClose = () => connection.socketClosed();
    const onClosed = (event: { code: number; reason: string }) => connection.refused(event.code, event.reason);
    // The browser knows the network is gone: stop the socket now (instead of waiting for a
    // timeout) so edits count as pending, and reconnect as soon as it is back.
    const onOnline = () => {
      connection.setOnline(true);
      if (connection.closedReason === null) provider.connect();
    };
    const onOffline = () => {
      connection.setOnline(false);
      provider.disconnect();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.#cleanup.push(
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('connection-close', onClose),
      () => provider.off('closed', onClosed),
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('offline', onOffline),
    );
  }

  /**
   * Loading the local copy decodes the whole matrix a second time; when the server answers
   * first that would only compete with the first render. So the copy is opened once the server
   * has synced (it then stores the state), as soon as a connection attempt fails (offline
   * reload), or after a second at the latest. It writes the doc's full state when it opens, so
   * nothing edited before that is missed.
   */
  #persistSoon(): void {
    const provider = this.#provider;
    const start = () => {
      clearTimeout(timer);
      provider.off('sync', onSync);
      provider.off('connection-close', start);
      provider.off('connection-error', start);
      if (!this.#destroyed && !this.#persistence) this.#persistence = this.#persist();
    };
    const onSync = (synced: boolean) => synced && start();
    const timer = setTimeout(start, 1000);
    provider.on('sync', onSync);
    provider.on('connection-close', start);
    provider.on('connection-error', start);
  }

  #persist(): IndexeddbPersistence {
    const persistence = new IndexeddbPersistence(localCopyName(this.id), this.doc);
    // A matrix opened before shows from the local copy even when the server is unreachable.
    persistence.on('synced', () => {
      if (metaMap(this.doc).has('schemaVersion')) this.connection.markLoadedLocally();
    });
    return persistence;
  }

  /** Counts local edits the server has not confirmed (reset when a sync completes). */
  #countLocal(tr: Y.Transaction): void {
    if (tr.origin === LOCAL_ORIGIN || tr.origin instanceof Y.UndoManager) {
      if (tr.changed.size > 0) this.connection.localChange();
    }
  }

  /**
   * y-websocket encodes every transaction for broadcast, including the initial state it just
   * received (megabytes for a big matrix, a quarter of the load time). Nothing local exists
   * before the first sync (the UI waits for it), so its listener is attached only then.
   */
  #skipEncodingInitialState(): void {
    const provider = this.#provider;
    const { doc } = this;
    doc.off('update', provider._updateHandler);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      doc.on('update', provider._updateHandler);
    };
    provider.on('sync', onSync);
  }

  // ---------- access: role, lock, rollback, token switch ----------

  #receiveAccess(message: AccessMessage | null): void {
    if (!message) return;
    this.access.apply(message);
    this.#events.emit('access', message);
    if (message.rejected) this.#events.emit('rejected', message.rejected);
  }

  /** 4400–4499 are final, except a refusal of a token this page has already replaced. */
  #shouldReconnect(event: CloseEvent): boolean {
    if (event.code < 4400 || event.code >= 4500) return true;
    if (event.code !== CloseCode.linkRevoked && event.code !== CloseCode.unauthorized) return false;
    return this.#switchingToken || socketToken(event.target) !== this.access.token;
  }

  /** Before the facilitator replaces their own link: the server closes this socket (4410). */
  beginTokenSwitch(): void {
    this.#switchingToken = true;
  }

  /** Connects with a new token (the facilitator's replaced link) without a visible error. */
  useToken(token: string): void {
    this.access.token = token;
    this.#provider.params = { token, [SCHEMA_PARAM]: String(SCHEMA_VERSION) };
    if (!this.#provider.wsconnected) this.#provider.connect();
  }

  endTokenSwitch(): void {
    this.#switchingToken = false;
  }

  /**
   * The server will never accept what this doc holds beyond its state: stop sending and delete
   * the local copy (IndexedDB), so the page can re-open from the server's state.
   */
  async discardLocalCopy(): Promise<void> {
    this.#provider.disconnect();
    const cleared = this.#persistence ? this.#persistence.clearData() : deleteLocalCopy(this.id);
    // Another tab holding the database open can block the delete; never hang the page on it.
    await Promise.race([cleared, new Promise((r) => setTimeout(r, 1500))]);
  }

  destroy(): void {
    this.#destroyed = true;
    void this.#persistence?.destroy();
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
    this.#events.clear();
    this.#provider.destroy();
    this.doc.destroy();
  }
}

function localCopyName(id: string): string {
  return `stance-grid:${id}`;
}

/** Deletes a matrix's local copy that was not opened in this page. */
function deleteLocalCopy(id: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(localCopyName(id));
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
