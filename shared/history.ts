/**
 * Cell history, contested stances and the history bound. Pure functions over a Y.Doc.
 *
 * The log is the root Y.Array `history`: one plain object per change, pushed by the mutation in
 * its own transaction, so the change and its record sync and persist together. Concurrent pushes
 * from several replicas all survive (Y.Array inserts never overwrite); their relative order is
 * decided by Yjs and is the same everywhere, and an entry always comes after every entry its
 * writer had seen. "Newest first" below therefore means reverse log order, not the writers'
 * clocks, which can be skewed or hours old after offline work.
 *
 * Contested stances: each 'stance' entry lists in `bases` the cell's stance heads its writer had
 * seen. A head is a stance entry no other stance entry lists as a base. One writer at a time
 * yields a chain with one head; two writers from the same base yield two heads. The cell is
 * contested while its heads disagree on the value. The `stances` map still shows Yjs's
 * last-writer-wins value; the history keeps the other candidates visible until someone writes
 * a stance having seen all heads (setStance or confirmStance), which joins them into one.
 *
 * This module does not import matrix.ts (which imports it), so it reads the few roots it needs
 * directly.
 */
import * as Y from 'yjs';
import { ANONYMOUS, findActor } from './actor.ts';
import { newId } from './ids.ts';
import { SERVER_ORIGIN, isOrigin } from './origins.ts';
import { ROOT, cellKey, parseCellKey, type ActivityEntry, type Contested, type HistoryEntry, type HistoryKind, type SourceSummary } from './schema.ts';

export const historyArray = (doc: Y.Doc) => doc.getArray<unknown>(ROOT.history);

/** Longest note text kept in a history entry: enough to see what changed, not a second copy. */
export const HISTORY_NOTE_LIMIT = 500;
/** Longest quote kept in a source summary. */
export const HISTORY_QUOTE_LIMIT = 200;
/** Default cap for trimHistory. */
export const DEFAULT_MAX_HISTORY = 5000;

const KINDS: ReadonlySet<string> = new Set<HistoryKind>(['stance', 'note', 'source-added', 'source-edited', 'source-removed']);

/** Cuts `text` to at most `max` characters, marking the cut with '…'. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function summarizeSource(id: string, source: { quote: string; speaker: string }): SourceSummary {
  return { id, quote: clip(source.quote, HISTORY_QUOTE_LIMIT), speaker: source.speaker };
}

/** Seeding and imports are not anyone's edits, so they leave no history. */
function isQuiet(origin: unknown): boolean {
  return isOrigin(origin) && (origin.source === 'seed' || origin.source === 'import');
}

/** Guards reads against malformed entries another client could have written. */
export function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return false;
  const e = value as Partial<HistoryEntry>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'string' &&
    typeof e.by === 'string' &&
    typeof e.cell === 'string' &&
    typeof e.kind === 'string' &&
    KINDS.has(e.kind) &&
    (e.bases === undefined || (Array.isArray(e.bases) && e.bases.every((b) => typeof b === 'string'))) &&
    (e.fields === undefined || (Array.isArray(e.fields) && e.fields.every((f) => typeof f === 'string'))) &&
    (e.byId === undefined || typeof e.byId === 'string') &&
    fitsKind(e.kind, e.before) &&
    fitsKind(e.kind, e.after)
  );
}

/** before/after of a kind: a stance id or a note's text (or null), or a source summary (or null). */
function fitsKind(kind: string, v: unknown): boolean {
  if (v === null) return true;
  if (kind === 'stance' || kind === 'note') return typeof v === 'string';
  if (typeof v !== 'object' || v instanceof Y.AbstractType || Array.isArray(v)) return false;
  const s = v as Partial<SourceSummary>;
  return typeof s.id === 'string' && typeof s.quote === 'string' && typeof s.speaker === 'string';
}

export type NewHistoryEntry = Pick<HistoryEntry, 'cell' | 'kind' | 'before' | 'after'> & Partial<Pick<HistoryEntry, 'bases' | 'fields'>>;

/**
 * Appends one entry for a change made in transaction `tr` (call it inside that transaction).
 * Does nothing for seed and import origins. `by` is the doc's actor, else `fallbackBy`.
 */
export function recordHistory(doc: Y.Doc, tr: Y.Transaction, origin: unknown, fields: NewHistoryEntry, fallbackBy = ANONYMOUS): void {
  if (isQuiet(origin) || isQuiet(tr.origin)) return;
  const actor = findActor(doc);
  const entry: HistoryEntry = {
    id: newId(12),
    at: new Date().toISOString(),
    by: actor?.name ?? (fallbackBy.trim() || ANONYMOUS),
    cell: fields.cell,
    kind: fields.kind,
    before: fields.before,
    after: fields.after,
  };
  // Optional keys only when set: Yjs stores plain JSON, and readers compare shapes.
  if (actor?.id) entry.byId = actor.id;
  if (fields.bases) entry.bases = [...fields.bases];
  if (fields.fields) entry.fields = [...fields.fields];
  historyArray(doc).push([entry]);
}

/** Valid entries in log order (oldest first). */
function entries(doc: Y.Doc): HistoryEntry[] {
  return historyArray(doc).toArray().filter(isHistoryEntry);
}

/** Stance heads per cell, each list in log order. */
function headsByCell(list: readonly HistoryEntry[]): Map<string, HistoryEntry[]> {
  const referenced = new Set<string>();
  for (const e of list) if (e.kind === 'stance' && e.bases) for (const b of e.bases) referenced.add(b);
  const heads = new Map<string, HistoryEntry[]>();
  for (const e of list) {
    if (e.kind !== 'stance' || referenced.has(e.id)) continue;
    let cell = heads.get(e.cell);
    if (!cell) heads.set(e.cell, (cell = []));
    cell.push(e);
  }
  return heads;
}

/** The cell's current stance heads, in log order. Empty when its stance was never edited. */
export function stanceHeads(doc: Y.Doc, key: string): HistoryEntry[] {
  return headsByCell(entries(doc).filter((e) => e.cell === key)).get(key) ?? [];
}

/** Heads disagree on the value: concurrent writers chose different stances. */
export function headsConflict(heads: readonly HistoryEntry[]): boolean {
  return new Set(heads.map((h) => h.after)).size > 1;
}

/** Contested cells from a change log alone (exports of a version): cell key → the competing stances (null = not coded). */
export function contestedFromHistory(list: readonly HistoryEntry[]): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>();
  for (const [key, heads] of headsByCell(list)) {
    if (headsConflict(heads)) out.set(key, [...new Set(heads.map((h) => (typeof h.after === 'string' ? h.after : null)))]);
  }
  return out;
}

function liveCell(doc: Y.Doc, key: string): { partyId: string; issueId: string } | null {
  const parsed = parseCellKey(key);
  if (!parsed) return null;
  const party = doc.getMap<unknown>(ROOT.parties).get(parsed.partyId);
  const issue = doc.getMap<unknown>(ROOT.issues).get(parsed.issueId);
  return party instanceof Y.Map && issue instanceof Y.Map ? parsed : null;
}

const copy = (e: HistoryEntry): HistoryEntry => ({ ...e, ...(e.bases ? { bases: [...e.bases] } : {}), ...(e.fields ? { fields: [...e.fields] } : {}) });

/** One cell's history, newest first. */
export function readCellHistory(doc: Y.Doc, partyId: string, issueId: string): HistoryEntry[] {
  const key = cellKey(partyId, issueId);
  return entries(doc)
    .filter((e) => e.cell === key)
    .reverse()
    .map(copy);
}

/**
 * The latest `limit` changes across the matrix, newest first, with party and issue names.
 * Changes to cells of a deleted party or issue stay listed, with that name null.
 */
export function readActivity(doc: Y.Doc, limit = 50): ActivityEntry[] {
  const all = historyArray(doc).toArray();
  const parties = doc.getMap<unknown>(ROOT.parties);
  const issues = doc.getMap<unknown>(ROOT.issues);
  const nameOf = (fields: unknown): string | null => {
    if (!(fields instanceof Y.Map)) return null;
    const name: unknown = fields.get('name');
    return typeof name === 'string' ? name : '';
  };
  const out: ActivityEntry[] = [];
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
    const e = all[i];
    if (!isHistoryEntry(e)) continue;
    const parsed = parseCellKey(e.cell);
    if (!parsed) continue;
    out.push({
      ...copy(e),
      partyId: parsed.partyId,
      issueId: parsed.issueId,
      partyName: nameOf(parties.get(parsed.partyId)),
      issueName: nameOf(issues.get(parsed.issueId)),
    });
  }
  return out;
}

function toContested(heads: readonly HistoryEntry[]): Contested | null {
  if (!headsConflict(heads)) return null;
  return {
    candidates: heads.map((h) => ({ stance: typeof h.after === 'string' ? h.after : null, by: h.by, at: h.at, entryId: h.id })),
  };
}

/** The competing stances of a cell, or null when it is not contested. */
export function readContested(doc: Y.Doc, partyId: string, issueId: string): Contested | null {
  const key = cellKey(partyId, issueId);
  if (!liveCell(doc, key)) return null;
  return toContested(stanceHeads(doc, key));
}

/** Keys of every contested cell whose party and issue still exist, sorted. */
export function contestedCells(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const [key, heads] of headsByCell(entries(doc))) if (headsConflict(heads) && liveCell(doc, key)) out.push(key);
  return out.sort();
}

export interface TrimOptions {
  /** Entries to keep at most, unless more than that are stance heads (default 5000). */
  maxEntries?: number;
}

/**
 * Deletes the oldest entries beyond `maxEntries`, except the stance heads of live cells, so a
 * contested cell stays contested and the next write still finds its bases. Heads of cells whose
 * party or issue is gone are not kept. Deletes by position, so only one writer may trim: the
 * server, during compaction (hence SERVER_ORIGIN). Clients appending meanwhile are safe: a trim
 * never touches entries it did not see, and a base that was trimmed is just an unknown id.
 * Returns how many entries were deleted.
 */
export function trimHistory(doc: Y.Doc, options: TrimOptions = {}, origin: unknown = SERVER_ORIGIN): number {
  const max = Math.max(0, Math.floor(options.maxEntries ?? DEFAULT_MAX_HISTORY));
  const history = historyArray(doc);
  const all = history.toArray();
  const excess = all.length - max;
  if (excess <= 0) return 0;
  const keep = new Set<string>();
  for (const [key, heads] of headsByCell(all.filter(isHistoryEntry))) {
    if (liveCell(doc, key)) for (const h of heads) keep.add(h.id);
  }
  const doomed: number[] = [];
  for (let i = 0; i < all.length && doomed.length < excess; i++) {
    const e = all[i];
    if (isHistoryEntry(e) && keep.has(e.id)) continue;
    doomed.push(i);
  }
  if (doomed.length === 0) return 0;
  doc.transact(() => {
    // Delete runs of consecutive positions from the end, so earlier positions stay valid.
    let end = doomed.length - 1;
    while (end >= 0) {
      let start = end;
      while (start > 0 && doomed[start - 1] === (doomed[start] ?? 0) - 1) start--;
      history.delete(doomed[start] ?? 0, end - start + 1);
      end = start - 1;
    }
  }, origin);
  return doomed.length;
}
