/**
 * The coded cells of a matrix as the analysis sees them: each party's stance level per issue,
 * with its ordinal value (null for levels outside the ordinal scale, which are never averaged).
 */
import type { StanceLevel } from '../scale.ts';
import { cellKey, type Cell, type MatrixData } from '../schema.ts';
import { DEFAULT_SALIENCE } from '../timeline/store.ts';

export interface CodedCell {
  partyId: string;
  issueId: string;
  level: StanceLevel;
  /** The level's ordinal value, or null (Conditional, No public position, …). */
  value: number | null;
  /** 0–100; 50 when unset. */
  salience: number;
  cell: Cell;
}

export interface Coded {
  /** Every coded cell of an existing party and issue, by party then issue. */
  cells: CodedCell[];
  byKey: Map<string, CodedCell>;
  /** Distance between the scale's lowest and highest values (6 for −3…+3); 0 when it has fewer than two. */
  span: number;
}

/** A level's value as a finite number, else null (a doc from another client may hold anything there). */
const valueOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function codedCells(data: MatrixData): Coded {
  const levels = new Map(data.scale.map((l) => [l.id, l]));
  const parties = new Set(data.parties.map((p) => p.id));
  const issues = new Set(data.issues.map((i) => i.id));
  const cells: CodedCell[] = [];
  const byKey = new Map<string, CodedCell>();
  for (const cell of data.cells) {
    const level = cell.stance === null ? undefined : levels.get(cell.stance);
    // A stance outside the scale (a level deleted since) cannot be placed: not counted.
    if (!level || !parties.has(cell.partyId) || !issues.has(cell.issueId)) continue;
    const coded: CodedCell = {
      partyId: cell.partyId,
      issueId: cell.issueId,
      level,
      value: valueOf(level.value),
      salience: cell.salience ?? DEFAULT_SALIENCE,
      cell,
    };
    cells.push(coded);
    byKey.set(cellKey(cell.partyId, cell.issueId), coded);
  }
  const values = data.scale.map((l) => valueOf(l.value)).filter((v): v is number => v !== null);
  const span = values.length > 1 ? Math.max(...values) - Math.min(...values) : 0;
  return { cells, byKey, span };
}
