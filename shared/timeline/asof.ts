/**
 * The matrix in world time, pure over MatrixData (as readTimelineData gives it): as it stood on
 * a day, what moved between two days, and the days on which anything moved.
 */
import { MatrixError } from '../errors.ts';
import { cleanDate } from '../matrix.ts';
import { cellKey, type Cell, type CellPosition, type MatrixData, type Source, type TimelineEvent } from '../schema.ts';

/** A cell's positions; a cell read without them (readMatrix) has its stance as one undated position. */
export function positionsOf(cell: Cell): CellPosition[] {
  if (cell.positions) return cell.positions;
  return cell.stance === null ? [] : [{ id: '', stance: cell.stance, date: '', note: '', by: '', at: '', sources: cell.sources.map((s) => s.id) }];
}

function requireDate(date: string): string {
  const clean = cleanDate(date);
  if (!clean) throw new MatrixError('invalid-date', 'A date is needed (YYYY-MM-DD).');
  return clean;
}

/** The positions held up to the end of `date` (undated ones are held since always), in order. */
function heldUntil(cell: Cell, date: string): CellPosition[] {
  return positionsOf(cell).filter((p) => p.date <= date);
}

/** The stance a cell held at the end of `date`, or null when it was not yet coded. */
export function stanceOn(cell: Cell, date: string): string | null {
  const held = heldUntil(cell, date);
  return held[held.length - 1]?.stance ?? null;
}

/**
 * The matrix as it stood at the end of `date`: each cell with the stance it then held, its
 * positions up to that day, and the sources of those positions that were dated by then (undated
 * sources count as known). Cells not yet coded that day are absent. Parties, issues, events and
 * salience are kept as they are now.
 */
export function asOf(data: MatrixData, date: string): MatrixData {
  const day = requireDate(date);
  const cells: Cell[] = [];
  for (const cell of data.cells) {
    const held = heldUntil(cell, day);
    const latest = held[held.length - 1];
    if (!latest) continue;
    const supporting = new Set(held.flatMap((p) => p.sources));
    const sources = cell.sources.filter((s) => supporting.has(s.id) && s.date <= day);
    const known = new Set(sources.map((s) => s.id));
    const positions = held.map((p) => ({ ...p, sources: p.sources.filter((id) => known.has(id)) }));
    cells.push({ ...cell, stance: latest.stance, sources, positions });
  }
  return { ...data, cells };
}

export interface CellMove {
  partyId: string;
  issueId: string;
  /** Stance held at the end of `from` (null: not yet coded). */
  from: string | null;
  /** Stance held at the end of `to` (null: no longer coded). */
  to: string | null;
  /** The position that holds at `to`, null when the cell is no longer coded. */
  position: CellPosition | null;
  /** The sources of that position: what shows the move. */
  sources: Source[];
}

export interface Moves {
  /** The earlier of the two dates. */
  from: string;
  /** The later of the two dates. */
  to: string;
  cells: CellMove[];
}

/**
 * Cells whose stance at the end of one day differs from the other's, in the matrix's cell order.
 * The dates may come in either order; the earlier is `from`. A cell that moved and came back in
 * between is not listed.
 */
export function changedBetween(data: MatrixData, a: string, b: string): Moves {
  const [from, to] = [requireDate(a), requireDate(b)].sort() as [string, string];
  const cells: CellMove[] = [];
  for (const cell of data.cells) {
    const before = stanceOn(cell, from);
    const held = heldUntil(cell, to);
    const position = held[held.length - 1] ?? null;
    const after = position?.stance ?? null;
    if (before === after) continue;
    const ids = new Set(position?.sources ?? []);
    cells.push({ partyId: cell.partyId, issueId: cell.issueId, from: before, to: after, position, sources: cell.sources.filter((s) => ids.has(s.id)) });
  }
  return { from, to, cells };
}

export interface TimelineTick {
  date: string;
  /** Keys ("partyId|issueId") of cells whose stance that day differs from the day before. */
  changed: string[];
  /** Keys of cells with a position dated that day (a move or a stance restated). */
  dated: string[];
  events: TimelineEvent[];
}

/** Every date with a dated position or an event, ascending: the slider's ticks. */
export function timelineTicks(data: MatrixData): TimelineTick[] {
  const ticks = new Map<string, TimelineTick>();
  const tick = (date: string): TimelineTick => {
    let t = ticks.get(date);
    if (!t) ticks.set(date, (t = { date, changed: [], dated: [], events: [] }));
    return t;
  };
  for (const cell of data.cells) {
    const key = cellKey(cell.partyId, cell.issueId);
    let previous: string | null = null;
    const list = positionsOf(cell);
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (!p) continue;
      const next = list[i + 1];
      // Several positions on one day: only the last of the day is what the day ends with.
      const endOfDay = !next || next.date !== p.date;
      if (p.date === '') {
        if (endOfDay) previous = p.stance;
        continue;
      }
      const t = tick(p.date);
      if (!t.dated.includes(key)) t.dated.push(key);
      if (!endOfDay) continue;
      if (p.stance !== previous) t.changed.push(key);
      previous = p.stance;
    }
  }
  for (const e of data.events ?? []) tick(e.date).events.push(e);
  return [...ticks.values()].sort((x, y) => (x.date < y.date ? -1 : 1));
}
