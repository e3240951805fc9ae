/**
 * Reading the timeline: a cell's positions with the sources that support each, salience, events,
 * and the whole matrix with all of it (readTimelineData, the shape of GET /api/matrices/:id).
 */
import type * as Y from 'yjs';
import { readCell, readMatrix, sourcesMap, stancesMap } from '../matrix.ts';
import { cellKey, type Cell, type CellPosition, type MatrixData, type Source, type TimelineEvent } from '../schema.ts';
import { eventsMap, isStoredEvent, salienceMap, salienceValue, storedCellPositions, storedPositionsByCell, type PositionRecord } from './store.ts';

/** The position id a stored source names, or undefined. */
function sourcePosition(doc: Y.Doc, sourceId: string): string | undefined {
  const v = sourcesMap(doc).get(sourceId) as { position?: unknown } | undefined;
  return typeof v?.position === 'string' ? v.position : undefined;
}

/**
 * Builds a cell's positions. A source supports the position it names; one naming none, or a
 * position that no longer exists, supports the latest (current) position. A coded cell without
 * stored positions has one implied undated position (id "") holding every source.
 */
export function cellPositions(
  stance: string | null,
  stored: readonly PositionRecord[],
  sources: readonly Source[],
  positionOf: (sourceId: string) => string | undefined,
): CellPosition[] {
  const list: CellPosition[] =
    stored.length > 0
      ? stored.map((p) => ({ id: p.id, stance: p.stance, date: p.date, note: p.note, by: p.by, at: p.at, sources: [] }))
      : stance !== null
        ? [{ id: '', stance, date: '', note: '', by: '', at: '', sources: [] }]
        : [];
  const latest = list[list.length - 1];
  if (!latest) return list;
  const byId = new Map(list.map((p) => [p.id, p]));
  for (const s of sources) {
    const named = positionOf(s.id);
    (byId.get(named ?? '\u0000') ?? latest).sources.push(s.id);
  }
  return list;
}

/** One cell's timeline: undated first, then by date (same day: by edit time). */
export function readCellPositions(doc: Y.Doc, partyId: string, issueId: string): CellPosition[] {
  const cell = readCell(doc, partyId, issueId);
  return cellPositions(cell.stance, storedCellPositions(doc, cellKey(partyId, issueId)), cell.sources, (id) => sourcePosition(doc, id));
}

export function readSalience(doc: Y.Doc, partyId: string, issueId: string): number {
  return salienceValue(salienceMap(doc).get(cellKey(partyId, issueId)));
}

/** Timeline events by date, then label, then id. */
export function readEvents(doc: Y.Doc): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  eventsMap(doc).forEach((v, id) => {
    if (isStoredEvent(v)) out.push({ id, date: v.date, label: v.label });
  });
  return out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.label !== b.label ? (a.label < b.label ? -1 : 1) : a.id < b.id ? -1 : 1));
}

/**
 * readMatrix plus each cell's `positions` and `salience`, and the matrix's `events`. A cell
 * that has positions but lost its stance to a concurrent clear is listed as readMatrix lists it.
 */
export function readTimelineData(doc: Y.Doc): MatrixData {
  const data = readMatrix(doc);
  const stored = storedPositionsByCell(doc);
  const salience = salienceMap(doc);
  const stances = stancesMap(doc);
  const cells: Cell[] = data.cells.map((cell) => {
    const key = cellKey(cell.partyId, cell.issueId);
    const positions = cellPositions(stances.get(key) ?? null, stored.get(key) ?? [], cell.sources, (id) => sourcePosition(doc, id));
    return { ...cell, positions, salience: salienceValue(salience.get(key)) };
  });
  return { ...data, cells, events: readEvents(doc) };
}
