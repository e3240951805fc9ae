import * as Y from 'yjs';
import * as model from '../../../shared/matrix.ts';
import { cellKey, type AxisItem, type AxisKind, type MatrixData, type MatrixMeta, type Source } from '../../../shared/schema.ts';
import { contestedCells, historyArray, readActivity, readCellHistory, readContested } from '../../../shared/history.ts';
import * as comments from '../../../shared/comments.ts';
import type { StanceLevel } from '../../../shared/scale.ts';
import { readCellPositions, readSalience, readTimelineData } from '../../../shared/timeline/read.ts';
import { CellView, EMPTY_CELL, type CellSummary } from './cell-view.svelte.ts';

/**
 * The reactive bridge from one matrix's Y.Doc to Svelte. Yjs observers record which cells a
 * transaction touched; after the transaction only those cells' holders get new values. Large
 * values are `$state.raw`, replaced and never mutated. It only reads: edits go through
 * MatrixActions.
 */
export class MatrixView {
  // Set in the constructor (a field initializer cannot read the doc parameter yet).
  meta = $state.raw() as MatrixMeta;
  scale = $state.raw() as StanceLevel[];
  parties = $state.raw<AxisItem[]>([]);
  issues = $state.raw<AxisItem[]>([]);
  levels = $derived(new Map(this.scale.map((level) => [level.id, level])));
  /** Bumped after each transaction that changed the history log / comments (readers re-read). */
  historyVersion = $state.raw(0);
  commentsVersion = $state.raw(0);
  /** Bumped after each transaction that changed anything (the timeline and analysis re-read). */
  docVersion = $state.raw(0);
  /** The cell the latest transaction touched (for undo to return to it), or null. */
  lastTouchedCell: string | null = null;

  #cells = new Map<string, CellView>();
  /** sourceId → cell key, so a deleted source still knows which cell to refresh. */
  #sourceCell = new Map<string, string>();
  /** cell key → its source ids, so refreshing a cell never scans all sources. */
  #cellSources = new Map<string, Set<string>>();
  /** Cells touched by the current transaction; flushed in afterTransaction. */
  #dirty = new Set<string>();
  #historyChanged = false;
  #commentsChanged = false;
  #contested = new Set<string>();
  #openThreads = new Map<string, number>();

  constructor(private readonly doc: Y.Doc) {
    this.meta = model.readMeta(doc);
    this.scale = model.readScale(doc);
    this.parties = model.readAxis(doc, 'parties');
    this.issues = model.readAxis(doc, 'issues');
    model.metaMap(doc).observe(() => (this.meta = model.readMeta(doc)));
    model.scaleMap(doc).observeDeep(() => (this.scale = model.readScale(doc)));
    model.axisMap(doc, 'parties').observeDeep(() => (this.parties = model.readAxis(doc, 'parties')));
    model.axisMap(doc, 'issues').observeDeep(() => (this.issues = model.readAxis(doc, 'issues')));
    const markKeys = (event: Y.YMapEvent<string>) => {
      for (const key of event.keysChanged) this.#dirty.add(key);
    };
    model.stancesMap(doc).observe(markKeys);
    // Notes may be Y.Text: a change inside one marks its cell too.
    const notes = model.notesMap(doc);
    notes.observeDeep((events) => {
      for (const event of events) {
        if (event instanceof Y.YMapEvent) for (const key of event.keysChanged) this.#dirty.add(key);
        else if (event.target._item?.parentSub) this.#dirty.add(event.target._item.parentSub);
      }
    });
    // Sources: a content map (each record's `cell` says where it belongs) and an order map,
    // both keyed by source id. A change to either refreshes that source's old and new cell.
    const reindex = (event: { keysChanged: Set<string> }) => {
      for (const sourceId of event.keysChanged) this.#reindexSource(sourceId);
    };
    model.sourcesMap(doc).observe(reindex);
    model.sourceOrderMap(doc).observe(reindex);
    historyArray(doc).observe(() => (this.#historyChanged = true));
    const onComments = () => (this.#commentsChanged = true);
    comments.commentsMap(doc).observe(onComments);
    comments.threadsMap(doc).observe(onComments);
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0) this.docVersion++;
      this.#flush();
    });
  }

  /** The holder for one cell (created on first use; empty cells cost one small object). */
  cell(partyId: string, issueId: string): CellView {
    return this.#view(cellKey(partyId, issueId));
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

  // ---------- readers: reactive through the version counters, so a $derived re-reads on change ----------

  itemContent(kind: AxisKind, id: string): { coded: number; sources: number } {
    return model.axisItemContent(this.doc, kind, id);
  }

  activity(limit: number): ReturnType<typeof readActivity> {
    void this.historyVersion;
    return readActivity(this.doc, limit);
  }

  cellHistory(partyId: string, issueId: string): ReturnType<typeof readCellHistory> {
    void this.historyVersion;
    return readCellHistory(this.doc, partyId, issueId);
  }

  contestedIn(partyId: string, issueId: string): ReturnType<typeof readContested> {
    void this.historyVersion;
    return readContested(this.doc, partyId, issueId);
  }

  cellComments(partyId: string, issueId: string): ReturnType<typeof comments.readCellComments> {
    void this.commentsVersion;
    return comments.readCellComments(this.doc, partyId, issueId);
  }

  /** Keys of the contested cells (concurrent stances disagree). */
  contestedKeys(): string[] {
    void this.historyVersion;
    return [...this.#contested];
  }

  /** The whole matrix as plain data (a snapshot or an export of the live state); not reactive. */
  data(): MatrixData {
    return model.readMatrix(this.doc);
  }

  /** The matrix with each cell's positions and salience, and the events (reactive on any change). */
  timelineData(): MatrixData {
    void this.docVersion;
    return readTimelineData(this.doc);
  }

  /** One cell's dated positions (timeline order) and salience, reactive on any change. */
  cellTimeline(partyId: string, issueId: string): { positions: ReturnType<typeof readCellPositions>; salience: number } {
    void this.docVersion;
    return { positions: readCellPositions(this.doc, partyId, issueId), salience: readSalience(this.doc, partyId, issueId) };
  }

  // ---------- the bridge ----------

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
    const note = model.shownText(model.notesMap(this.doc).get(key));
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

  #flush(): void {
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
}
