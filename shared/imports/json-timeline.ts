/**
 * The timeline parts of a JSON import (schema version 2): each cell's `positions` and `salience`,
 * and the matrix's `events`, checked like the rest of the file, every problem named by its JSON
 * path. A cell's positions must be in timeline order with the cell's stance as the latest.
 */
import { MatrixError } from '../errors.ts';
import { ITEM_ID_PATTERN } from '../ids.ts';
import { cleanDate } from '../matrix.ts';
import { MAX_EVENT_LABEL, MAX_POSITION_NOTE } from '../positions.ts';
import type { CellPosition, TimelineEvent } from '../schema.ts';
import { byTimeline } from '../timeline/store.ts';

type Obj = Record<string, unknown>;
type Report = (field: string, message: string) => void;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTimestamp = (t: string) => t === '' || (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)));

function day(value: unknown, field: string, err: Report, { required = false } = {}): string | undefined {
  if (typeof value !== 'string') return (err(field, '"date" must be text (YYYY-MM-DD).'), undefined);
  if (required && !value.trim()) return (err(field, 'A date is needed (YYYY-MM-DD).'), undefined);
  try {
    return cleanDate(value);
  } catch (e) {
    if (e instanceof MatrixError) return (err(field, e.message), undefined);
    throw e;
  }
}

export interface CellTimelineInput {
  /** JSON path of the cell, e.g. matrix.cells[3]. */
  path: string;
  stance: string | null;
  /** Source ids of this cell in the file. */
  sourceIds: ReadonlySet<string>;
  levelIds: ReadonlySet<string>;
  /** Position ids seen so far in the file (ids are unique across the matrix). */
  seenPositions: Set<string>;
}

/** A cell's positions and salience, or undefined for each when absent (a version-1 file). */
export function parseCellTimeline(c: Obj, input: CellTimelineInput, err: Report): { positions?: CellPosition[]; salience?: number } {
  const { path, stance, sourceIds, levelIds, seenPositions } = input;
  const out: { positions?: CellPosition[]; salience?: number } = {};
  if (c.salience !== undefined) {
    if (typeof c.salience !== 'number' || !Number.isInteger(c.salience) || c.salience < 0 || c.salience > 100) {
      err(`${path}.salience`, '"salience" must be a whole number from 0 to 100.');
    } else out.salience = c.salience;
  }
  if (c.positions === undefined) return out;
  if (!Array.isArray(c.positions)) return (err(`${path}.positions`, '"positions" must be a list.'), out);
  const positions: CellPosition[] = [];
  let undated = 0;
  c.positions.forEach((p: unknown, k) => {
    const ppath = `${path}.positions[${k}]`;
    if (!isObj(p)) return err(ppath, 'A position must be an object.');
    const { id, stance: level, note, by, at, sources } = p;
    if (typeof id !== 'string' || (id !== '' && (!ITEM_ID_PATTERN.test(id) || seenPositions.has(id)))) {
      return err(`${ppath}.id`, 'A position needs a valid, unique id.');
    }
    if (id !== '') seenPositions.add(id);
    if (typeof level !== 'string' || !levelIds.has(level))
      return err(`${ppath}.stance`, `Unknown stance "${String(level)}": it is not a level of the file's stance scale.`);
    const date = day(p.date, `${ppath}.date`, err);
    if (date === undefined) return;
    if (date === '' && ++undated > 1) return err(`${ppath}.date`, 'A cell has at most one undated position.');
    if (note !== undefined && (typeof note !== 'string' || note.length > MAX_POSITION_NOTE)) {
      return err(`${ppath}.note`, `"note" must be text of at most ${MAX_POSITION_NOTE} characters.`);
    }
    if ((by !== undefined && typeof by !== 'string') || (at !== undefined && (typeof at !== 'string' || !isTimestamp(at)))) {
      return err(ppath, '"by" must be text and "at" an ISO timestamp.');
    }
    if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) return err(`${ppath}.sources`, '"sources" must be a list of source ids.');
    const unknown = sources.find((s) => !sourceIds.has(s));
    if (unknown !== undefined) return err(`${ppath}.sources`, `"${unknown}" is not a source of this cell.`);
    positions.push({ id, stance: level, date, note: typeof note === 'string' ? note.trim() : '', by: by ?? '', at: at ?? '', sources: [...sources] });
  });
  if (positions.length !== c.positions.length) return out;
  if (positions.some((p) => p.id === '') && positions.length > 1) return (err(`${path}.positions`, 'The implied position (id "") must be the only one.'), out);
  const ordered = [...positions].sort(byTimeline);
  if (ordered.some((p, k) => p !== positions[k]))
    return (err(`${path}.positions`, 'Positions must be in timeline order: undated first, then by date and "at".'), out);
  const latest = positions[positions.length - 1];
  if (latest && latest.stance !== stance) return (err(`${path}.stance`, `The stance must be the latest position's ("${latest.stance}").`), out);
  out.positions = positions;
  return out;
}

/** The matrix's events, or undefined when absent. */
export function parseEvents(m: Obj, err: Report): TimelineEvent[] | undefined {
  if (m.events === undefined) return undefined;
  if (!Array.isArray(m.events)) return (err('matrix.events', '"events" must be a list.'), undefined);
  const seen = new Set<string>();
  const events: TimelineEvent[] = [];
  m.events.forEach((e: unknown, i) => {
    const path = `matrix.events[${i}]`;
    if (!isObj(e)) return err(path, 'An event must be an object.');
    if (typeof e.id !== 'string' || !ITEM_ID_PATTERN.test(e.id) || seen.has(e.id)) return err(`${path}.id`, 'An event needs a valid, unique id.');
    seen.add(e.id);
    const date = day(e.date, `${path}.date`, err, { required: true });
    const label = typeof e.label === 'string' ? e.label.replace(/\s+/g, ' ').trim() : '';
    if (!label || label.length > MAX_EVENT_LABEL) return err(`${path}.label`, `An event needs a label of 1–${MAX_EVENT_LABEL} characters.`);
    if (date) events.push({ id: e.id, date, label });
  });
  return events;
}
