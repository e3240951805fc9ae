/**
 * The Y.Doc contract (schema version 1). Every top-level type is a Y.Map, so concurrent
 * writers never create two competing copies of a nested container. See README "Data model".
 */
import type { StanceLevel } from './scale.ts';

export const SCHEMA_VERSION = 1;

/** Names of the top-level shared types. */
export const ROOT = {
  meta: 'meta',
  scale: 'scale',
  parties: 'parties',
  issues: 'issues',
  stances: 'stances',
  notes: 'notes',
  sources: 'sources',
  sourceOrder: 'sourceOrder',
} as const;

export type AxisKind = 'parties' | 'issues';

/** A party (row) or issue (column). `order` is a fractional index; ties break by id. */
export interface AxisItem {
  id: string;
  name: string;
  description: string;
  order: string;
}

export interface Source {
  id: string;
  /** Verbatim quotation. */
  quote: string;
  /** Who said it, e.g. "Dmitry Peskov, Kremlin spokesman". */
  speaker: string;
  /** Document or outlet title. */
  document: string;
  /** ISO date (YYYY-MM-DD) or "" when unknown. */
  date: string;
  /** http(s) URL or "". */
  link: string;
  addedBy: string;
  /** ISO timestamp. */
  addedAt: string;
  order: string;
}

export type SourceFields = Pick<Source, 'quote' | 'speaker' | 'document' | 'date' | 'link'>;

export interface Cell {
  partyId: string;
  issueId: string;
  /** Stance level id, or null when not coded. */
  stance: string | null;
  note: string;
  sources: Source[];
}

export interface MatrixMeta {
  schemaVersion: number;
  title: string;
  description: string;
  createdAt: string;
}

/** The whole matrix as plain JSON (the shape of GET /api/matrices/:id). */
export interface MatrixData {
  id?: string;
  meta: MatrixMeta;
  scale: StanceLevel[];
  parties: AxisItem[];
  issues: AxisItem[];
  /** Only cells holding a stance, a note or a source; ordered by party then issue. */
  cells: Cell[];
}

export interface MatrixCounts {
  parties: number;
  issues: number;
  /** Cells with a stance. */
  coded: number;
  sources: number;
}

/** Cells are keyed "partyId|issueId"; item ids never contain '|'. */
export function cellKey(partyId: string, issueId: string): string {
  return `${partyId}|${issueId}`;
}

export function parseCellKey(key: string): { partyId: string; issueId: string } | null {
  const at = key.indexOf('|');
  if (at <= 0 || at === key.length - 1) return null;
  return { partyId: key.slice(0, at), issueId: key.slice(at + 1) };
}
