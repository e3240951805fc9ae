import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { Presence, NO_PEERS } from '../../client/src/presence/presence.svelte.ts';
import { PRESENCE_COLORS } from '../../client/src/presence/user.ts';
import { awarenessPair, destroyPair } from './awareness-pair.ts';

const A1 = 'p1|i1';
const A2 = 'p1|i2';
const B1 = 'p2|i1';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

function setup() {
  const pair = awarenessPair();
  const [mine, theirs] = pair.map((end) => new Presence(end)) as [Presence, Presence];
  cleanups.push(() => {
    mine.destroy();
    theirs.destroy();
    destroyPair(pair);
  });
  return { pair, mine, theirs };
}

/** Counts re-reads of each cell's colleagues, as a grid cell would read them. */
function watchCells(presence: Presence, keys: string[]): Map<string, number> {
  const runs = new Map<string, number>();
  cleanups.push(
    $effect.root(() => {
      for (const key of keys) {
        const here = presence.inCell(key);
        $effect(() => {
          void here.value;
          runs.set(key, (runs.get(key) ?? 0) + 1);
        });
      }
    }),
  );
  flushSync();
  runs.clear();
  return runs;
}

describe('Presence: colleagues per cell from awareness', () => {
  it('shows a colleague in the cell they selected and wakes only the cells they left and entered', () => {
    const { mine, theirs } = setup();
    const runs = watchCells(mine, [A1, A2, B1]);
    theirs.update('Ben', A1, false);
    flushSync();
    expect(mine.inCell(A1).value.map((p) => p.name)).toEqual(['Ben']);
    expect([...runs.keys()]).toEqual([A1]);
    runs.clear();
    theirs.update('Ben', B1, true);
    flushSync();
    expect(mine.inCell(A1).value).toBe(NO_PEERS);
    expect(mine.inCell(B1).value).toMatchObject([{ name: 'Ben', editing: true }]);
    expect([...runs.keys()].sort()).toEqual([A1, B1].sort());
    expect(mine.rows.get('p2')).toEqual([theirs.color]);
    expect(mine.cols.get('i1')).toEqual([theirs.color]);
  });

  it('leaves a cell quiet when a colleague only republishes the same place', () => {
    const { pair, mine, theirs } = setup();
    theirs.update('Ben', A2, false);
    flushSync();
    const runs = watchCells(mine, [A2]);
    pair[1].events.emit('synced', undefined);
    flushSync();
    expect(runs.size).toBe(0);
    expect(mine.inCell(A2).value.map((p) => p.name)).toEqual(['Ben']);
  });

  it('counts the people here and lists colleagues by name', () => {
    const { mine, theirs } = setup();
    theirs.update('Zoë', null, false);
    expect(mine.peers.map((p) => p.name)).toEqual(['Zoë']);
    expect(mine.viewing).toBe(1 + (mine.userId === theirs.userId ? 0 : 1));
    expect(theirs.peers.map((p) => p.name)).toEqual(['Anonymous']);
  });

  it('ignores a malformed cell and a colour that is not a colour', () => {
    const { pair, mine } = setup();
    pair[1].awareness.setLocalState({ user: { name: 'Eve', id: 'eve', color: 'red; background: url(x)' }, cell: 'no-bar', editing: true });
    const eve = mine.peers.find((p) => p.name === 'Eve');
    expect(eve).toMatchObject({ cell: null, editing: false });
    expect(PRESENCE_COLORS).toContain(eve?.color);
  });

  it('withdraws its entry when destroyed, so colleagues stop showing it at once', () => {
    const { mine, theirs } = setup();
    theirs.update('Ben', A1, false);
    expect(mine.inCell(A1).value).toHaveLength(1);
    theirs.destroy();
    expect(mine.inCell(A1).value).toBe(NO_PEERS);
    expect(mine.peers).toEqual([]);
  });

  it('takes another palette colour when a colleague who joined first shows the same one', () => {
    const { pair, mine, theirs } = setup();
    const [me, them] = pair[0].awareness.clientID < pair[1].awareness.clientID ? [mine, theirs] : [theirs, mine];
    // The first one's colour, announced under another person's id: the later one must move off it.
    const first = pair[me === mine ? 0 : 1].awareness;
    first.setLocalState({ ...first.getLocalState(), user: { name: 'First', id: 'someone-else', color: them.preferredColor } });
    expect(them.color).not.toBe(them.preferredColor);
    expect(PRESENCE_COLORS).toContain(them.color);
  });
});
