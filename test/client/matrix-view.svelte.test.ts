import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, addSource, removeSource, setNote, setStance, setTitle, updateSource } from '../../shared/matrix.ts';
import { addComment, setThreadResolved } from '../../shared/comments.ts';
import { cellKey } from '../../shared/schema.ts';
import { MatrixView } from '../../client/src/matrix/matrix-view.svelte.ts';
import { replicas } from '../utils/docs.ts';

const REMOTE = 'remote';
const SOURCE = { quote: 'We will not negotiate.', speaker: 'A speaker', document: 'Interview', date: '2025-03-01', link: '', addedBy: 'Ana' };

/** A colleague's doc whose every update reaches ours, as the server would relay it. */
function setup() {
  const [remote, local] = replicas(2) as [Y.Doc, Y.Doc];
  remote.on('update', (update: Uint8Array) => Y.applyUpdate(local, update, REMOTE));
  const parties = ['p1', 'p2'].map((name) => addAxisItem(remote, 'parties', { name }, REMOTE));
  const issues = ['i1', 'i2'].map((name) => addAxisItem(remote, 'issues', { name }, REMOTE));
  const view = new MatrixView(local);
  // One effect per cell, counting how often each cell's holder is re-read.
  const runs = new Map<string, number>();
  const stop = $effect.root(() => {
    for (const p of parties) {
      for (const i of issues) {
        const holder = view.cell(p, i);
        $effect(() => {
          void holder.value;
          void holder.contested;
          void holder.openThreads;
          runs.set(holder.key, (runs.get(holder.key) ?? 0) + 1);
        });
      }
    }
  });
  flushSync();
  runs.clear();
  cleanups.push(stop);
  return { remote, local, view, runs, parties: parties as [string, string], issues: issues as [string, string] };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

describe('MatrixView: the bridge from the doc to reactive cells', () => {
  it('repaints exactly the cell a remote stance change touched', () => {
    const { remote, view, runs, parties, issues } = setup();
    setStance(remote, parties[0], issues[1], 'supports', REMOTE);
    flushSync();
    expect([...runs]).toEqual([[cellKey(parties[0], issues[1]), 1]]);
    expect(view.cell(parties[0], issues[1]).value.stance).toBe('supports');
    expect(view.cell(parties[1], issues[1]).value.stance).toBeNull();
  });

  it('replaces a cell value with a new object instead of mutating it', () => {
    const { remote, view, parties, issues } = setup();
    const before = view.cell(parties[1], issues[0]).value;
    setNote(remote, parties[1], issues[0], 'A note', REMOTE);
    const after = view.cell(parties[1], issues[0]).value;
    expect(after).not.toBe(before);
    expect(before.note).toBe('');
    expect(after.note).toBe('A note');
  });

  it('follows a source into its cell, through an edit, and out again', () => {
    const { remote, view, runs, parties, issues } = setup();
    const id = addSource(remote, parties[1], issues[1], SOURCE, REMOTE);
    flushSync();
    expect(view.cell(parties[1], issues[1]).value.sources.map((s) => s.id)).toEqual([id]);
    expect([...runs.keys()]).toEqual([cellKey(parties[1], issues[1])]);
    updateSource(remote, id, { speaker: 'Another speaker' }, REMOTE);
    expect(view.cell(parties[1], issues[1]).value.sources[0]?.speaker).toBe('Another speaker');
    removeSource(remote, id, REMOTE);
    flushSync();
    expect(view.cell(parties[1], issues[1]).value.sources).toEqual([]);
    expect([...runs.keys()]).toEqual([cellKey(parties[1], issues[1])]);
  });

  it('counts open comment threads per cell and drops a resolved one', () => {
    const { remote, view, runs, parties, issues } = setup();
    const root = addComment(remote, parties[0], issues[0], 'Is this right?', { parent: null }, REMOTE);
    flushSync();
    expect(view.cell(parties[0], issues[0]).openThreads).toBe(1);
    expect(view.cellComments(parties[0], issues[0]).map((t) => t.root.id)).toEqual([root]);
    setThreadResolved(remote, root, true, REMOTE);
    flushSync();
    expect(view.cell(parties[0], issues[0]).openThreads).toBe(0);
    expect([...runs.keys()]).toEqual([cellKey(parties[0], issues[0])]);
  });

  it('replaces meta and the axes when the colleague renames or adds', () => {
    const { remote, view } = setup();
    const parties = view.parties;
    setTitle(remote, 'Renamed', REMOTE);
    addAxisItem(remote, 'parties', { name: 'p3' }, REMOTE);
    expect(view.meta.title).toBe('Renamed');
    expect(view.parties).not.toBe(parties);
    expect(view.parties.map((p) => p.name)).toEqual(['p1', 'p2', 'p3']);
  });

  it('remembers the cell the latest transaction touched (undo returns there)', () => {
    const { remote, view, parties, issues } = setup();
    setStance(remote, parties[1], issues[0], 'opposes', REMOTE);
    expect(view.lastTouchedCell).toBe(cellKey(parties[1], issues[0]));
    setTitle(remote, 'Only meta', REMOTE);
    expect(view.lastTouchedCell).toBeNull();
  });
});
