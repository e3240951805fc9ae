/**
 * The Y.Doc contract (schema version 2: version 1 plus the timeline roots; see shared/timeline/migrate.ts). Every top-level type is a Y.Map, so concurrent
 * writers never create two competing copies of a nested container. See README "Data model".
 */
import type { StanceLevel } from './scale.ts';

export const SCHEMA_VERSION = 2;

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
  /** The one Y.Array: an append-only change log (see shared/history.ts). */
  history: 'history',
  comments: 'comments',
  commentThreads: 'commentThreads',
  // ---- added with the evidence library and the timeline (see README "Data model") ----
  /** Dated positions of a cell (world time): position id → StoredPosition. */
  positions: 'positions',
  /** How much an issue matters to a party: cell key → integer 0–100 (absent = 50). */
  salience: 'salience',
  /** Named events on the timeline: event id → StoredEvent. */
  events: 'events',
  /** The library's index: document id → DocumentIndexEntry. Written by the server only. */
  documents: 'documents',
} as const;

export type RootName = (typeof ROOT)[keyof typeof ROOT];

export type AxisKind = 'parties' | 'issues';

/** A party (row) or issue (column). `order` is a fractional index; ties break by id. */
export interface AxisItem {
  id: string;
  name: string;
  description: string;
  order: string;
  /** A party's other names, comma-separated ("Kremlin, Moscow, Peskov"); present only when set. */
  aliases?: string;
  /** An issue's search words, comma-separated; present only when set. */
  keywords?: string;
}

/** A source as read from the doc; the evidence fields are present only when set. */
export interface Source extends SourceEvidence {
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

/** How directly a source shows the stance. Absent = 'direct'. */
export type SourceKind = 'direct' | 'reported' | 'analysis';
export const SOURCE_KINDS: readonly SourceKind[] = ['direct', 'reported', 'analysis'];

/**
 * Where a quote sits in its library document, after the W3C Web Annotation model:
 * TextQuoteSelector (exact, prefix, suffix) plus TextPositionSelector (start, end: UTF-16 offsets).
 */
export interface QuoteSelector {
  exact: string;
  /** Up to 32 characters before and after the quote in the document. */
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** Optional evidence fields a source may carry (schema additions; absent on older sources). */
export interface SourceEvidence {
  /** Id of the library document the quote comes from. */
  documentId?: string;
  selector?: QuoteSelector;
  kind?: SourceKind;
  /** Id of the dated position (root `positions`) this source supports; absent = the current stance. */
  position?: string;
}

/** A party's stance on an issue as held on a day (world time, not edit time). */
export interface StoredPosition {
  cell: string;
  /** Stance level id. */
  stance: string;
  /** YYYY-MM-DD, or "" when undated. */
  date: string;
  /** At most 2000 characters. */
  note: string;
  /** Who last edited it. */
  by: string;
  /** ISO timestamp of when it was placed on its date (orders positions of one day); kept by edits that keep the date. */
  at: string;
}

/** A named day on the timeline ("Jeddah talks"). */
export interface StoredEvent {
  /** YYYY-MM-DD. */
  date: string;
  /** 1–200 characters. */
  label: string;
}

/** A library document's metadata, as its file or the person adding it gives it ("" where unknown). */
export interface DocumentMeta {
  title: string;
  outlet: string;
  author: string;
  /** YYYY-MM-DD or "". */
  date: string;
  /** http(s) URL or "". */
  url: string;
  /** BCP 47 language tag or "". */
  lang: string;
}

/** What the Y.Doc keeps of a library document (the text itself lives in SQLite). */
export interface DocumentIndexEntry extends DocumentMeta {
  chars: number;
  sha256: string;
  addedBy: string;
  addedAt: string;
}

/** One dated position of a cell as read (GET /api/matrices/:id, readTimelineData). */
export interface CellPosition {
  /** Position id; "" for the implied undated position of a cell coded without positions (v1 data). */
  id: string;
  stance: string;
  /** YYYY-MM-DD, or "" when undated (held since always). */
  date: string;
  note: string;
  by: string;
  at: string;
  /** Ids of the cell's sources that support this position, in the cell's source order. */
  sources: string[];
}

/** A named day on the timeline, as read. */
export interface TimelineEvent extends StoredEvent {
  id: string;
}

export interface Cell {
  partyId: string;
  issueId: string;
  /** Stance level id, or null when not coded. */
  stance: string | null;
  note: string;
  sources: Source[];
  /** The cell's timeline, undated first, then by date (readTimelineData). The last one is `stance`. */
  positions?: CellPosition[];
  /** Salience 0–100 (readTimelineData; 50 when unset). */
  salience?: number;
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
  /** Named days on the timeline, by date (readTimelineData). */
  events?: TimelineEvent[];
}

export interface MatrixCounts {
  parties: number;
  issues: number;
  /** Cells with a stance. */
  coded: number;
  sources: number;
}

// History and comments: shared/schema-activity.ts (re-exported here, so the model reads from one place).
export type * from './schema-activity.ts';

/** Cells are keyed "partyId|issueId"; item ids never contain '|'. */
export function cellKey(partyId: string, issueId: string): string {
  return `${partyId}|${issueId}`;
}

export function parseCellKey(key: string): { partyId: string; issueId: string } | null {
  const at = key.indexOf('|');
  if (at <= 0 || at === key.length - 1) return null;
  return { partyId: key.slice(0, at), issueId: key.slice(at + 1) };
}
