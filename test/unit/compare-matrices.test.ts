import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addAxisItem,
  addSource,
  deleteAxisItem,
  moveAxisItem,
  moveSource,
  readMatrix,
  removeSource,
  renameAxisItem,
  setNote,
  setStance,
  setTitle,
  updateSource,
} from '../../shared/matrix.ts';
import { compareMatrices, summarizeComparison, type MatrixComparison } from '../../shared/versions/compare.ts';
import { DEMO, demoDoc, demoMatrix, demoName } from './export-fixtures.ts';

function changed(edit: (doc: Y.Doc) => void): MatrixComparison {
  const doc = demoDoc();
  const before = readMatrix(doc);
  edit(doc);
  return compareMatrices(before, readMatrix(doc));
}

describe('compareMatrices', () => {
  it('finds nothing between equal versions', () => {
    const m = demoMatrix(); // (the demo's source ids are random: two loads differ)
    const c = compareMatrices(m, structuredClone(m));
    expect(c.cells).toEqual([]);
    expect(c.summary).toBe('No changes');
    expect(Object.values(c.counts).every((n) => n === 0)).toBe(true);
  });

  it('reports a stance change with ids and labels before and after', () => {
    const c = changed((doc) => setStance(doc, 'russia', 'ceasefire-30-day', 'rejects'));
    expect(c.cells).toEqual([
      {
        partyId: 'russia',
        issueId: 'ceasefire-30-day',
        party: 'Russia',
        issue: demoName('issues', 'ceasefire-30-day'),
        stance: {
          before: expect.objectContaining({ id: 'conditional', label: 'Conditional', symbol: 'C' }),
          after: expect.objectContaining({ id: 'rejects', label: 'Rejects', symbol: '−3', value: -3, color: '#b2182b' }),
        },
        note: null,
        sourcesAdded: [],
        sourcesRemoved: [],
        sourcesEdited: [],
        sourcesReordered: false,
      },
    ]);
    expect(c.summary).toBe('1 cell changed');
  });

  it('reports sources added, removed, edited and reordered, and note changes', () => {
    const doc = demoDoc();
    const before = readMatrix(doc);
    const us = before.cells.find((x) => x.partyId === 'us' && x.issueId === 'ceasefire-30-day')!;
    const [s0, s1, s2] = us.sources;
    const added = addSource(doc, 'us', 'ceasefire-30-day', { quote: 'New quote', speaker: 'X', addedBy: 'T' });
    removeSource(doc, s0!.id);
    updateSource(doc, s1!.id, { speaker: 'Someone else', date: '2025-03-20' });
    moveSource(doc, s2!.id, 0);
    setNote(doc, 'us', 'ceasefire-30-day', 'Changed note');
    const c = compareMatrices(before, readMatrix(doc));
    expect(c.cells).toHaveLength(1);
    const cell = c.cells[0]!;
    expect(cell.stance).toBeNull();
    expect(cell.note).toEqual({ before: us.note, after: 'Changed note' });
    expect(cell.sourcesAdded.map((s) => s.id)).toEqual([added]);
    expect(cell.sourcesRemoved.map((s) => s.id)).toEqual([s0!.id]);
    expect(cell.sourcesEdited).toEqual([
      expect.objectContaining({ id: s1!.id, fields: ['speaker', 'date'], before: expect.objectContaining({ speaker: s1!.speaker }) }),
    ]);
    expect(cell.sourcesReordered).toBe(true);
    expect(c.summary).toBe('1 cell changed, 1 new source, 1 source removed, 1 source edited');
  });

  it('matches parties and issues by id: added, removed, renamed, moved', () => {
    const doc = demoDoc();
    addAxisItem(doc, 'parties', { id: 'gone', name: 'Party to remove' }); // one coded cell with one source
    setStance(doc, 'gone', 'territories', 'rejects');
    addSource(doc, 'gone', 'territories', { quote: 'Q0', addedBy: 'T' });
    const before = readMatrix(doc);
    addAxisItem(doc, 'parties', { id: 'turkey', name: 'Turkey' });
    setStance(doc, 'turkey', 'black-sea', 'supports');
    addSource(doc, 'turkey', 'black-sea', { quote: 'Q1', addedBy: 'T' });
    addSource(doc, 'turkey', 'black-sea', { quote: 'Q2', addedBy: 'T' });
    deleteAxisItem(doc, 'parties', 'gone');
    renameAxisItem(doc, 'issues', 'nato', 'Renamed NATO issue');
    moveAxisItem(doc, 'issues', 'kursk', 0);
    setTitle(doc, 'Renamed matrix');
    const c = compareMatrices(before, readMatrix(doc));
    expect(c.parties.added.map((p) => p.id)).toEqual(['turkey']);
    expect(c.parties.removed.map((p) => p.id)).toEqual(['gone']);
    expect(c.issues.renamed).toEqual([{ id: 'nato', before: demoName('issues', 'nato'), after: 'Renamed NATO issue' }]);
    expect(c.issues.moved).toEqual([expect.objectContaining({ id: 'kursk', toIndex: 0 })]);
    expect(c.parties.moved).toEqual([]);
    expect(c.meta.title).toEqual({ before: DEMO.title, after: 'Renamed matrix' });
    // The new party's cell and the removed party's cell are both changes.
    expect(c.cells.map((x) => `${x.party}|${x.issue}`)).toEqual([
      `Turkey|${demoName('issues', 'black-sea')}`,
      `Party to remove|${demoName('issues', 'territories')}`,
    ]);
    expect(c.cells[1]?.stance).toEqual({ before: expect.objectContaining({ id: 'rejects' }), after: null });
    expect(c.summary).toBe('2 cells changed, 2 new sources, 1 source removed, 1 party added, 1 party removed, 1 issue renamed, 1 issue moved, title changed');
  });

  it('pluralises and singularises each part of the summary', () => {
    const m = demoMatrix();
    const zero = compareMatrices(m, m);
    const counts = { ...zero.counts, cellsChanged: 9, sourcesAdded: 3, partiesAdded: 1 };
    expect(summarizeComparison({ ...zero, counts })).toBe('9 cells changed, 3 new sources, 1 party added');
    const more = { ...zero.counts, cellsChanged: 1, sourcesAdded: 1, sourcesRemoved: 2, partiesAdded: 2, issuesRemoved: 1, issuesAdded: 3 };
    expect(summarizeComparison({ ...zero, counts: more })).toBe(
      '1 cell changed, 1 new source, 2 sources removed, 2 parties added, 3 issues added, 1 issue removed',
    );
  });
});
