/**
 * Dated positions (world time: the day a party held a stance), salience and timeline events.
 * Validated mutations over a Y.Doc, each in one transaction with a typed origin.
 *
 * Invariant: a cell with stored positions has as its `stances` entry the stance of its latest
 * position (timeline order: undated first, then by date). Every write here that changes which
 * stance is latest writes `stances` and its history entry in the same transaction, so readers of
 * the current stance, the contested-stance logic and the history keep working unchanged. A cell
 * coded without positions (all version-1 data) reads as one implied undated position.
 */
import type * as Y from 'yjs';
import { MatrixError } from './errors.ts';
import { newId, ITEM_ID_PATTERN } from './ids.ts';
import { LOCAL_ORIGIN } from './origins.ts';
import { headsConflict, recordHistory, stanceHeads, summarizeSource } from './history.ts';
import { axisMap, cleanDate, readScale, sourcesMap, stancesMap, type StoredSource } from './matrix.ts';
import { cellKey, parseCellKey, type StoredEvent, type StoredPosition } from './schema.ts';
import { editorName, eventsMap, isStoredEvent, isStoredPosition, positionsMap, salienceMap, storedCellPositions } from './timeline/store.ts';
import { existingRecord } from './cell-records.ts';

export const MAX_POSITION_NOTE = 2000;
export const MAX_EVENT_LABEL = 200;

export interface PositionFields {
  /** A level id of the matrix's scale. */
  stance: string;
  /** YYYY-MM-DD, or "" for undated (held since always). */
  date: string;
  note?: string;
}

function requireCell(doc: Y.Doc, partyId: string, issueId: string): string {
  if (!axisMap(doc, 'parties').has(partyId)) throw new MatrixError('not-found', 'That party no longer exists.');
  if (!axisMap(doc, 'issues').has(issueId)) throw new MatrixError('not-found', 'That issue no longer exists.');
  return cellKey(partyId, issueId);
}

function cleanStance(doc: Y.Doc, stance: string): string {
  if (!readScale(doc).some((l) => l.id === stance)) {
    throw new MatrixError('invalid-stance', `"${stance}" is not a level of this matrix's stance scale.`);
  }
  return stance;
}

function cleanNote(note: string): string {
  const trimmed = note.trim();
  if (trimmed.length > MAX_POSITION_NOTE) throw new MatrixError('invalid-quote', `A position's note is longer than ${MAX_POSITION_NOTE} characters.`);
  return trimmed;
}

function freeId(id: string | undefined, taken: (id: string) => boolean): string {
  const chosen = id ?? newId();
  if (!ITEM_ID_PATTERN.test(chosen) || taken(chosen)) throw new MatrixError('invalid-id', `"${chosen}" is not a free id.`);
  return chosen;
}

/**
 * Makes `stances` the latest position's stance, with a 'stance' history entry, as setStance
 * would. Call inside the transaction that changed the cell's positions.
 */
function settleStance(doc: Y.Doc, tr: Y.Transaction, key: string, origin: unknown): void {
  const list = storedCellPositions(doc, key);
  const after = list[list.length - 1]?.stance ?? null;
  const map = stancesMap(doc);
  const before = map.get(key) ?? null;
  const heads = stanceHeads(doc, key);
  if (before === after && !headsConflict(heads)) return;
  if (before !== after) {
    if (after === null) map.delete(key);
    else map.set(key, after);
  }
  recordHistory(doc, tr, origin, { cell: key, kind: 'stance', before, after, bases: heads.map((h) => h.id) });
}

/** `at` orders positions of one day, so it is set when a position is placed on a day, not on every edit. */
function stored(doc: Y.Doc, key: string, fields: { stance: string; date: string; note: string }, at = new Date().toISOString()): StoredPosition {
  return { cell: key, stance: fields.stance, date: fields.date, note: fields.note, by: editorName(doc), at };
}

/**
 * Adds a dated (or undated) position to a cell. A cell coded without positions first gets its
 * current stance stored as the undated position it implied, so the earlier coding is kept as the
 * starting point of the timeline. A cell has at most one undated position.
 */
export function addPosition(doc: Y.Doc, partyId: string, issueId: string, fields: PositionFields & { id?: string }, origin: unknown = LOCAL_ORIGIN): string {
  const key = requireCell(doc, partyId, issueId);
  const stance = cleanStance(doc, fields.stance);
  const date = cleanDate(fields.date);
  const note = cleanNote(fields.note ?? '');
  const map = positionsMap(doc);
  const id = freeId(fields.id, (x) => map.has(x));
  const existing = storedCellPositions(doc, key);
  const current = stancesMap(doc).get(key);
  const implied = existing.length === 0 && current !== undefined;
  if (date === '' && (implied || existing.some((p) => p.date === ''))) {
    throw new MatrixError('invalid-date', 'This cell already has an undated position: edit it, or give this one a date.');
  }
  doc.transact((tr) => {
    if (implied) map.set(newId(), stored(doc, key, { stance: current, date: '', note: '' }));
    map.set(id, stored(doc, key, { stance, date, note }));
    settleStance(doc, tr, key, origin);
  }, origin);
  return id;
}

function storedPosition(doc: Y.Doc, positionId: string): StoredPosition {
  return existingRecord(positionsMap(doc), positionId, isStoredPosition, 'position');
}

/** Changes a position's stance, date or note; `by` becomes the editor, `at` changes only with the date. */
export function editPosition(doc: Y.Doc, positionId: string, patch: Partial<PositionFields>, origin: unknown = LOCAL_ORIGIN): void {
  const before = storedPosition(doc, positionId);
  const stance = patch.stance === undefined ? before.stance : cleanStance(doc, patch.stance);
  const date = patch.date === undefined ? before.date : cleanDate(patch.date);
  const note = patch.note === undefined ? (before.note ?? '') : cleanNote(patch.note);
  if (stance === before.stance && date === before.date && note === before.note) return;
  if (date === '' && before.date !== '' && storedCellPositions(doc, before.cell).some((p) => p.date === '')) {
    throw new MatrixError('invalid-date', 'This cell already has an undated position.');
  }
  doc.transact((tr) => {
    positionsMap(doc).set(
      positionId,
      stored(doc, before.cell, { stance, date, note }, date === before.date && typeof before.at === 'string' ? before.at : undefined),
    );
    settleStance(doc, tr, before.cell, origin);
  }, origin);
}

/**
 * Removes a position; the cell's stance becomes its new latest one (none left: not coded).
 * Sources that supported it keep their `position` id, which readers then treat as absent (they
 * support the current stance): rewriting them could undo a concurrent edit of the source.
 */
export function removePosition(doc: Y.Doc, positionId: string, origin: unknown = LOCAL_ORIGIN): void {
  const { cell } = storedPosition(doc, positionId);
  doc.transact((tr) => {
    positionsMap(doc).delete(positionId);
    settleStance(doc, tr, cell, origin);
  }, origin);
}

/**
 * Stores the implied undated position of a cell coded without positions, so it can be edited
 * (e.g. given a date). Returns its id; for a cell that already has positions, the latest's id.
 */
export function storeImpliedPosition(doc: Y.Doc, partyId: string, issueId: string, origin: unknown = LOCAL_ORIGIN): string {
  const key = requireCell(doc, partyId, issueId);
  const existing = storedCellPositions(doc, key);
  const latest = existing[existing.length - 1];
  if (latest) return latest.id;
  const current = stancesMap(doc).get(key);
  if (current === undefined) throw new MatrixError('not-found', 'This cell has no stance yet: add a position instead.');
  const id = newId();
  doc.transact(() => positionsMap(doc).set(id, stored(doc, key, { stance: current, date: '', note: '' })), origin);
  return id;
}

/**
 * Links a source to the dated position it supports (null: to the current stance). The position
 * must belong to the source's cell. Recorded in the history as a source edit of field `position`.
 */
export function attachSource(doc: Y.Doc, sourceId: string, positionId: string | null, origin: unknown = LOCAL_ORIGIN): void {
  const source = sourcesMap(doc).get(sourceId) as (StoredSource & { position?: unknown }) | undefined;
  if (typeof source !== 'object' || source === null || typeof source.cell !== 'string') throw new MatrixError('not-found', 'That source no longer exists.');
  if (positionId !== null && storedPosition(doc, positionId).cell !== source.cell) {
    throw new MatrixError('not-found', 'That position belongs to another cell.');
  }
  if ((source.position ?? null) === positionId) return;
  const { position: _old, ...rest } = source;
  const next = positionId === null ? rest : { ...rest, position: positionId };
  doc.transact((tr) => {
    sourcesMap(doc).set(sourceId, next as StoredSource);
    recordHistory(doc, tr, origin, {
      cell: source.cell,
      kind: 'source-edited',
      before: summarizeSource(sourceId, source),
      after: summarizeSource(sourceId, source),
      fields: ['position'],
    });
  }, origin);
}

// ---------- salience ----------

/** Sets how much the issue matters to the party: an integer 0–100, or null for the default (50). */
export function setSalience(doc: Y.Doc, partyId: string, issueId: string, value: number | null, origin: unknown = LOCAL_ORIGIN): void {
  const key = requireCell(doc, partyId, issueId);
  if (value !== null && (!Number.isInteger(value) || value < 0 || value > 100)) {
    throw new MatrixError('invalid-stance', `Salience must be a whole number from 0 to 100 (got ${value}).`);
  }
  const map = salienceMap(doc);
  if ((map.get(key) ?? null) === value) return;
  doc.transact(() => {
    if (value === null) map.delete(key);
    else map.set(key, value);
  }, origin);
}

// ---------- events ----------

function cleanEvent(fields: Partial<StoredEvent>): Partial<StoredEvent> {
  const out: Partial<StoredEvent> = {};
  if (fields.date !== undefined) {
    out.date = cleanDate(fields.date);
    if (!out.date) throw new MatrixError('invalid-date', 'An event needs a date (YYYY-MM-DD).');
  }
  if (fields.label !== undefined) {
    out.label = fields.label.replace(/\s+/g, ' ').trim();
    if (!out.label) throw new MatrixError('invalid-name', 'An event needs a label.');
    if (out.label.length > MAX_EVENT_LABEL) throw new MatrixError('invalid-name', `An event label is longer than ${MAX_EVENT_LABEL} characters.`);
  }
  return out;
}

/** Adds a named day to the timeline ("Jeddah talks"). */
export function addEvent(doc: Y.Doc, event: StoredEvent & { id?: string }, origin: unknown = LOCAL_ORIGIN): string {
  const clean = cleanEvent(event);
  const map = eventsMap(doc);
  const id = freeId(event.id, (x) => map.has(x));
  doc.transact(() => map.set(id, { date: clean.date ?? '', label: clean.label ?? '' }), origin);
  return id;
}

export function editEvent(doc: Y.Doc, eventId: string, patch: Partial<StoredEvent>, origin: unknown = LOCAL_ORIGIN): void {
  const map = eventsMap(doc);
  const before = map.get(eventId);
  if (!isStoredEvent(before)) throw new MatrixError('not-found', 'That event no longer exists.');
  const next = { date: before.date, label: before.label, ...cleanEvent(patch) };
  if (next.date === before.date && next.label === before.label) return;
  doc.transact(() => map.set(eventId, next), origin);
}

export function removeEvent(doc: Y.Doc, eventId: string, origin: unknown = LOCAL_ORIGIN): void {
  const map = eventsMap(doc);
  if (!isStoredEvent(map.get(eventId))) throw new MatrixError('not-found', 'That event no longer exists.');
  doc.transact(() => map.delete(eventId), origin);
}

/** The party and issue of a position, for callers that hold only its id. */
export function positionCell(doc: Y.Doc, positionId: string): { partyId: string; issueId: string } | null {
  const v = positionsMap(doc).get(positionId);
  return isStoredPosition(v) ? parseCellKey(v.cell) : null;
}
