/**
 * Compares two versions of a matrix (two snapshots, or a snapshot and now) as plain data.
 * Everything is matched by id, never by position or name, so a rename is a rename and not a
 * remove plus an add. Pure: works the same in the browser and on the server.
 */
import type { StanceLevel } from '../scale.ts';
import { cellKey, type AxisItem, type Cell, type MatrixData, type Source, type SourceFields } from '../schema.ts';

/** A stance as shown to people: enough to draw the chip without the scale at hand. */
export type StanceRef = Pick<StanceLevel, 'id' | 'label' | 'symbol' | 'value' | 'color' | 'textColor'>;

export type SourceField = keyof SourceFields;
export const SOURCE_FIELDS: readonly SourceField[] = ['quote', 'speaker', 'document', 'date', 'link'];

export interface SourceEdit {
  id: string;
  before: Source;
  after: Source;
  /** The fields whose text differs. */
  fields: SourceField[];
}

export interface CellChange {
  partyId: string;
  issueId: string;
  /** Names as of the newer version (the older one for a removed party or issue). */
  party: string;
  issue: string;
  /** null: the stance did not change. */
  stance: { before: StanceRef | null; after: StanceRef | null } | null;
  /** null: the note did not change. */
  note: { before: string; after: string } | null;
  sourcesAdded: Source[];
  sourcesRemoved: Source[];
  sourcesEdited: SourceEdit[];
  /** The sources kept in this cell are listed in another order. */
  sourcesReordered: boolean;
}

export interface AxisDiff {
  added: AxisItem[];
  removed: AxisItem[];
  renamed: { id: string; before: string; after: string }[];
  descriptionChanged: { id: string; name: string; before: string; after: string }[];
  /** Items that changed place relative to the others (the fewest that explain the new order). */
  moved: { id: string; name: string; fromIndex: number; toIndex: number }[];
}

export interface ComparisonCounts {
  cellsChanged: number;
  stancesChanged: number;
  notesChanged: number;
  sourcesAdded: number;
  sourcesRemoved: number;
  sourcesEdited: number;
  partiesAdded: number;
  partiesRemoved: number;
  partiesRenamed: number;
  partiesMoved: number;
  issuesAdded: number;
  issuesRemoved: number;
  issuesRenamed: number;
  issuesMoved: number;
}

export interface MatrixComparison {
  meta: {
    title: { before: string; after: string } | null;
    description: { before: string; after: string } | null;
  };
  /** The stance scale itself differs (levels added, removed or relabelled). */
  scaleChanged: boolean;
  parties: AxisDiff;
  issues: AxisDiff;
  /** Changed cells, by party then issue in the newer version's order (removed rows/columns last). */
  cells: CellChange[];
  counts: ComparisonCounts;
  /** e.g. "9 cells changed, 3 new sources, 1 party added", or "No changes". */
  summary: string;
}

function stanceRef(scale: Map<string, StanceLevel>, id: string | null): StanceRef | null {
  if (id === null) return null;
  const level = scale.get(id);
  // A stance outside the scale cannot be written through the model; show its id rather than hide it.
  if (!level) return { id, label: id, symbol: '?', value: null, color: '#ffffff', textColor: '#1a1a1a' };
  const { label, symbol, value, color, textColor } = level;
  return { id, label, symbol, value, color, textColor };
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence, by patience sorting:
 * O(n log n), so comparing versions with hundreds of moved parties stays instant.
 */
function longestIncreasing(seq: readonly number[]): Set<number> {
  /** tails[k]: index of the smallest last value of an increasing run of length k + 1. */
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  seq.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] ?? 0] ?? 0) < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] ?? -1;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? (tails[tails.length - 1] ?? -1) : -1; i >= 0; i = prev[i] ?? -1) keep.add(i);
  return keep;
}

function compareAxis(before: readonly AxisItem[], after: readonly AxisItem[]): AxisDiff {
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterById = new Map(after.map((item) => [item.id, item]));
  const diff: AxisDiff = { added: [], removed: [], renamed: [], descriptionChanged: [], moved: [] };
  for (const item of after) {
    const old = beforeById.get(item.id);
    if (!old) diff.added.push(item);
    else {
      if (old.name !== item.name) diff.renamed.push({ id: item.id, before: old.name, after: item.name });
      if (old.description !== item.description) {
        diff.descriptionChanged.push({ id: item.id, name: item.name, before: old.description, after: item.description });
      }
    }
  }
  for (const item of before) if (!afterById.has(item.id)) diff.removed.push(item);

  // Moves: among the items in both versions, those outside a longest run that kept its order.
  const keptBefore = before.filter((item) => afterById.has(item.id));
  const keptAfter = after.filter((item) => beforeById.has(item.id));
  const afterIndex = new Map(keptAfter.map((item, i) => [item.id, i]));
  const positions = keptBefore.map((item) => afterIndex.get(item.id) ?? 0);
  const stay = longestIncreasing(positions);
  const fromIndex = new Map(before.map((item, i) => [item.id, i]));
  const toIndex = new Map(after.map((item, i) => [item.id, i]));
  keptBefore.forEach((item, i) => {
    if (stay.has(i)) return;
    const now = afterById.get(item.id);
    diff.moved.push({
      id: item.id,
      name: now?.name ?? item.name,
      fromIndex: fromIndex.get(item.id) ?? -1,
      toIndex: toIndex.get(item.id) ?? -1,
    });
  });
  diff.moved.sort((a, b) => a.toIndex - b.toIndex);
  return diff;
}

/** Union of ids: the newer order first, then the ids only the older version has. */
function unionOrder(before: readonly AxisItem[], after: readonly AxisItem[]): AxisItem[] {
  const seen = new Set(after.map((i) => i.id));
  return [...after, ...before.filter((i) => !seen.has(i.id))];
}

function sourceFieldsDiffer(a: Source, b: Source): SourceField[] {
  return SOURCE_FIELDS.filter((f) => a[f] !== b[f]);
}

function compareCell(
  before: Cell | undefined,
  after: Cell | undefined,
  scales: { before: Map<string, StanceLevel>; after: Map<string, StanceLevel> },
): Omit<CellChange, 'partyId' | 'issueId' | 'party' | 'issue'> | null {
  const stanceBefore = before?.stance ?? null;
  const stanceAfter = after?.stance ?? null;
  const noteBefore = before?.note ?? '';
  const noteAfter = after?.note ?? '';
  const oldSources = before?.sources ?? [];
  const newSources = after?.sources ?? [];
  const oldById = new Map(oldSources.map((s) => [s.id, s]));
  const newById = new Map(newSources.map((s) => [s.id, s]));

  const sourcesAdded = newSources.filter((s) => !oldById.has(s.id));
  const sourcesRemoved = oldSources.filter((s) => !newById.has(s.id));
  const sourcesEdited: SourceEdit[] = [];
  for (const s of newSources) {
    const old = oldById.get(s.id);
    if (!old) continue;
    const fields = sourceFieldsDiffer(old, s);
    if (fields.length > 0) sourcesEdited.push({ id: s.id, before: old, after: s, fields });
  }
  const keptOld = oldSources.filter((s) => newById.has(s.id)).map((s) => s.id);
  const keptNew = newSources.filter((s) => oldById.has(s.id)).map((s) => s.id);
  const sourcesReordered = keptOld.some((id, i) => keptNew[i] !== id);

  const stanceChanged = stanceBefore !== stanceAfter;
  const noteChanged = noteBefore !== noteAfter;
  if (!stanceChanged && !noteChanged && !sourcesAdded.length && !sourcesRemoved.length && !sourcesEdited.length && !sourcesReordered) {
    return null;
  }
  return {
    stance: stanceChanged ? { before: stanceRef(scales.before, stanceBefore), after: stanceRef(scales.after, stanceAfter) } : null,
    note: noteChanged ? { before: noteBefore, after: noteAfter } : null,
    sourcesAdded,
    sourcesRemoved,
    sourcesEdited,
    sourcesReordered,
  };
}

/** The scale as a string with a fixed field order, so equal scales compare equal. */
function scaleKey(scale: readonly StanceLevel[]): string {
  return JSON.stringify(scale.map((l) => [l.id, l.label, l.symbol, l.value, l.color, l.textColor, l.order, l.description]));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The one-line summary, e.g. "9 cells changed, 3 new sources, 1 party added". */
export function summarizeComparison(c: Pick<MatrixComparison, 'counts' | 'meta' | 'scaleChanged' | 'parties' | 'issues'>): string {
  const n = c.counts;
  const parts: string[] = [];
  const add = (count: number, one: string, many: string) => {
    if (count > 0) parts.push(plural(count, one, many));
  };
  add(n.cellsChanged, 'cell changed', 'cells changed');
  add(n.sourcesAdded, 'new source', 'new sources');
  add(n.sourcesRemoved, 'source removed', 'sources removed');
  add(n.sourcesEdited, 'source edited', 'sources edited');
  add(n.partiesAdded, 'party added', 'parties added');
  add(n.partiesRemoved, 'party removed', 'parties removed');
  add(n.partiesRenamed, 'party renamed', 'parties renamed');
  add(n.partiesMoved, 'party moved', 'parties moved');
  add(c.parties.descriptionChanged.length, 'party description edited', 'party descriptions edited');
  add(n.issuesAdded, 'issue added', 'issues added');
  add(n.issuesRemoved, 'issue removed', 'issues removed');
  add(n.issuesRenamed, 'issue renamed', 'issues renamed');
  add(n.issuesMoved, 'issue moved', 'issues moved');
  add(c.issues.descriptionChanged.length, 'issue description edited', 'issue descriptions edited');
  if (c.meta.title) parts.push('title changed');
  if (c.meta.description) parts.push('description changed');
  if (c.scaleChanged) parts.push('stance scale changed');
  if (parts.length === 0) return 'No changes';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What changed from `before` to `after`. */
export function compareMatrices(before: MatrixData, after: MatrixData): MatrixComparison {
  const parties = compareAxis(before.parties, after.parties);
  const issues = compareAxis(before.issues, after.issues);
  const scales = {
    before: new Map(before.scale.map((l) => [l.id, l])),
    after: new Map(after.scale.map((l) => [l.id, l])),
  };
  const oldCells = new Map(before.cells.map((c) => [cellKey(c.partyId, c.issueId), c]));
  const newCells = new Map(after.cells.map((c) => [cellKey(c.partyId, c.issueId), c]));

  const cells: CellChange[] = [];
  const allIssues = unionOrder(before.issues, after.issues);
  for (const party of unionOrder(before.parties, after.parties)) {
    for (const issue of allIssues) {
      const key = cellKey(party.id, issue.id);
      const change = compareCell(oldCells.get(key), newCells.get(key), scales);
      if (change) cells.push({ partyId: party.id, issueId: issue.id, party: party.name, issue: issue.name, ...change });
    }
  }

  const sum = (f: (c: CellChange) => number) => cells.reduce((n, c) => n + f(c), 0);
  const counts: ComparisonCounts = {
    cellsChanged: cells.length,
    stancesChanged: cells.filter((c) => c.stance).length,
    notesChanged: cells.filter((c) => c.note).length,
    sourcesAdded: sum((c) => c.sourcesAdded.length),
    sourcesRemoved: sum((c) => c.sourcesRemoved.length),
    sourcesEdited: sum((c) => c.sourcesEdited.length),
    partiesAdded: parties.added.length,
    partiesRemoved: parties.removed.length,
    partiesRenamed: parties.renamed.length,
    partiesMoved: parties.moved.length,
    issuesAdded: issues.added.length,
    issuesRemoved: issues.removed.length,
    issuesRenamed: issues.renamed.length,
    issuesMoved: issues.moved.length,
  };
  const meta = {
    title: before.meta.title !== after.meta.title ? { before: before.meta.title, after: after.meta.title } : null,
    description: before.meta.description !== after.meta.description ? { before: before.meta.description, after: after.meta.description } : null,
  };
  const scaleChanged = scaleKey(before.scale) !== scaleKey(after.scale);
  const result = { meta, scaleChanged, parties, issues, cells, counts };
  return { ...result, summary: summarizeComparison(result) };
}
