/** A cell's sources: add, edit, anchor to a library document, remove and move, each recorded in the history. */
import type * as Y from 'yjs';
import { MatrixError } from '../errors.ts';
import { newId } from '../ids.ts';
import { LOCAL_ORIGIN } from '../origins.ts';
import { recordHistory, summarizeSource } from '../history.ts';
import { cleanSourceAnchor, type SourceAnchor } from '../evidence/source-evidence.ts';
import { parseCellKey, type SourceFields } from '../schema.ts';
import { isStoredSource, sourceOrderMap, sourcesMap, type StoredSource } from './maps.ts';
import { orderAt } from './order.ts';
import { existingRecord } from '../cell-records.ts';
import { readCellSources } from './read.ts';
import { requireCell } from './cells.ts';
import { cleanSourceFields } from './validate.ts';

export interface NewSource extends Partial<SourceFields>, SourceAnchor {
  quote: string;
  addedBy: string;
  addedAt?: string;
  index?: number;
  id?: string;
}

export function addSource(doc: Y.Doc, partyId: string, issueId: string, source: NewSource, origin: unknown = LOCAL_ORIGIN): string {
  const key = requireCell(doc, partyId, issueId);
  const clean = cleanSourceFields(source);
  if (!clean.quote) throw new MatrixError('invalid-quote', 'A source needs a quote.');
  const evidence = cleanSourceAnchor(source);
  const existing = readCellSources(doc, partyId, issueId);
  const index = Math.max(0, Math.min(source.index ?? existing.length, existing.length));
  const id = source.id ?? newId();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || sourcesMap(doc).has(id)) throw new MatrixError('invalid-id', `"${id}" is not a free source id.`);
  const position = orderAt(existing, index);
  const stored: StoredSource = {
    cell: key,
    quote: clean.quote ?? '',
    speaker: clean.speaker ?? '',
    document: clean.document ?? '',
    date: clean.date ?? '',
    link: clean.link ?? '',
    addedBy: source.addedBy.trim() || 'Anonymous',
    addedAt: source.addedAt ?? new Date().toISOString(),
    ...evidence,
  };
  doc.transact((tr) => {
    const orders = sourceOrderMap(doc);
    for (const [other, order] of position.rekeys) orders.set(other, order);
    orders.set(id, position.key);
    sourcesMap(doc).set(id, stored);
    // Without an actor, the source's own addedBy is the best name for who added it.
    recordHistory(doc, tr, origin, { cell: key, kind: 'source-added', before: null, after: summarizeSource(id, stored) }, stored.addedBy);
  }, origin);
  return id;
}

function storedSource(doc: Y.Doc, sourceId: string): StoredSource {
  return existingRecord(sourcesMap(doc), sourceId, isStoredSource, 'source');
}

/**
 * Changes the given fields. A source is one record, so if two people edit the same source at
 * the same moment the later write wins for the whole record (moves are kept apart in sourceOrder).
 */
export function updateSource(doc: Y.Doc, sourceId: string, patch: Partial<SourceFields>, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  const clean = cleanSourceFields(patch);
  if (clean.quote !== undefined && !clean.quote) throw new MatrixError('invalid-quote', 'A source needs a quote.');
  const next = { ...stored, ...clean };
  const changed = Object.entries(clean)
    .filter(([k, v]) => stored[k as keyof StoredSource] !== v)
    .map(([k]) => k);
  writeSourceEdit(doc, sourceId, stored, next, changed, origin);
}

/**
 * Anchors a source to a library document (or, with null, unlinks it): sets documentId,
 * selector and kind together, as "Quote in cell…" and "Find in library" do.
 */
export function setSourceAnchor(doc: Y.Doc, sourceId: string, anchor: SourceAnchor | null, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  const { documentId: _d, selector: _s, kind: _k, ...rest } = stored;
  const next: StoredSource = { ...rest, ...(anchor ? cleanSourceAnchor(anchor) : {}) };
  const changed = (['documentId', 'selector', 'kind'] as const).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(next[k]));
  writeSourceEdit(doc, sourceId, stored, next, changed, origin);
}

/** Replaces a source's record and records the edit of `changed` fields in the history; nothing when none changed. */
function writeSourceEdit(doc: Y.Doc, sourceId: string, stored: StoredSource, next: StoredSource, changed: readonly string[], origin: unknown): void {
  if (changed.length === 0) return;
  doc.transact((tr) => {
    sourcesMap(doc).set(sourceId, next);
    recordHistory(doc, tr, origin, {
      cell: stored.cell,
      kind: 'source-edited',
      before: summarizeSource(sourceId, stored),
      after: summarizeSource(sourceId, next),
      fields: [...changed],
    });
  }, origin);
}

export function removeSource(doc: Y.Doc, sourceId: string, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  doc.transact((tr) => {
    sourcesMap(doc).delete(sourceId);
    sourceOrderMap(doc).delete(sourceId);
    recordHistory(doc, tr, origin, { cell: stored.cell, kind: 'source-removed', before: summarizeSource(sourceId, stored), after: null });
  }, origin);
}

/** Moves a source within its cell to `toIndex`. */
export function moveSource(doc: Y.Doc, sourceId: string, toIndex: number, origin: unknown = LOCAL_ORIGIN): void {
  const parsed = parseCellKey(storedSource(doc, sourceId).cell);
  if (!parsed) throw new MatrixError('not-found', 'That source no longer belongs to a cell.');
  const others = readCellSources(doc, parsed.partyId, parsed.issueId).filter((s) => s.id !== sourceId);
  const index = Math.max(0, Math.min(toIndex, others.length));
  const { key, rekeys } = orderAt(others, index);
  doc.transact(() => {
    const orders = sourceOrderMap(doc);
    for (const [other, order] of rekeys) orders.set(other, order);
    orders.set(sourceId, key);
  }, origin);
}
