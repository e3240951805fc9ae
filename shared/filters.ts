/**
 * Grid filters: show only some cells (contested, unsourced, unverified, commented, changed since
 * a snapshot), hide parties and issues, and sort parties by their stance on an issue. All of it is
 * a view: nothing here changes the matrix or its stored order. A filter is one browser's own,
 * except while a facilitator presents: then it rides on the stage (shared/stage.ts) and followers
 * see it. Pure, and strict about a filter that comes from another client (`parseFilter`).
 *
 * Non-matching cells are dimmed (the grid keeps its shape); with `collapse`, rows and columns with
 * no matching cell are left out. Hidden parties and issues are always left out.
 */
import { ITEM_ID_PATTERN } from './ids.ts';
import { cellKey, parseCellKey, type AxisItem, type AxisKind, type MatrixData } from './schema.ts';
import { compareMatrices } from './versions/compare.ts';

export const CELL_CRITERIA = ['contested', 'unsourced', 'unverified', 'commented', 'changed'] as const;
export type CellCriterion = (typeof CELL_CRITERIA)[number];

/** Hidden parties (and, separately, issues) one filter can hold: keeps a stage well under the awareness cap. */
export const MAX_HIDDEN = 64;

export type SortDirection = 'asc' | 'desc';

/** Parties ordered by their stance value on `issue`; ties keep the stored order, empty cells last. */
export interface PartySort {
  issue: string;
  dir: SortDirection;
}

export interface GridFilter {
  /** Show only cells that are any of these (none: every cell shows). */
  show: CellCriterion[];
  /** The snapshot "changed" compares with; "changed" does nothing until one is chosen. */
  since: string | null;
  /** Leave out rows and columns with no matching cell (else they stay, dimmed). */
  collapse: boolean;
  hiddenParties: string[];
  hiddenIssues: string[];
  sort: PartySort | null;
}

export function emptyFilter(): GridFilter {
  return { show: [], since: null, collapse: false, hiddenParties: [], hiddenIssues: [], sort: null };
}

/** The criteria in effect ("changed" only once a snapshot is chosen). */
export function activeCriteria(filter: GridFilter): CellCriterion[] {
  return filter.show.filter((c) => c !== 'changed' || filter.since !== null);
}

export function hasCellFilter(filter: GridFilter): boolean {
  return activeCriteria(filter).length > 0;
}

/** Anything that changes what the grid shows (a cell filter, a hidden item or a sort). */
export function isFilterActive(filter: GridFilter): boolean {
  return hasCellFilter(filter) || filter.hiddenParties.length > 0 || filter.hiddenIssues.length > 0 || filter.sort !== null;
}

// ---------- validation (a filter on a stage comes from another client) ----------

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && ITEM_ID_PATTERN.test(v);

function idList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_HIDDEN || !v.every(isId) || new Set(v).size !== v.length) return undefined;
  return [...v];
}

/** A filter, or undefined when malformed in any part. The result holds only the known fields. */
export function parseFilter(v: unknown): GridFilter | undefined {
  if (!isRec(v) || typeof v.collapse !== 'boolean' || !(v.since === null || isId(v.since))) return undefined;
  const { show, sort } = v;
  if (!Array.isArray(show) || !show.every((c) => (CELL_CRITERIA as readonly unknown[]).includes(c)) || new Set(show).size !== show.length) return undefined;
  const hiddenParties = idList(v.hiddenParties);
  const hiddenIssues = idList(v.hiddenIssues);
  if (!hiddenParties || !hiddenIssues) return undefined;
  if (!(sort === null || (isRec(sort) && isId(sort.issue) && (sort.dir === 'asc' || sort.dir === 'desc')))) return undefined;
  return {
    show: CELL_CRITERIA.filter((c) => show.includes(c)),
    since: v.since,
    collapse: v.collapse,
    hiddenParties,
    hiddenIssues,
    sort: sort === null ? null : { issue: sort.issue as string, dir: sort.dir as SortDirection },
  };
}

export function sameFilter(a: GridFilter | null, b: GridFilter | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------- changes (each returns a new filter) ----------

export function setCriterion(filter: GridFilter, criterion: CellCriterion, on: boolean): GridFilter {
  const show = CELL_CRITERIA.filter((c) => (c === criterion ? on : filter.show.includes(c)));
  return { ...filter, show };
}

/** Chooses the snapshot for "changed" (and turns "changed" on; null turns it off). */
export function setSince(filter: GridFilter, since: string | null): GridFilter {
  return { ...setCriterion(filter, 'changed', since !== null), since };
}

const hiddenField = (kind: AxisKind) => (kind === 'parties' ? 'hiddenParties' : 'hiddenIssues');

/** Hides or shows a party or issue. Hiding more than MAX_HIDDEN returns the filter unchanged. */
export function setHidden(filter: GridFilter, kind: AxisKind, id: string, hidden: boolean): GridFilter {
  const field = hiddenField(kind);
  const list = filter[field];
  if (hidden === list.includes(id) || (hidden && list.length >= MAX_HIDDEN)) return filter;
  return { ...filter, [field]: hidden ? [...list, id] : list.filter((x) => x !== id) };
}

export function showAll(filter: GridFilter, kind: AxisKind): GridFilter {
  return { ...filter, [hiddenField(kind)]: [] };
}

/** Everything off; hidden items and the sort too. */
export function clearFilter(): GridFilter {
  return emptyFilter();
}

/** Drops ids of parties and issues that no longer exist (a filter kept while items are deleted). */
export function pruneFilter(filter: GridFilter, parties: readonly AxisItem[], issues: readonly AxisItem[]): GridFilter {
  const p = new Set(parties.map((x) => x.id));
  const i = new Set(issues.map((x) => x.id));
  const hiddenParties = filter.hiddenParties.filter((id) => p.has(id));
  const hiddenIssues = filter.hiddenIssues.filter((id) => i.has(id));
  const sort = filter.sort && i.has(filter.sort.issue) ? filter.sort : null;
  if (hiddenParties.length === filter.hiddenParties.length && hiddenIssues.length === filter.hiddenIssues.length && sort === filter.sort) return filter;
  return { ...filter, hiddenParties, hiddenIssues, sort };
}

// ---------- matching ----------

/** What the criteria test, as sets of cell keys (only the sets a filter uses need to be filled). */
export interface CellFacts {
  contested: ReadonlySet<string>;
  /** Coded cells without a source. */
  unsourced: ReadonlySet<string>;
  /** Cells with a source that does not verify. */
  unverified: ReadonlySet<string>;
  /** Cells with an open comment thread. */
  commented: ReadonlySet<string>;
  /** Cells changed since the snapshot (null while it loads: nothing matches yet). */
  changed: ReadonlySet<string> | null;
}

export const NO_FACTS: CellFacts = { contested: new Set(), unsourced: new Set(), unverified: new Set(), commented: new Set(), changed: null };

/** Does this cell meet any criterion in effect? (True for every cell when none is.) */
export function cellMatches(filter: GridFilter, facts: CellFacts, partyId: string, issueId: string): boolean {
  const criteria = activeCriteria(filter);
  if (criteria.length === 0) return true;
  const key = cellKey(partyId, issueId);
  return criteria.some((c) => (c === 'changed' ? (facts.changed?.has(key) ?? false) : facts[c].has(key)));
}

/** Keys of the matching cells among these parties and issues. */
export function matchingCells(filter: GridFilter, facts: CellFacts, parties: readonly AxisItem[], issues: readonly AxisItem[]): Set<string> {
  const out = new Set<string>();
  if (!hasCellFilter(filter)) return out;
  for (const p of parties) for (const i of issues) if (cellMatches(filter, facts, p.id, i.id)) out.add(cellKey(p.id, i.id));
  return out;
}

/** Keys of coded cells that have no source. */
export function unsourcedCells(stances: Iterable<[string, unknown]>, sourced: { has(key: string): boolean }): Set<string> {
  const out = new Set<string>();
  for (const [key, stance] of stances) if (typeof stance === 'string' && !sourced.has(key)) out.add(key);
  return out;
}

/** Keys of the cells whose stance, note or sources differ between two versions. */
export function changedCells(before: MatrixData, after: MatrixData): Set<string> {
  return new Set(compareMatrices(before, after).cells.map((c) => cellKey(c.partyId, c.issueId)));
}

// ---------- sorting and the displayed axes ----------

/**
 * Parties sorted by their stance value on an issue: `value` gives a party's value, null for a
 * stance outside the ordinal scale, undefined for an empty cell. Valued parties first (ascending
 * or descending), then stances without a value, then empty cells; ties keep the given order.
 */
export function sortParties<T extends { id: string }>(parties: readonly T[], value: (partyId: string) => number | null | undefined, dir: SortDirection): T[] {
  const rank = (v: number | null | undefined) => (v === undefined ? 2 : v === null ? 1 : 0);
  const keyed = parties.map((item, index) => ({ item, index, v: value(item.id) }));
  keyed.sort((a, b) => {
    const ra = rank(a.v);
    const rb = rank(b.v);
    if (ra !== rb) return ra - rb;
    if (ra === 0 && a.v !== b.v) return dir === 'asc' ? (a.v as number) - (b.v as number) : (b.v as number) - (a.v as number);
    return a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

export interface AxesInput<T extends AxisItem> {
  parties: readonly T[];
  issues: readonly T[];
  filter: GridFilter;
  facts: CellFacts;
  /** A party's stance value on an issue (see sortParties). */
  value: (partyId: string, issueId: string) => number | null | undefined;
  /** Issues whose stances are hidden (a reveal): never matched, never collapsed, never sorted by. */
  opaque?: (issueId: string) => boolean;
  /** A row and a column that never collapse (the cell being edited). */
  keep?: { party: string | null; issue: string | null };
}

export interface DisplayedAxes<T extends AxisItem> {
  parties: T[];
  issues: T[];
  /** Matching cells among the shown (not hidden) parties and issues; null when no cell filter is on. */
  matches: Set<string> | null;
}

/** The parties and issues the grid shows, in the order it shows them. */
export function displayAxes<T extends AxisItem>({ parties, issues, filter, facts, value, opaque, keep }: AxesInput<T>): DisplayedAxes<T> {
  const hiddenP = new Set(filter.hiddenParties);
  const hiddenI = new Set(filter.hiddenIssues);
  let ps = parties.filter((p) => !hiddenP.has(p.id));
  let is = issues.filter((i) => !hiddenI.has(i.id));
  const sort = filter.sort;
  if (sort && issues.some((i) => i.id === sort.issue) && !opaque?.(sort.issue)) ps = sortParties(ps, (p) => value(p, sort.issue), sort.dir);
  if (!hasCellFilter(filter)) return { parties: ps, issues: is, matches: null };
  const clear = is.filter((i) => !opaque?.(i.id));
  const matches = matchingCells(filter, facts, ps, clear);
  if (filter.collapse) {
    const rows = new Set<string>();
    const cols = new Set<string>();
    for (const key of matches) {
      const cell = parseCellKey(key);
      rows.add(cell?.partyId ?? '');
      cols.add(cell?.issueId ?? '');
    }
    ps = ps.filter((p) => rows.has(p.id) || p.id === keep?.party);
    is = is.filter((i) => cols.has(i.id) || opaque?.(i.id) || i.id === keep?.issue);
  }
  return { parties: ps, issues: is, matches };
}

/**
 * Where to move an item one step up/down (left/right) as the grid shows it: the stored index of
 * its shown neighbour (what `moveAxisItem` expects), or null when it is at the end.
 */
export function neighbourIndex(stored: readonly { id: string }[], shown: readonly { id: string }[], id: string, delta: 1 | -1): number | null {
  const at = shown.findIndex((x) => x.id === id);
  const neighbour = at === -1 ? undefined : shown[at + delta];
  if (!neighbour) return null;
  const to = stored.findIndex((x) => x.id === neighbour.id);
  return to === -1 ? null : to;
}
