import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAxisItem,
  addSource,
  axisItemContent,
  cleanDate,
  cleanLink,
  countMatrix,
  deleteAxisItem,
  moveAxisItem,
  moveSource,
  readAxis,
  readCell,
  readMatrix,
  readScale,
  removeSource,
  renameAxisItem,
  setAxisDescription,
  setNote,
  setStance,
  setTitle,
  updateSource,
} from '../../shared/matrix.ts';
import { MatrixError } from '../../shared/errors.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { SCHEMA_VERSION, cellKey, parseCellKey } from '../../shared/schema.ts';
import { recordUpdates, replicas, rng, shuffle, snapshot, syncAll } from '../utils/docs.ts';

const names = (doc: Y.Doc, kind: 'parties' | 'issues') => readAxis(doc, kind).map((i) => i.name);

describe('a new matrix', () => {
  it('has the schema version, title and the default stance scale', () => {
    const [doc] = replicas(1, 'Talks');
    const m = readMatrix(doc!);
    expect(m.meta.schemaVersion).toBe(SCHEMA_VERSION);
    expect(m.meta.title).toBe('Talks');
    expect(m.scale.map((l) => l.id)).toEqual(DEFAULT_SCALE.map((l) => l.id));
    expect(m.parties).toEqual([]);
    expect(m.cells).toEqual([]);
  });

  it('default scale runs -3..+3 plus conditional and no public position, each with symbol and colour', () => {
    const values = DEFAULT_SCALE.map((l) => l.value);
    expect(values).toEqual([-3, -2, -1, 0, 1, 2, 3, null, null]);
    for (const l of DEFAULT_SCALE) {
      expect(l.symbol.length).toBeGreaterThan(0);
      expect(l.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(l.label.length).toBeGreaterThan(0);
    }
    expect(new Set(DEFAULT_SCALE.map((l) => l.color)).size).toBe(DEFAULT_SCALE.length);
  });
});

describe('parties and issues', () => {
  it('keep insertion order and stable ids across rename and reorder', () => {
    const [doc] = replicas(1);
    const us = addAxisItem(doc!, 'parties', { name: 'United States' });
    const ru = addAxisItem(doc!, 'parties', { name: 'Russia' });
    const ua = addAxisItem(doc!, 'parties', { name: 'Ukraine', index: 1 });
    expect(names(doc!, 'parties')).toEqual(['United States', 'Ukraine', 'Russia']);
    moveAxisItem(doc!, 'parties', us, 2);
    expect(names(doc!, 'parties')).toEqual(['Ukraine', 'Russia', 'United States']);
    renameAxisItem(doc!, 'parties', ru, '  Russian  Federation ');
    setAxisDescription(doc!, 'parties', ru, 'Kremlin');
    const items = readAxis(doc!, 'parties');
    expect(items.map((i) => i.id)).toEqual([ua, ru, us]);
    expect(items[1]).toMatchObject({ name: 'Russian Federation', description: 'Kremlin' });
  });

  it('refuse empty names with a readable error', () => {
    const [doc] = replicas(1);
    expect(() => addAxisItem(doc!, 'issues', { name: '   ' })).toThrowError(MatrixError);
    expect(() => addAxisItem(doc!, 'issues', { name: '   ' })).toThrowError(/Issue name cannot be empty/);
  });

  it('two people adding a party at once get two parties, in the same order everywhere', () => {
    const [a, b] = replicas(2);
    addAxisItem(a!, 'parties', { name: 'EU' });
    addAxisItem(b!, 'parties', { name: 'China' });
    syncAll([a!, b!]);
    expect(names(a!, 'parties').sort()).toEqual(['China', 'EU']);
    expect(snapshot(a!)).toBe(snapshot(b!));
  });

  it('two people inserting at the same position both keep their item', () => {
    const [a, b] = replicas(2);
    addAxisItem(a!, 'issues', { name: 'Kursk' });
    addAxisItem(a!, 'issues', { name: 'NATO' });
    syncAll([a!, b!]);
    addAxisItem(a!, 'issues', { name: 'Minerals', index: 1 });
    addAxisItem(b!, 'issues', { name: 'Elections', index: 1 });
    syncAll([a!, b!]);
    const order = names(a!, 'issues');
    expect(order[0]).toBe('Kursk');
    expect(order.at(-1)).toBe('NATO');
    expect(order.slice(1, 3).sort()).toEqual(['Elections', 'Minerals']);
    expect(snapshot(a!)).toBe(snapshot(b!));
    // A later insert between the tied pair still lands between them.
    const mid = readAxis(a!, 'issues');
    addAxisItem(a!, 'issues', { name: 'Between', index: 2 });
    expect(names(a!, 'issues')).toEqual([mid[0]!.name, mid[1]!.name, 'Between', mid[2]!.name, mid[3]!.name]);
  });

  it('a rename during a concurrent reorder keeps both', () => {
    const [a, b] = replicas(2);
    const x = addAxisItem(a!, 'parties', { name: 'UK' });
    addAxisItem(a!, 'parties', { name: 'France' });
    addAxisItem(a!, 'parties', { name: 'Poland' });
    syncAll([a!, b!]);
    moveAxisItem(a!, 'parties', x, 2);
    renameAxisItem(b!, 'parties', x, 'UK / coalition of the willing');
    syncAll([a!, b!]);
    expect(names(a!, 'parties')).toEqual(['France', 'Poland', 'UK / coalition of the willing']);
    expect(snapshot(a!)).toBe(snapshot(b!));
  });

  it('deleting a party removes its stances, notes and sources, and nothing else', () => {
    const [doc] = replicas(1);
    const p1 = addAxisItem(doc!, 'parties', { name: 'Russia' });
    const p2 = addAxisItem(doc!, 'parties', { name: 'Ukraine' });
    const i1 = addAxisItem(doc!, 'issues', { name: 'Ceasefire' });
    setStance(doc!, p1, i1, 'conditional');
    setNote(doc!, p1, i1, 'Wants guarantees');
    addSource(doc!, p1, i1, { quote: 'q1', addedBy: 'Ana' });
    setStance(doc!, p2, i1, 'supports');
    addSource(doc!, p2, i1, { quote: 'q2', addedBy: 'Ana' });
    expect(axisItemContent(doc!, 'parties', p1)).toEqual({ coded: 1, sources: 1 });
    deleteAxisItem(doc!, 'parties', p1);
    expect(readAxis(doc!, 'parties').map((p) => p.id)).toEqual([p2]);
    expect(doc!.getMap('stances').has(cellKey(p1, i1))).toBe(false);
    expect(doc!.getMap('notes').size).toBe(0);
    expect(doc!.getMap('sources').size).toBe(1);
    expect(doc!.getMap('sourceOrder').size).toBe(1);
    expect(countMatrix(doc!)).toEqual({ parties: 1, issues: 1, coded: 1, sources: 1 });
  });

  it('a source added to a cell while its issue is deleted elsewhere does not resurrect the cell', () => {
    const [a, b] = replicas(2);
    const p = addAxisItem(a!, 'parties', { name: 'US' });
    const i = addAxisItem(a!, 'issues', { name: 'Sanctions' });
    syncAll([a!, b!]);
    deleteAxisItem(a!, 'issues', i);
    addSource(b!, p, i, { quote: 'late quote', addedBy: 'Ben' });
    setStance(b!, p, i, 'open');
    syncAll([a!, b!]);
    expect(readMatrix(a!).cells).toEqual([]);
    expect(countMatrix(a!)).toEqual({ parties: 1, issues: 0, coded: 0, sources: 0 });
    expect(snapshot(a!)).toBe(snapshot(b!));
  });
});

describe('cells', () => {
  function setup() {
    const docs = replicas(3);
    const a = docs[0]!;
    const p = addAxisItem(a, 'parties', { id: 'ru', name: 'Russia' });
    const i = addAxisItem(a, 'issues', { id: 'truce', name: '30-day ceasefire' });
    syncAll(docs);
    return { docs, p, i };
  }

  it('set, change and clear a stance; only scale levels are accepted', () => {
    const { docs, p, i } = setup();
    const doc = docs[0]!;
    setStance(doc, p, i, 'conditional');
    expect(readCell(doc, p, i).stance).toBe('conditional');
    expect(() => setStance(doc, p, i, 'maybe')).toThrowError(/not a level/);
    setStance(doc, p, i, null);
    expect(readCell(doc, p, i).stance).toBeNull();
    expect(() => setStance(doc, 'nope', i, 'open')).toThrowError(/no longer exists/);
  });

  it('sources keep their fields, order, author and time', () => {
    const { docs, p, i } = setup();
    const doc = docs[0]!;
    const s1 = addSource(doc, p, i, {
      quote: 'We will not comment on the proposed ceasefire until all details are made known.',
      speaker: 'Dmitri Peskov, Kremlin spokesman',
      document: 'News report',
      date: '2025-03-12',
      link: 'https://example.org/a',
      addedBy: 'Ana',
      addedAt: '2025-03-12T10:00:00.000Z',
    });
    const s2 = addSource(doc, p, i, { quote: 'second', addedBy: 'Ben' });
    const s0 = addSource(doc, p, i, { quote: 'first', addedBy: 'Ben', index: 0 });
    expect(readCell(doc, p, i).sources.map((s) => s.id)).toEqual([s0, s1, s2]);
    moveSource(doc, s0, 2);
    expect(readCell(doc, p, i).sources.map((s) => s.id)).toEqual([s1, s2, s0]);
    updateSource(doc, s1, { speaker: 'Dmitry Peskov' });
    const first = readCell(doc, p, i).sources[0]!;
    expect(first).toMatchObject({
      speaker: 'Dmitry Peskov',
      date: '2025-03-12',
      link: 'https://example.org/a',
      addedBy: 'Ana',
      addedAt: '2025-03-12T10:00:00.000Z',
    });
    removeSource(doc, s2);
    expect(readCell(doc, p, i).sources.map((s) => s.id)).toEqual([s1, s0]);
  });

  it('links must be http or https; dates must be real dates', () => {
    const { docs, p, i } = setup();
    const doc = docs[0]!;
    expect(() => addSource(doc, p, i, { quote: 'q', link: 'javascript:alert(1)', addedBy: 'x' })).toThrowError(/Only http/);
    expect(() => addSource(doc, p, i, { quote: 'q', link: 'not a url', addedBy: 'x' })).toThrowError(/not a web address/);
    expect(() => addSource(doc, p, i, { quote: 'q', date: '2025-02-30', addedBy: 'x' })).toThrowError(/not a date/);
    expect(() => addSource(doc, p, i, { quote: '  ', addedBy: 'x' })).toThrowError(/needs a quote/);
    expect(cleanLink(' https://www.reuters.com/x ')).toBe('https://www.reuters.com/x');
    expect(cleanLink('')).toBe('');
    expect(cleanDate('2025-03-18')).toBe('2025-03-18');
    expect(doc.getMap('sources').size).toBe(0);
  });

  it('a move and a concurrent edit of one source both survive; concurrent edits agree on one version', () => {
    const { docs, p, i } = setup();
    const [a, b, c] = docs;
    const s = addSource(a!, p, i, { quote: 'q', addedBy: 'Ana' });
    addSource(a!, p, i, { quote: 'other', addedBy: 'Ana' });
    syncAll(docs);
    moveSource(a!, s, 1);
    updateSource(b!, s, { speaker: 'Kosachev' });
    updateSource(c!, s, { date: '2025-03-12' });
    syncAll(docs);
    const sources = readCell(b!, p, i).sources;
    expect(sources.map((x) => x.quote)).toEqual(['other', 'q']);
    const edited = sources[1]!;
    expect(edited.speaker === 'Kosachev' || edited.date === '2025-03-12').toBe(true);
    expect(snapshot(a!)).toBe(snapshot(b!));
    expect(snapshot(b!)).toBe(snapshot(c!));
  });

  it('concurrent sources added to one cell are all kept', () => {
    const { docs, p, i } = setup();
    docs.forEach((d, n) => addSource(d, p, i, { quote: `quote ${n}`, addedBy: `user ${n}` }));
    syncAll(docs);
    for (const d of docs)
      expect(
        readCell(d, p, i)
          .sources.map((s) => s.quote)
          .sort(),
      ).toEqual(['quote 0', 'quote 1', 'quote 2']);
    expect(snapshot(docs[0]!)).toBe(snapshot(docs[2]!));
  });

  it('notes are set and cleared', () => {
    const { docs, p, i } = setup();
    setNote(docs[0]!, p, i, 'Only with guarantees');
    expect(readCell(docs[0]!, p, i).note).toBe('Only with guarantees');
    setNote(docs[0]!, p, i, '  ');
    expect(readCell(docs[0]!, p, i).note).toBe('');
  });
});

describe('convergence', () => {
  it("replicas converge whatever order they receive each other's updates in", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = rng(seed);
      const docs = replicas(3);
      const initial = Y.encodeStateAsUpdate(docs[0]!);
      const logs = docs.map((d) => recordUpdates(d));
      const [a, b, c] = docs as [Y.Doc, Y.Doc, Y.Doc];
      const pa = addAxisItem(a, 'parties', { id: 'us', name: 'United States' });
      const ia = addAxisItem(a, 'issues', { id: 'truce', name: 'Truce' });
      // Everyone has the axes, then edits concurrently.
      syncAll(docs);
      setStance(a, pa, ia, 'demands');
      setStance(b, pa, ia, 'supports');
      addSource(c, pa, ia, { quote: 'from c', addedBy: 'C' });
      addAxisItem(b, 'parties', { name: 'Poland', index: 0 });
      addAxisItem(c, 'parties', { name: 'China', index: 0 });
      renameAxisItem(c, 'issues', ia, '30-day truce');
      moveAxisItem(a, 'parties', pa, 5);
      setTitle(b, 'Renamed');
      // Replay all updates into fresh docs, each in its own random order.
      const all = [initial, ...logs.flat()];
      const results = [0, 1, 2].map(() => {
        const d = new Y.Doc();
        for (const u of shuffle(all, random)) Y.applyUpdate(d, u);
        return snapshot(d);
      });
      syncAll(docs, shuffle([0, 1, 2], random));
      expect(new Set([...results, ...docs.map(snapshot)]).size).toBe(1);
      const m = readMatrix(a);
      expect(m.parties.map((p) => p.name).sort()).toEqual(['China', 'Poland', 'United States']);
      expect(m.issues[0]!.name).toBe('30-day truce');
      expect(m.meta.title).toBe('Renamed');
      expect(m.cells[0]!.sources.map((s) => s.quote)).toEqual(['from c']);
      expect(['demands', 'supports']).toContain(m.cells[0]!.stance);
    }
  });

  it('the scale falls back to the default when a doc has none', () => {
    const doc = new Y.Doc();
    expect(readScale(doc).length).toBe(DEFAULT_SCALE.length);
  });

  it('cell keys round-trip and reject malformed keys', () => {
    expect(parseCellKey(cellKey('a', 'b'))).toEqual({ partyId: 'a', issueId: 'b' });
    expect(parseCellKey('nobar')).toBeNull();
    expect(parseCellKey('|x')).toBeNull();
  });
});
