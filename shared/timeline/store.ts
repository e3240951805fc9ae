/**
 * The timeline's roots (`positions`, `salience`, `events`) and the few low-level operations
 * matrix.ts needs on them (a stance written from the grid, a deleted party or issue). Like
 * history.ts, this module does not import matrix.ts, so matrix.ts can call it without a cycle.
 */
import * as Y from 'yjs';
import { ANONYMOUS, findActor } from '../actor.ts';
import { ROOT, type StoredEvent, type StoredPosition } from '../schema.ts';
import { deleteCellRecords, groupByCell } from '../cell-records.ts';

export const positionsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.positions);
export const salienceMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.salience);
export const eventsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.events);

/** Salience of a cell without an entry. */
export const DEFAULT_SALIENCE = 50;

const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof Y.AbstractType);

/** Guards reads against malformed records another client could have written. */
export function isStoredPosition(v: unknown): v is StoredPosition {
  return plain(v) && typeof v.cell === 'string' && typeof v.stance === 'string' && typeof v.date === 'string';
}

export function isStoredEvent(v: unknown): v is StoredEvent {
  return plain(v) && typeof v.date === 'string' && typeof v.label === 'string';
}

/** A salience entry as stored, or the default when absent or malformed. */
export function salienceValue(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100 ? v : DEFAULT_SALIENCE;
}

export interface PositionRecord extends StoredPosition {
  id: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Timeline order: undated first, then by date; positions on the same day by edit time, then id,
 * so every replica agrees on which one held at the end of that day.
 */
export function byTimeline(a: { date: string; at: string; id: string }, b: { date: string; at: string; id: string }): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The stored positions of one cell, in timeline order. */
export function storedCellPositions(doc: Y.Doc, key: string): PositionRecord[] {
  const out: PositionRecord[] = [];
  positionsMap(doc).forEach((v, id) => {
    if (isStoredPosition(v) && v.cell === key) out.push({ ...v, id, note: text(v.note), by: text(v.by), at: text(v.at) });
  });
  return out.sort(byTimeline);
}

/** Stored positions grouped by cell key, each list in timeline order. */
export function storedPositionsByCell(doc: Y.Doc): Map<string, PositionRecord[]> {
  return groupByCell(positionsMap(doc), isStoredPosition, (v, id) => ({ ...v, id, note: text(v.note), by: text(v.by), at: text(v.at) }), byTimeline);
}

/** Who edits through `doc`, for a position's `by`. */
export function editorName(doc: Y.Doc): string {
  return findActor(doc)?.name ?? ANONYMOUS;
}

const record = ({ cell, stance, date, note, by, at }: PositionRecord): StoredPosition => ({ cell, stance, date, note, by, at });

/**
 * Keeps a cell's timeline in step with a stance written from the grid (setStance, confirmStance):
 * the cell's latest position takes the new stance, and clearing the stance clears the timeline
 * (the cell is no longer coded). A cell without stored positions is left alone: its stance is
 * its one implied undated position. Call inside the stance write's transaction.
 */
export function followStance(doc: Y.Doc, key: string, stance: string | null): void {
  const list = storedCellPositions(doc, key);
  const latest = list[list.length - 1];
  if (!latest) return;
  const map = positionsMap(doc);
  if (stance === null) {
    for (const p of list) map.delete(p.id);
  } else if (latest.stance !== stance) {
    map.set(latest.id, record({ ...latest, stance, by: editorName(doc) }));
  }
}

/** Deletes the positions and salience of the cells `belongs` selects (a party or issue deleted). */
export function deleteCellTimeline(doc: Y.Doc, belongs: (key: string) => boolean): void {
  deleteCellRecords(positionsMap(doc), isStoredPosition, belongs);
  const salience = salienceMap(doc);
  for (const key of [...salience.keys()]) if (belongs(key)) salience.delete(key);
}
