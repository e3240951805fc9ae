import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as model from '../../../shared/matrix.ts';
import { LOCAL_ORIGIN } from '../../../shared/origins.ts';
import { CloseCode, MessageType, SYNC_PATH } from '../../../shared/protocol.ts';
import type { AccessMessage, Rejection, Role } from '../../../shared/access.ts';
import { cellKey, type AxisItem, type AxisKind, type MatrixMeta, type Source, type SourceFields } from '../../../shared/schema.ts';
import { setActor } from '../../../shared/actor.ts';
import { contestedCells, historyArray } from '../../../shared/history.ts';
import * as comments from '../../../shared/comments.ts';
import type { StanceLevel } from '../../../shared/scale.ts';
import { Connection } from '../connection/connection.svelte.ts';
import { Access } from '../access/access.svelte.ts';
import { readAccessMessage } from '../access/access-message.ts';
import { ReadOnlyError } from '../lib/errors.ts';
import { defineContext } from '../lib/context.ts';
import { CellView, EMPTY_CELL, type CellSummary } from './cell-view.svelte.ts';

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

export interface MatrixStoreOptions {
  url?: string;
  connect?: boolean;
  persist?: boolean;
  /** The share-link token this page connects with. */
  token?: string | null;
  /** The role (and lock) remembered from an earlier visit, trusted until the server speaks. */
  remembered?: { role: Role; locked?: boolean };
}

/**
 * The bridge between one matrix's Y.Doc and Svelte. Yjs observers record which cells a
 * transaction touched; after the transaction only those cells' holders get new values.
 * The bridge only reads in observers: every write goes through the methods below, with
 * LOCAL_ORIGIN.
 */
export class MatrixStore {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly connection: Connection;
  /** Role and lock, from the server's access message (MessageType.access). */
  readonly access: Access;
  /** Called with each access message (after `access` is updated), e.g. to remember the role. */
  onAccess: ((message: AccessMessage) => void) | null = null;
  /** Called when the server dropped our changes: the local copy must be rolled back. */
  onRejected: ((rejected: Rejection) => void) | null = null;
  /** True while the facilitator replaces their own link: the old token's refusal is expected. */
  #switchingToken = false;

  meta = $state.raw<MatrixMeta>(model.readMeta(this.doc));
  scale = $state.raw<StanceLevel[]>(model.readScale(this.doc));
  parties = $state.raw<AxisItem[]>([]);
  issues = $state.raw<AxisItem[]>([]);
  levels = $derived(new Map(this.scale.map((level) => [level.id, level])));

  #cells = new Map<string, CellView>();
  /** sourceId → cell key, so a deleted source still knows which cell to refresh. */
  #sourceCell = new Map<string, string>();
  /** cell key → its source ids, so refreshing a cell never scans all sources. */
  #cellSources = new Map<string, Set<string>>();
  /** Cells touched by the current transaction; flushed in afterTransaction. */
  #dirty = new Set<string>();
  /** Bumped after each transaction that changed the history log / comments (panels re-read). */
  historyVersion = $state.raw(0);
  commentsVersion = $state.raw(0);
  #historyChanged = false;
  #commentsChanged = false;
  #contested = new Set<string>();
  #openThreads = new Map<string, number>();
  /** The cell the latest transaction touched (for undo to return to it), or null. */
  lastTouchedCell: string | null = null;
  /** The local copy (IndexedDB) so a reload while offline still shows the matrix. */
  persistence: IndexeddbPersistence | null = null;
  #destroyed = false;

  constructor(
    readonly id: string,
    options: MatrixStoreOptions = {},
  ) {
    const doc = this.doc;
    const token = options.token ?? null;
    this.access = new Access(token, options.remembered);
    model.metaMap(doc).observe(() => (this.meta = model.readMeta(doc)));
    model.scaleMap(doc).observeDeep(() => (this.scale = model.readScale(doc)));
    model.axisMap(doc, 'parties').observeDeep(() => (this.parties = model.readAxis(doc, 'parties')));
    model.axisMap(doc, 'issues').observeDeep(() => (this.issues = model.readAxis(doc, 'issues')));
    const markKeys = (event: Y.YMapEvent<string>) => {
      for (const key of event.keysChanged) this.#dirty.add(key);
    };
    model.stancesMap(doc).observe(markKeys);
    model.notesMap(doc).observe(markKeys);
    // Sources: a content map (each record's `cell` says where it belongs) and an order map,
    // both keyed by source id. A change to either refreshes that source's old and new cell.
    model.sourcesMap(doc).observe((event) => {
      for (const sourceId of event.keysChanged) this.#reindexSource(sourceId);
    });
    model.sourceOrderMap(doc).observe((event) => {
      for (const sourceId of event.keysChanged) this.#reindexSource(sourceId);
    });
    historyArray(doc).observe(() => (this.#historyChanged = true));
    const onComments = () => (this.#commentsChanged = true);
    comments.commentsMap(doc).observe(onComments);
    comments.threadsMap(doc).observe(onComments);
    doc.on('afterTransaction', (tr: Y.Transaction) => this.#flush(tr));

    this.provider = new WebsocketProvider(options.url ?? syncUrl(), id, doc, {
      connect: (options.connect ?? true) && token !== null,
      params: token ? { token } : {},
      // Tabs would otherwise pass edits to each other directly, so a tab with a stronger link
      // could carry a viewer tab's change to the server. Each tab syncs through the server.
      disableBc: true,
      shouldReconnect: (event) => this.#shouldReconnect(event),
    });
    this.provider.messageHandlers[MessageType.access] = (_encoder, decoder) => this.#receiveAccess(readAccessMessage(decoder));
    this.#skipEncodingInitialState();
    this.connection = new Connection(this.provider);
    if (options.persist !== false && typeof indexedDB !== 'undefined') this.#persistSoon();
  }

  /**
   * Loading the local copy decodes the whole matrix a second time; when the server answers
   * first that would only compete with the first render. So the copy is opened once the server
   * has synced (it then stores the state), as soon as a connection attempt fails (offline
   * reload), or after a second at the latest. It writes the doc's full state when it opens, so
   * nothing edited before that is missed.
   */
  #persistSoon(): void {
    const start = () => {
      clearTimeout(timer);
      this.provider.off('sync', onSync);
      this.provider.off('connection-close', start);
      this.provider.off('connection-error', start);
      if (!this.#destroyed && !this.persistence) this.persistence = this.#persist();
    };
    const onSync = (synced: boolean) => synced && start();
    const timer = setTimeout(start, 1000);
    this.provider.on('sync', onSync);
    this.provider.on('connection-close', start);
    this.provider.on('connection-error', start);
  }

  #persist(): IndexeddbPersistence {
    const persistence = new IndexeddbPersistence(`stance-grid:${this.id}`, this.doc);
    // A matrix opened before shows from the local copy even when the server is unreachable.
    persistence.on('synced', () => {
      if (model.metaMap(this.doc).has('schemaVersion')) this.connection.markLoadedLocally();
    });
    return persistence;
  }

  /** Counts local edits the server has not confirmed (reset when a sync completes). */
  #countLocal(tr: Y.Transaction): void {
    if (tr.origin === LOCAL_ORIGIN || tr.origin instanceof Y.UndoManager) {
      if (tr.changed.size > 0) this.connection.localChange();
    }
  }

  /** Who edits through this doc (recorded by the model, e.g. in history), never synced. */
  setActor(name: string, id?: string): void {
    setActor(this.doc, { name: name || 'Anonymous', ...(id ? { id } : {}) });
  }

  get status() {
    return this.connection.status;
  }
  get synced() {
    return this.connection.synced;
  }
  get closedReason() {
    return this.connection.closedReason;
  }

  /**
   * y-websocket encodes every transaction for broadcast, including the initial state it just
   * received (megabytes for a big matrix, a quarter of the load time). Nothing local exists
   * before the first sync (the UI waits for it), so its listener is attached only then.
   */
  #skipEncodingInitialState(): void {
    const { provider, doc } = this;
    doc.off('update', provider._updateHandler);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      doc.on('update', provider._updateHandler);
    };
    provider.on('sync', onSync);
  }

  /** The holder for one cell (created on first use; empty cells cost one small object). */
  cell(partyId: string, issueId: string): CellView {
    const key = cellKey(partyId, issueId);
    let view = this.#cells.get(key);
    if (!view) this.#cells.set(key, (view = new CellView(key, this.#summarize(key))));
    return view;
  }

  party(id: string | null): AxisItem | undefined {
    return id === null ? undefined : this.parties.find((p) => p.id === id);
  }

  issue(id: string | null): AxisItem | undefined {
    return id === null ? undefined : this.issues.find((i) => i.id === id);
  }

  axis(kind: AxisKind): AxisItem[] {
    return kind === 'parties' ? this.parties : this.issues;
  }

  #reindexSource(sourceId: string): void {
    const before = this.#sourceCell.get(sourceId);
    const after = model.sourceCell(this.doc, sourceId) ?? undefined;
    if (before !== undefined) {
      this.#dirty.add(before);
      if (before !== after) this.#cellSources.get(before)?.delete(sourceId);
    }
    if (after === undefined) {
      this.#sourceCell.delete(sourceId);
      return;
    }
    this.#sourceCell.set(sourceId, after);
    let ids = this.#cellSources.get(after);
    if (!ids) this.#cellSources.set(after, (ids = new Set()));
    ids.add(sourceId);
    this.#dirty.add(after);
  }

  #summarize(key: string): CellSummary {
    const stance = model.stancesMap(this.doc).get(key) ?? null;
    const note = model.notesMap(this.doc).get(key) ?? '';
    const ids = this.#cellSources.get(key);
    if (stance === null && !note && !ids?.size) return EMPTY_CELL;
    const all = model.sourcesMap(this.doc);
    const sources: Source[] = [];
    for (const id of ids ?? []) {
      const stored = all.get(id);
      if (stored && model.sourceCell(this.doc, id) === key) sources.push(model.readSource(this.doc, id, stored));
    }
    return { stance, note, sources: sources.sort(model.byOrder) };
  }

  #flush(tr?: Y.Transaction): void {
    if (tr) this.#countLocal(tr);
    if (this.#historyChanged) this.#refreshHistory();
    if (this.#commentsChanged) this.#refreshComments();
    this.lastTouchedCell = this.#dirty.values().next().value ?? null;
    if (this.#dirty.size === 0) return;
    for (const key of this.#dirty) {
      const view = this.#cells.get(key);
      const value = this.#summarize(key);
      if (view) view.value = value;
      else if (value !== EMPTY_CELL) this.#cells.set(key, new CellView(key, value));
    }
    this.#dirty.clear();
  }

  #refreshHistory(): void {
    this.#historyChanged = false;
    this.historyVersion++;
    const now = new Set(contestedCells(this.doc));
    for (const key of new Set([...this.#contested, ...now])) {
      if (this.#contested.has(key) !== now.has(key)) this.#view(key).contested = now.has(key);
    }
    this.#contested = now;
  }

  #refreshComments(): void {
    this.#commentsChanged = false;
    this.commentsVersion++;
    const now = comments.openCommentCounts(this.doc);
    for (const key of new Set([...this.#openThreads.keys(), ...now.keys()])) {
      const count = now.get(key) ?? 0;
      if ((this.#openThreads.get(key) ?? 0) !== count) this.#view(key).openThreads = count;
    }
    this.#openThreads = now;
  }

  #view(key: string): CellView {
    let view = this.#cells.get(key);
    if (!view) this.#cells.set(key, (view = new CellView(key, this.#summarize(key))));
    return view;
  }

  // ---------- access: role, lock, rollback, token switch ----------

  #receiveAccess(message: AccessMessage | null): void {
    if (!message) return;
    this.access.apply(message);
    this.onAccess?.(message);
    if (message.rejected) this.onRejected?.(message.rejected);
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
    this.provider.params = { token };
    if (!this.provider.wsconnected) this.provider.connect();
  }

  endTokenSwitch(): void {
    this.#switchingToken = false;
  }

  /**
   * The server will never accept what this doc holds beyond its state: stop sending and delete
   * the local copy (IndexedDB), so the page can re-open from the server's state.
   */
  async discardLocalCopy(): Promise<void> {
    this.provider.disconnect();
    const cleared = this.persistence ? this.persistence.clearData() : deleteLocalCopy(this.id);
    // Another tab holding the database open can block the delete; never hang the page on it.
    if (cleared) await Promise.race([cleared, new Promise((r) => setTimeout(r, 1500))]);
  }

  #assertCanEdit(): void {
    const { access } = this;
    if (access.canEdit) return;
    if (!access.known && !access.assumed) throw new ReadOnlyError('Still connecting to the server: try again in a moment.');
    throw new ReadOnlyError(
      access.role === 'viewer' ? 'You can view this matrix but not change it.' : 'The facilitator locked the matrix: viewing only until it is unlocked.',
    );
  }

  // ---------- local edits (all with LOCAL_ORIGIN; errors are MatrixErrors for the UI) ----------

  setTitle(title: string): void {
    this.#assertCanEdit();
    model.setTitle(this.doc, title, LOCAL_ORIGIN);
  }

  setStance(partyId: string, issueId: string, stance: string | null): void {
    this.#assertCanEdit();
    model.setStance(this.doc, partyId, issueId, stance, LOCAL_ORIGIN);
  }

  setNote(partyId: string, issueId: string, note: string): void {
    this.#assertCanEdit();
    model.setNote(this.doc, partyId, issueId, note, LOCAL_ORIGIN);
  }

  addSource(partyId: string, issueId: string, fields: SourceFields, addedBy: string): string {
    this.#assertCanEdit();
    return model.addSource(this.doc, partyId, issueId, { ...fields, addedBy }, LOCAL_ORIGIN);
  }

  updateSource(sourceId: string, patch: Partial<SourceFields>): void {
    this.#assertCanEdit();
    model.updateSource(this.doc, sourceId, patch, LOCAL_ORIGIN);
  }

  removeSource(sourceId: string): void {
    this.#assertCanEdit();
    model.removeSource(this.doc, sourceId, LOCAL_ORIGIN);
  }

  moveSource(sourceId: string, toIndex: number): void {
    this.#assertCanEdit();
    model.moveSource(this.doc, sourceId, toIndex, LOCAL_ORIGIN);
  }

  addItem(kind: AxisKind, name: string): string {
    this.#assertCanEdit();
    return model.addAxisItem(this.doc, kind, { name }, LOCAL_ORIGIN);
  }

  renameItem(kind: AxisKind, id: string, name: string): void {
    this.#assertCanEdit();
    model.renameAxisItem(this.doc, kind, id, name, LOCAL_ORIGIN);
  }

  describeItem(kind: AxisKind, id: string, description: string): void {
    this.#assertCanEdit();
    model.setAxisDescription(this.doc, kind, id, description, LOCAL_ORIGIN);
  }

  /** Moves an item to `toIndex` of the list without it (as moveAxisItem counts). */
  moveItem(kind: AxisKind, id: string, toIndex: number): void {
    this.#assertCanEdit();
    model.moveAxisItem(this.doc, kind, id, toIndex, LOCAL_ORIGIN);
  }

  deleteItem(kind: AxisKind, id: string): void {
    this.#assertCanEdit();
    model.deleteAxisItem(this.doc, kind, id, LOCAL_ORIGIN);
  }

  itemContent(kind: AxisKind, id: string): { coded: number; sources: number } {
    return model.axisItemContent(this.doc, kind, id);
  }

  confirmStance(partyId: string, issueId: string, stance: string | null): void {
    this.#assertCanEdit();
    model.confirmStance(this.doc, partyId, issueId, stance, LOCAL_ORIGIN);
  }

  addComment(partyId: string, issueId: string, text: string, parent: string | null = null): string {
    this.#assertCanEdit();
    return comments.addComment(this.doc, partyId, issueId, text, { parent }, LOCAL_ORIGIN);
  }

  editComment(id: string, text: string): void {
    this.#assertCanEdit();
    comments.editComment(this.doc, id, text, LOCAL_ORIGIN);
  }

  deleteComment(id: string): void {
    this.#assertCanEdit();
    comments.deleteComment(this.doc, id, LOCAL_ORIGIN);
  }

  setThreadResolved(rootId: string, resolved: boolean): void {
    this.#assertCanEdit();
    comments.setThreadResolved(this.doc, rootId, resolved, LOCAL_ORIGIN);
  }

  destroy(): void {
    this.#destroyed = true;
    void this.persistence?.destroy();
    this.connection.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }
}

export const matrixContext = defineContext<MatrixStore>('matrix store');

/** Deletes a matrix's local copy that was not opened in this page (same name as #persist uses). */
function deleteLocalCopy(id: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(`stance-grid:${id}`);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
