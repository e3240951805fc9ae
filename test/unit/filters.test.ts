import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  cellMatches,
  changedCells,
  displayAxes,
  emptyFilter,
  hasCellFilter,
  isFilterActive,
  MAX_HIDDEN,
  NO_FACTS,
  neighbourIndex,
  parseFilter,
  pruneFilter,
  setCriterion,
  setHidden,
  setSince,
  showAll,
  sortParties,
  unsourcedCells,
  type CellFacts,
  type GridFilter,
} from '../../shared/filters.ts';
import { emptyStage, parseStage, setStageFilter } from '../../shared/stage.ts';
import { cellKey, type AxisItem } from '../../shared/schema.ts';
import * as model from '../../shared/matrix.ts';
import { stampAwarenessEntry } from '../../server/sync/awareness-filter.ts';

const item = (id: string): AxisItem => ({ id, name: id.toUpperCase(), description: '', order: id });
const PARTIES = ['p1', 'p2', 'p3', 'p4'].map(item);
const ISSUES = ['i1', 'i2', 'i3'].map(item);
const facts = (over: Partial<CellFacts>): CellFacts => ({ ...NO_FACTS, ...over });
const filter = (over: Partial<GridFilter>): GridFilter => ({ ...emptyFilter(), ...over });

describe('parseFilter: a filter from another client is checked in every part', () => {
  const good = filter({
    show: ['contested', 'changed'],
    since: 'snap1',
    collapse: true,
    hiddenParties: ['p1'],
    hiddenIssues: ['i2'],
    sort: { issue: 'i1', dir: 'asc' },
  });

  it('accepts a well-formed filter and returns a fresh copy without unknown fields', () => {
    const parsed = parseFilter({ ...good, evil: 1 });
    expect(parsed).toEqual(good);
    expect(parsed).not.toHaveProperty('evil');
    expect(parsed?.hiddenParties).not.toBe(good.hiddenParties);
  });

  it.each([
    ['an unknown criterion', { show: ['contested', 'lovely'] }],
    ['a repeated criterion', { show: ['contested', 'contested'] }],
    ['a malformed snapshot id', { since: '../x' }],
    ['collapse not a boolean', { collapse: 'yes' }],
    ['a hidden id that is not an id', { hiddenParties: ['a b'] }],
    ['a repeated hidden id', { hiddenIssues: ['i1', 'i1'] }],
    ['too many hidden parties', { hiddenParties: Array.from({ length: MAX_HIDDEN + 1 }, (_, i) => `p${i}`) }],
    ['a sort without a direction', { sort: { issue: 'i1' } }],
    ['a sort by a malformed issue id', { sort: { issue: '', dir: 'asc' } }],
    ['hidden ids not an array', { hiddenIssues: 'i1' }],
  ])('refuses %s', (_why, over) => {
    expect(parseFilter({ ...good, ...over })).toBeUndefined();
  });

  it('refuses non-objects', () => {
    for (const v of [null, 1, 'x', [], undefined]) expect(parseFilter(v)).toBeUndefined();
  });
});

describe('the filter on the stage', () => {
  it('parseStage keeps a valid filter, reads a missing one as none and refuses the whole stage for a malformed one', () => {
    const f = filter({ show: ['unsourced'], hiddenIssues: ['i3'] });
    const stage = setStageFilter(emptyStage(1), f, 2);
    expect(parseStage(stage)?.filter).toEqual(f);
    const { filter: _gone, ...old } = stage;
    expect(parseStage(old)?.filter).toBeNull();
    expect(parseStage({ ...stage, filter: { ...f, show: ['everything'] } })).toBeNull();
    expect(parseStage({ ...stage, filter: 'contested' })).toBeNull();
  });

  it('the server relays a facilitator stage with a well-formed filter and strips one with a malformed filter', () => {
    const entry = (stage: unknown) => ({ clientId: 1, clock: 1, json: '', state: { user: { name: 'F' }, stage } });
    const good = setStageFilter(emptyStage(1), filter({ show: ['commented'], sort: { issue: 'i1', dir: 'desc' } }), 2);
    const kept = stampAwarenessEntry(entry(good), 'facilitator')?.state as { stage?: unknown };
    expect(kept.stage).toEqual(good);
    const bad = { ...good, filter: { ...good.filter, hiddenParties: ['<script>'] } };
    const stripped = stampAwarenessEntry(entry(bad), 'facilitator')?.state as { stage?: unknown };
    expect(stripped).not.toHaveProperty('stage');
  });

  it('setStageFilter changes the stage (and its time) only when the filter differs', () => {
    const f = filter({ show: ['contested'] });
    const s1 = setStageFilter(emptyStage(1), f, 5);
    expect(s1.at).toBe(5);
    expect(setStageFilter(s1, filter({ show: ['contested'] }), 9)).toBe(s1);
  });
});

describe('cellMatches: a cell shows when it is any of the chosen kinds', () => {
  const F = facts({
    contested: new Set([cellKey('p1', 'i1')]),
    unsourced: new Set([cellKey('p2', 'i2')]),
    unverified: new Set([cellKey('p3', 'i3')]),
    commented: new Set([cellKey('p4', 'i1')]),
    changed: new Set([cellKey('p1', 'i3')]),
  });

  it('every cell matches without a cell filter', () => {
    expect(cellMatches(emptyFilter(), F, 'p4', 'i3')).toBe(true);
  });

  it('matches each criterion on its own and any of several', () => {
    expect(cellMatches(filter({ show: ['contested'] }), F, 'p1', 'i1')).toBe(true);
    expect(cellMatches(filter({ show: ['contested'] }), F, 'p2', 'i2')).toBe(false);
    expect(cellMatches(filter({ show: ['unsourced'] }), F, 'p2', 'i2')).toBe(true);
    expect(cellMatches(filter({ show: ['unverified'] }), F, 'p3', 'i3')).toBe(true);
    expect(cellMatches(filter({ show: ['commented'] }), F, 'p4', 'i1')).toBe(true);
    const either = filter({ show: ['contested', 'commented'] });
    expect([cellMatches(either, F, 'p1', 'i1'), cellMatches(either, F, 'p4', 'i1'), cellMatches(either, F, 'p2', 'i2')]).toEqual([true, true, false]);
  });

  it('"changed" counts only once a snapshot is chosen, and matches nothing while it loads', () => {
    expect(hasCellFilter(filter({ show: ['changed'] }))).toBe(false);
    const since = setSince(emptyFilter(), 'snap1');
    expect(since.show).toEqual(['changed']);
    expect(cellMatches(since, F, 'p1', 'i3')).toBe(true);
    expect(cellMatches(since, { ...F, changed: null }, 'p1', 'i3')).toBe(false);
    expect(setSince(since, null).show).toEqual([]);
  });
});

describe('sortParties: by stance value, ties stable, empty last', () => {
  const values: Record<string, number | null | undefined> = { a: 1, b: undefined, c: -2, d: 1, e: null, f: 3 };
  const list = Object.keys(values).map((id) => ({ id }));

  it('descending: highest first, ties in the given order, no-value stances then empty cells last', () => {
    expect(sortParties(list, (id) => values[id], 'desc').map((p) => p.id)).toEqual(['f', 'a', 'd', 'c', 'e', 'b']);
  });

  it('ascending: lowest first, and empty cells are still last', () => {
    expect(sortParties(list, (id) => values[id], 'asc').map((p) => p.id)).toEqual(['c', 'a', 'd', 'f', 'e', 'b']);
  });

  it('never changes the list it was given', () => {
    const before = list.map((p) => p.id);
    sortParties(list, (id) => values[id], 'asc');
    expect(list.map((p) => p.id)).toEqual(before);
  });
});

describe('displayAxes: what the grid shows', () => {
  const value = (p: string, i: string) => (i === 'i1' ? ({ p1: -1, p2: 2, p3: undefined, p4: 0 } as Record<string, number | undefined>)[p] : undefined);
  const base = { parties: PARTIES, issues: ISSUES, facts: NO_FACTS, value };
  const ids = (xs: AxisItem[]) => xs.map((x) => x.id);

  it('leaves out hidden parties and issues', () => {
    const shown = displayAxes({ ...base, filter: filter({ hiddenParties: ['p2'], hiddenIssues: ['i1', 'i3'] }) });
    expect(ids(shown.parties)).toEqual(['p1', 'p3', 'p4']);
    expect(ids(shown.issues)).toEqual(['i2']);
    expect(shown.matches).toBeNull();
  });

  it('sorts parties by their stance on an issue, empty last', () => {
    expect(ids(displayAxes({ ...base, filter: filter({ sort: { issue: 'i1', dir: 'desc' } }) }).parties)).toEqual(['p2', 'p4', 'p1', 'p3']);
    expect(ids(displayAxes({ ...base, filter: filter({ sort: { issue: 'i1', dir: 'asc' } }) }).parties)).toEqual(['p1', 'p4', 'p2', 'p3']);
  });

  it('does not sort by an issue whose stances a reveal hides, nor by one that does not exist', () => {
    const sorted = filter({ sort: { issue: 'i1', dir: 'desc' } });
    expect(ids(displayAxes({ ...base, filter: sorted, opaque: (i) => i === 'i1' }).parties)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(ids(displayAxes({ ...base, filter: filter({ sort: { issue: 'gone', dir: 'asc' } }) }).parties)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('dims by default: every row and column stays, the matches are listed', () => {
    const F = facts({ contested: new Set([cellKey('p2', 'i3'), cellKey('p4', 'i3')]) });
    const shown = displayAxes({ ...base, facts: F, filter: filter({ show: ['contested'] }) });
    expect(ids(shown.parties)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect([...(shown.matches ?? [])].sort()).toEqual([cellKey('p2', 'i3'), cellKey('p4', 'i3')]);
  });

  it('collapse leaves out rows and columns with no match, but keeps the cell being edited', () => {
    const F = facts({ contested: new Set([cellKey('p2', 'i3'), cellKey('p4', 'i3')]) });
    const f = filter({ show: ['contested'], collapse: true });
    const shown = displayAxes({ ...base, facts: F, filter: f });
    expect([ids(shown.parties), ids(shown.issues)]).toEqual([['p2', 'p4'], ['i3']]);
    const kept = displayAxes({ ...base, facts: F, filter: f, keep: { party: 'p1', issue: 'i1' } });
    expect([ids(kept.parties), ids(kept.issues)]).toEqual([
      ['p1', 'p2', 'p4'],
      ['i1', 'i3'],
    ]);
  });

  it('a column a reveal hides never matches and never collapses (no hint of its stances)', () => {
    const F = facts({ contested: new Set([cellKey('p1', 'i2'), cellKey('p3', 'i1')]) });
    const shown = displayAxes({ ...base, facts: F, filter: filter({ show: ['contested'], collapse: true }), opaque: (i) => i === 'i2' });
    expect(shown.matches).toEqual(new Set([cellKey('p3', 'i1')]));
    expect([ids(shown.parties), ids(shown.issues)]).toEqual([['p3'], ['i1', 'i2']]);
  });

  it('matches only among shown parties and issues (hidden ones do not count)', () => {
    const F = facts({ contested: new Set([cellKey('p1', 'i1'), cellKey('p2', 'i1')]) });
    const shown = displayAxes({ ...base, facts: F, filter: filter({ show: ['contested'], hiddenParties: ['p1'] }) });
    expect(shown.matches).toEqual(new Set([cellKey('p2', 'i1')]));
  });
});

describe('filter changes', () => {
  it('criteria keep one canonical order; hiding is bounded; show all and prune', () => {
    const f = setCriterion(setCriterion(emptyFilter(), 'commented', true), 'contested', true);
    expect(f.show).toEqual(['contested', 'commented']);
    expect(isFilterActive(f)).toBe(true);
    let h = emptyFilter();
    for (let i = 0; i < MAX_HIDDEN + 5; i++) h = setHidden(h, 'parties', `p${i}`, true);
    expect(h.hiddenParties).toHaveLength(MAX_HIDDEN);
    expect(setHidden(h, 'parties', 'p0', false).hiddenParties).toHaveLength(MAX_HIDDEN - 1);
    expect(showAll(h, 'parties').hiddenParties).toEqual([]);
    const pruned = pruneFilter(filter({ hiddenParties: ['p1', 'gone'], hiddenIssues: ['old'], sort: { issue: 'old', dir: 'asc' } }), PARTIES, ISSUES);
    expect(pruned).toEqual(filter({ hiddenParties: ['p1'] }));
  });

  it('neighbourIndex moves past the shown neighbour (hidden items keep their place)', () => {
    const stored = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
    const shown = ['a', 'c', 'd'].map((id) => ({ id })); // b hidden
    expect(neighbourIndex(stored, shown, 'a', 1)).toBe(2); // after c
    expect(neighbourIndex(stored, shown, 'c', -1)).toBe(0); // before a
    expect(neighbourIndex(stored, shown, 'd', 1)).toBeNull();
    expect(neighbourIndex(stored, stored, 'b', 1)).toBe(2); // nothing hidden: plain index + 1
  });
});

describe('facts from a matrix', () => {
  it('unsourcedCells: coded cells without a source; changedCells: cells that differ from a snapshot', () => {
    const doc = new Y.Doc();
    model.initMatrix(doc, { title: 'T' });
    const p = model.addAxisItem(doc, 'parties', { name: 'P' });
    const i1 = model.addAxisItem(doc, 'issues', { name: 'I1' });
    const i2 = model.addAxisItem(doc, 'issues', { name: 'I2' });
    model.setStance(doc, p, i1, 'supports');
    model.setStance(doc, p, i2, 'opposes');
    model.addSource(doc, p, i2, { quote: 'We oppose it.', speaker: 'Someone', document: '', date: '', link: '', addedBy: 'Ana' });
    const before = model.readMatrix(doc);
    expect(unsourcedCells(model.stancesMap(doc).entries(), model.readSourcesByCell(doc))).toEqual(new Set([cellKey(p, i1)]));
    model.setStance(doc, p, i1, 'opposes');
    expect(changedCells(before, model.readMatrix(doc))).toEqual(new Set([cellKey(p, i1)]));
  });
});
