import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { Role } from '../../shared/access.ts';
import { addAxisItem, setStance } from '../../shared/matrix.ts';
import { cellKey } from '../../shared/schema.ts';
import { Access } from '../../client/src/access/access.svelte.ts';
import { Library } from '../../client/src/evidence/library.svelte.ts';
import { Verifications } from '../../client/src/evidence/verification.svelte.ts';
import { GridFilters } from '../../client/src/filters/filters.svelte.ts';
import type { MatrixStore } from '../../client/src/matrix/matrix-store.svelte.ts';
import { MatrixView } from '../../client/src/matrix/matrix-view.svelte.ts';
import { Presence } from '../../client/src/presence/presence.svelte.ts';
import { Present } from '../../client/src/present/present.svelte.ts';
import { replicas } from '../utils/docs.ts';
import { awarenessPair, destroyPair, type FakeSessionEnd } from './awareness-pair.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

function open(end: FakeSessionEnd, doc: Y.Doc, role: Role) {
  const presence = new Presence(end);
  const view = new MatrixView(doc);
  const access = new Access('token', { role });
  let present!: Present;
  let filters!: GridFilters;
  // Both run $effects: they live in an effect root, as in a component.
  const stop = $effect.root(() => {
    present = new Present(view, access, presence, end.awareness);
    const store = { view, session: { doc }, id: 'm1', access } as unknown as MatrixStore;
    filters = new GridFilters(store, present, new Verifications(doc, new Library(doc, async () => '')));
  });
  cleanups.push(() => {
    present.destroy();
    stop();
    presence.destroy();
  });
  return { present, filters };
}

function setup(other: Role = 'viewer') {
  const [doc] = replicas(1) as [Y.Doc];
  const parties = ['Ukraine', 'Russia', 'Poland'].map((name) => addAxisItem(doc, 'parties', { name })) as [string, string, string];
  const issues = ['Ceasefire', 'Energy truce'].map((name) => addAxisItem(doc, 'issues', { name })) as [string, string];
  setStance(doc, parties[0], issues[0], 'opposes');
  setStance(doc, parties[1], issues[0], 'supports');
  const pair = awarenessPair(['facilitator', other]);
  cleanups.push(() => destroyPair(pair));
  const f = open(pair[0], doc, 'facilitator');
  const them = open(pair[1], doc, other);
  flushSync();
  return { doc, f, them, parties, issues };
}

const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('GridFilters: whose filter the grid shows', () => {
  it("each person's filter is their own outside present mode", () => {
    const { f, them, parties, issues } = setup('editor');
    f.filters.setHidden('parties', parties[2], true);
    f.filters.setSort({ issue: issues[0], dir: 'desc' });
    flushSync();
    expect(ids(f.filters.parties)).toEqual([parties[1], parties[0]]);
    expect(ids(them.filters.parties)).toEqual(parties);
    expect(them.filters.active).toBe(false);
  });

  it("a presenting facilitator's filter (already set before presenting) reaches a follower; changing it there stops following", async () => {
    const { f, them, parties, issues } = setup();
    f.filters.setCriterion('unsourced', true);
    f.filters.setHidden('issues', issues[1], true);
    f.present.enter();
    flushSync();
    await vi.waitFor(() => expect(them.filters.current.show).toEqual(['unsourced']));
    expect(them.filters.fromPresenter).toBe(true);
    expect(ids(them.filters.issues)).toEqual([issues[0]]);
    // Both cells with a stance have no source: they match, the empty one does not.
    flushSync();
    await vi.waitFor(() => expect(them.filters.matchFlag(cellKey(parties[0], issues[0])).value).toBe(true));
    expect(them.filters.matchFlag(cellKey(parties[2], issues[0])).value).toBe(false);
    expect(them.filters.matchCount).toBe(2);

    // The presenter sorts: the follower's rows follow.
    f.filters.setSort({ issue: issues[0], dir: 'asc' });
    flushSync();
    await vi.waitFor(() => expect(ids(them.filters.parties)).toEqual([parties[0], parties[1], parties[2]]));
    f.filters.setSort({ issue: issues[0], dir: 'desc' });
    flushSync();
    await vi.waitFor(() => expect(ids(them.filters.parties)).toEqual([parties[1], parties[0], parties[2]]));

    // The follower changes the filter: it stops following and starts from what it saw.
    them.filters.setCriterion('unsourced', false);
    flushSync();
    expect(them.present.following).toBe(false);
    expect(them.filters.current.show).toEqual([]);
    expect(them.filters.current.hiddenIssues).toEqual([issues[1]]);
    expect(f.filters.current.show).toEqual(['unsourced']);
  });

  it('a follower who enters present mode keeps following, with or without a filter of its own', async () => {
    for (const own of [false, true]) {
      const { f, them, parties } = setup();
      if (own) them.filters.setHidden('parties', parties[0], true);
      f.present.enter();
      flushSync();
      await vi.waitFor(() => expect(them.present.following).toBe(true));
      them.present.enter();
      flushSync();
      expect(them.present.following).toBe(true);
      expect(them.filters.fromPresenter).toBe(true);
      expect(ids(them.filters.parties)).toEqual(parties);
    }
  });

  it('moves past the shown neighbour, and refuses to move parties while they are sorted', () => {
    const { f, parties, issues } = setup();
    f.filters.setHidden('parties', parties[1], true);
    flushSync();
    expect(f.filters.moveTarget('parties', parties[0], 1)).toBe(2);
    expect(f.filters.storedOrder('parties')).toBe(false);
    f.filters.setSort({ issue: issues[0], dir: 'asc' });
    flushSync();
    expect(f.filters.moveTarget('parties', parties[0], 1)).toMatch(/sorted/);
    expect(f.filters.moveTarget('issues', issues[0], 1)).toBe(1);
  });
});
