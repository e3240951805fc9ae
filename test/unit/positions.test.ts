/**
 * Dated positions over a Y.Doc: the stance of a cell is its latest position, kept so through
 * every write (positions, the grid's setStance, deletes), on every replica.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, addSource, deleteAxisItem, readCell, readMatrix, setStance, undoScope, updateSource } from '../../shared/matrix.ts';
import {
  addEvent,
  addPosition,
  attachSource,
  editEvent,
  editPosition,
  positionCell,
  removeEvent,
  removePosition,
  setSalience,
  storeImpliedPosition,
} from '../../shared/positions.ts';
import { readCellPositions, readEvents, readSalience, readTimelineData } from '../../shared/timeline/read.ts';
import { positionsMap, salienceMap } from '../../shared/timeline/store.ts';
import { contestedCells, readCellHistory } from '../../shared/history.ts';
import { setActor } from '../../shared/actor.ts';
import { MatrixError } from '../../shared/errors.ts';
import { LOCAL_ORIGIN, SEED_ORIGIN } from '../../shared/origins.ts';
import { cellKey } from '../../shared/schema.ts';
import { recordUpdates, replicas, rng, shuffle, syncAll } from '../utils/docs.ts';

const P = 'russia';
const I = 'truce';
const KEY = cellKey(P, I);

function setup(n = 1): Y.Doc[] {
  const docs = replicas(n);
  const d = docs[0]!;
  addAxisItem(d, 'parties', { id: P, name: 'Russia' });
  addAxisItem(d, 'parties', { id: 'ukraine', name: 'Ukraine' });
  addAxisItem(d, 'issues', { id: I, name: '30-day ceasefire' });
  addAxisItem(d, 'issues', { id: 'energy', name: 'Energy truce' });
  syncAll(docs);
  docs.forEach((doc, k) => setActor(doc, { name: ['Ana', 'Ben'][k] ?? 'X' }));
  return docs;
}

const timeline = (doc: Y.Doc, p = P, i = I) => readCellPositions(doc, p, i).map((x) => `${x.date || 'undated'}:${x.stance}`);

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof MatrixError ? e.code : String(e);
  }
  return null;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('positions: the current stance is the latest position', () => {
  it('adding positions out of order sorts them by date and sets the stance to the latest', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13', note: 'Putin: yes, but' });
    expect(readCell(doc!, P, I).stance).toBe('conditional');
    addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    // An earlier position does not change the current stance.
    expect(readCell(doc!, P, I).stance).toBe('conditional');
    addPosition(doc!, P, I, { stance: 'rejects', date: '2025-03-18' });
    expect(timeline(doc!)).toEqual(['2025-03-12:no-position', '2025-03-13:conditional', '2025-03-18:rejects']);
    expect(readCell(doc!, P, I).stance).toBe('rejects');
    expect(readCellPositions(doc!, P, I)[1]).toMatchObject({ note: 'Putin: yes, but', by: 'Ana' });
  });

  it('a cell coded without positions reads as one undated position holding every source', () => {
    const [doc] = setup();
    setStance(doc!, P, I, 'supports');
    const s = addSource(doc!, P, I, { quote: 'q', addedBy: 'Ana' });
    expect(readCellPositions(doc!, P, I)).toEqual([{ id: '', stance: 'supports', date: '', note: '', by: '', at: '', sources: [s] }]);
    expect(positionsMap(doc!).size).toBe(0);
    expect(readCellPositions(doc!, 'ukraine', I)).toEqual([]);
  });

  it('adding a dated position to such a cell keeps the old stance as the undated start', () => {
    const [doc] = setup();
    setStance(doc!, P, I, 'supports');
    addPosition(doc!, P, I, { stance: 'opposes', date: '2025-03-10' });
    expect(timeline(doc!)).toEqual(['undated:supports', '2025-03-10:opposes']);
    expect(readCell(doc!, P, I).stance).toBe('opposes');
  });

  it('allows one undated position per cell', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'open', date: '' });
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'open', date: '' }))).toBe('invalid-date');
    const dated = addPosition(doc!, P, I, { stance: 'supports', date: '2025-03-11' });
    expect(codeOf(() => editPosition(doc!, dated, { date: '' }))).toBe('invalid-date');
    setStance(doc!, 'ukraine', I, 'open');
    expect(codeOf(() => addPosition(doc!, 'ukraine', I, { stance: 'open', date: '' }))).toBe('invalid-date');
  });

  it('refuses bad input with a typed error and changes nothing', () => {
    const [doc] = setup();
    const before = Y.encodeStateVector(doc!);
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'maybe', date: '2025-03-12' }))).toBe('invalid-stance');
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'open', date: '2025-02-30' }))).toBe('invalid-date');
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'open', date: '12/03/2025' }))).toBe('invalid-date');
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'open', date: '2025-03-12', note: 'x'.repeat(2001) }))).toBe('invalid-quote');
    expect(codeOf(() => addPosition(doc!, 'nobody', I, { stance: 'open', date: '2025-03-12' }))).toBe('not-found');
    expect(codeOf(() => addPosition(doc!, P, I, { stance: 'open', date: '2025-03-12', id: 'a|b' }))).toBe('invalid-id');
    expect(codeOf(() => editPosition(doc!, 'gone', { stance: 'open' }))).toBe('not-found');
    expect(codeOf(() => removePosition(doc!, 'gone'))).toBe('not-found');
    expect(codeOf(() => setSalience(doc!, P, I, 101))).toBe('invalid-stance');
    expect(codeOf(() => setSalience(doc!, P, I, 2.5))).toBe('invalid-stance');
    expect(codeOf(() => addEvent(doc!, { date: '', label: 'Jeddah' }))).toBe('invalid-date');
    expect(codeOf(() => addEvent(doc!, { date: '2025-03-11', label: '  ' }))).toBe('invalid-name');
    expect(codeOf(() => addEvent(doc!, { date: '2025-03-11', label: 'x'.repeat(201) }))).toBe('invalid-name');
    expect(Y.encodeStateVector(doc!)).toEqual(before);
  });

  it('editing the latest position moves the stance; editing its date can make another one latest', () => {
    const [doc] = setup();
    const a = addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    const b = addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    editPosition(doc!, b, { stance: 'open' });
    expect(readCell(doc!, P, I).stance).toBe('open');
    editPosition(doc!, b, { date: '2025-03-01' });
    expect(timeline(doc!)).toEqual(['2025-03-01:open', '2025-03-12:no-position']);
    expect(readCell(doc!, P, I).stance).toBe('no-position');
    editPosition(doc!, a, { note: ' Peskov: no comment ' });
    expect(readCellPositions(doc!, P, I)[1]?.note).toBe('Peskov: no comment');
  });

  it('removing the latest position falls back to the previous one; removing the last uncodes the cell', () => {
    const [doc] = setup();
    const a = addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    const b = addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    removePosition(doc!, b);
    expect(readCell(doc!, P, I).stance).toBe('no-position');
    removePosition(doc!, a);
    expect(readCell(doc!, P, I).stance).toBeNull();
    expect(readCellPositions(doc!, P, I)).toEqual([]);
  });

  it('two positions on one day: the later edit is the one the day ends with', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-20T10:00:00Z'));
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'open', date: '2025-03-18', id: 'zzz' });
    vi.setSystemTime(new Date('2025-03-20T11:00:00Z'));
    addPosition(doc!, P, I, { stance: 'rejects', date: '2025-03-18', id: 'aaa' });
    expect(timeline(doc!)).toEqual(['2025-03-18:open', '2025-03-18:rejects']);
    expect(readCell(doc!, P, I).stance).toBe('rejects');
    // Editing the earlier one's note later keeps its place in the day.
    vi.setSystemTime(new Date('2025-03-20T12:00:00Z'));
    editPosition(doc!, 'zzz', { note: 'first statement of the day' });
    expect(timeline(doc!)).toEqual(['2025-03-18:open', '2025-03-18:rejects']);
    expect(readCell(doc!, P, I).stance).toBe('rejects');
  });

  it('records a stance history entry only when the current stance changes', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    const entries = readCellHistory(doc!, P, I);
    expect(entries.map((e) => [e.kind, e.before, e.after, e.by])).toEqual([['stance', null, 'conditional', 'Ana']]);
  });

  it('seeding writes positions and stances without history', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' }, SEED_ORIGIN);
    expect(readCell(doc!, P, I).stance).toBe('conditional');
    expect(readCellHistory(doc!, P, I)).toEqual([]);
  });
});

describe('positions and the grid', () => {
  it("setStance on a cell with positions changes its latest position's stance", () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    setStance(doc!, P, I, 'supports');
    expect(timeline(doc!)).toEqual(['2025-03-12:no-position', '2025-03-13:supports']);
  });

  it('clearing the stance from the grid clears the timeline (the cell is not coded)', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    setStance(doc!, P, I, null);
    expect(readCellPositions(doc!, P, I)).toEqual([]);
    expect(positionsMap(doc!).size).toBe(0);
  });

  it('one undo step undoes a position and the stance it set', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    const undo = new Y.UndoManager(undoScope(doc!), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    undo.undo();
    expect(timeline(doc!)).toEqual(['2025-03-12:no-position']);
    expect(readCell(doc!, P, I).stance).toBe('no-position');
  });

  it('deleting a party or an issue deletes its positions and salience, and nothing else', () => {
    const [doc] = setup();
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    addPosition(doc!, 'ukraine', I, { stance: 'supports', date: '2025-03-11' });
    addPosition(doc!, P, 'energy', { stance: 'supports', date: '2025-03-18' });
    setSalience(doc!, P, I, 90);
    setSalience(doc!, 'ukraine', I, 80);
    deleteAxisItem(doc!, 'parties', P);
    expect([...positionsMap(doc!).values()].map((p) => (p as { cell: string }).cell)).toEqual(['ukraine|truce']);
    expect([...salienceMap(doc!).keys()]).toEqual(['ukraine|truce']);
    deleteAxisItem(doc!, 'issues', I);
    expect(positionsMap(doc!).size).toBe(0);
    expect(salienceMap(doc!).size).toBe(0);
  });

  it('storeImpliedPosition stores the undated position of a v1 cell so it can be dated', () => {
    const [doc] = setup();
    setStance(doc!, P, I, 'supports');
    const id = storeImpliedPosition(doc!, P, I);
    expect(storeImpliedPosition(doc!, P, I)).toBe(id);
    editPosition(doc!, id, { date: '2025-03-11' });
    expect(timeline(doc!)).toEqual(['2025-03-11:supports']);
    expect(positionCell(doc!, id)).toEqual({ partyId: P, issueId: I });
    expect(codeOf(() => storeImpliedPosition(doc!, 'ukraine', I))).toBe('not-found');
  });
});

describe('sources of positions', () => {
  it('a source supports the position it names; others (and dangling names) support the latest', () => {
    const [doc] = setup();
    const early = addPosition(doc!, P, I, { stance: 'no-position', date: '2025-03-12' });
    const late = addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    const s1 = addSource(doc!, P, I, { quote: 'We will not comment', addedBy: 'Ana' });
    const s2 = addSource(doc!, P, I, { quote: 'yes, but', addedBy: 'Ana' });
    attachSource(doc!, s1, early);
    expect(readCellPositions(doc!, P, I).map((p) => [p.id, p.sources])).toEqual([
      [early, [s1]],
      [late, [s2]],
    ]);
    // An edit of the source keeps the link (records are replaced whole, with every field).
    updateSource(doc!, s1, { speaker: 'Dmitry Peskov' });
    expect(readCellPositions(doc!, P, I)[0]?.sources).toEqual([s1]);
    removePosition(doc!, early);
    expect(readCellPositions(doc!, P, I).map((p) => p.sources)).toEqual([[s1, s2]]);
    attachSource(doc!, s1, null);
    expect(doc!.getMap('sources').get(s1)).not.toHaveProperty('position');
  });

  it('refuses a position of another cell and records the link in the history', () => {
    const [doc] = setup();
    const other = addPosition(doc!, 'ukraine', I, { stance: 'supports', date: '2025-03-11' });
    const mine = addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    const s = addSource(doc!, P, I, { quote: 'q', addedBy: 'Ana' });
    expect(codeOf(() => attachSource(doc!, s, other))).toBe('not-found');
    expect(codeOf(() => attachSource(doc!, 'nope', mine))).toBe('not-found');
    attachSource(doc!, s, mine);
    expect(readCellHistory(doc!, P, I)[0]).toMatchObject({ kind: 'source-edited', fields: ['position'] });
  });
});

describe('salience and events', () => {
  it('salience defaults to 50, takes 0–100, and null resets it', () => {
    const [doc] = setup();
    expect(readSalience(doc!, P, I)).toBe(50);
    setSalience(doc!, P, I, 0);
    expect(readSalience(doc!, P, I)).toBe(0);
    setSalience(doc!, P, I, 100);
    expect(readSalience(doc!, P, I)).toBe(100);
    setSalience(doc!, P, I, null);
    expect(salienceMap(doc!).has(KEY)).toBe(false);
  });

  it('events are added, edited and removed, and read by date', () => {
    const [doc] = setup();
    const call = addEvent(doc!, { date: '2025-03-18', label: 'Trump–Putin call' });
    const jeddah = addEvent(doc!, { date: '2025-03-11', label: '  Jeddah   talks ' });
    expect(readEvents(doc!)).toEqual([
      { id: jeddah, date: '2025-03-11', label: 'Jeddah talks' },
      { id: call, date: '2025-03-18', label: 'Trump–Putin call' },
    ]);
    editEvent(doc!, call, { label: 'Call' });
    removeEvent(doc!, jeddah);
    expect(readEvents(doc!)).toEqual([{ id: call, date: '2025-03-18', label: 'Call' }]);
    expect(codeOf(() => editEvent(doc!, jeddah, { label: 'x' }))).toBe('not-found');
  });

  it('readTimelineData gives every cell its positions and salience, and the events', () => {
    const [doc] = setup();
    setStance(doc!, 'ukraine', I, 'supports');
    addPosition(doc!, P, I, { stance: 'conditional', date: '2025-03-13' });
    setSalience(doc!, P, I, 90);
    addEvent(doc!, { date: '2025-03-11', label: 'Jeddah talks', id: 'jeddah' });
    const data = readTimelineData(doc!);
    const base = readMatrix(doc!);
    expect(data.cells.map(({ positions: _p, salience: _s, ...rest }) => rest)).toEqual(base.cells);
    expect(data.cells.map((c) => [c.partyId, c.salience, c.positions?.map((p) => `${p.date}:${p.stance}`)])).toEqual([
      [P, 90, ['2025-03-13:conditional']],
      ['ukraine', 50, [':supports']],
    ]);
    expect(data.events).toEqual([{ id: 'jeddah', date: '2025-03-11', label: 'Jeddah talks' }]);
  });
});

describe('positions on several replicas', () => {
  it('concurrent position adds on one cell all survive, replicas converge, and the cell is contested until confirmed', () => {
    const [a, b] = setup(2);
    addPosition(a!, P, I, { stance: 'no-position', date: '2025-03-12' });
    addPosition(b!, P, I, { stance: 'conditional', date: '2025-03-13' });
    syncAll([a!, b!]);
    for (const doc of [a!, b!]) {
      expect(timeline(doc)).toEqual(['2025-03-12:no-position', '2025-03-13:conditional']);
    }
    // Each writer set the stance it saw as latest; the merged stance is Yjs's pick, and the
    // history shows the two heads: contested until someone confirms.
    expect(JSON.stringify(readTimelineData(a!))).toBe(JSON.stringify(readTimelineData(b!)));
    expect(contestedCells(a!)).toEqual([KEY]);
    setStance(a!, P, I, 'conditional');
    syncAll([a!, b!]);
    expect(contestedCells(b!)).toEqual([]);
    expect(readCell(b!, P, I).stance).toBe('conditional');
    expect(timeline(b!)).toEqual(['2025-03-12:no-position', '2025-03-13:conditional']);
  });

  it('a position added concurrently with a party delete is ignored by readers', () => {
    const [a, b] = setup(2);
    deleteAxisItem(a!, 'parties', P);
    addPosition(b!, P, I, { stance: 'conditional', date: '2025-03-13' });
    syncAll([a!, b!]);
    expect(readTimelineData(a!).cells).toEqual([]);
    expect(JSON.stringify(readTimelineData(a!))).toBe(JSON.stringify(readTimelineData(b!)));
  });

  it('updates applied in either order converge (salience, events, edits)', () => {
    const [a, b] = setup(2);
    const p = addPosition(a!, P, I, { stance: 'open', date: '2025-03-12' });
    syncAll([a!, b!]);
    editPosition(a!, p, { note: 'from a' });
    editPosition(b!, p, { stance: 'rejects' });
    setSalience(a!, P, I, 10);
    setSalience(b!, P, I, 90);
    addEvent(a!, { date: '2025-03-11', label: 'Jeddah' });
    addEvent(b!, { date: '2025-03-18', label: 'Call' });
    syncAll([a!, b!], [0, 1]);
    expect(JSON.stringify(readTimelineData(a!))).toBe(JSON.stringify(readTimelineData(b!)));
    expect(readEvents(a!).map((e) => e.label)).toEqual(['Jeddah', 'Call']);
  });

  it('three replicas editing timelines concurrently converge whatever order the updates arrive in', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = rng(seed);
      const docs = setup(3);
      const base = Y.encodeStateAsUpdate(docs[0]!);
      const logs = docs.map((d) => recordUpdates(d));
      const dates = ['', '2025-03-11', '2025-03-12', '2025-03-18'];
      const stances = ['rejects', 'open', 'supports', 'conditional'];
      docs.forEach((doc, k) => {
        for (let step = 0; step < 4; step++) {
          const cell = random() < 0.5 ? I : 'energy';
          const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
          try {
            const roll = random();
            if (roll < 0.5) addPosition(doc, k === 2 ? 'ukraine' : P, cell, { stance: pick(stances), date: pick(dates) });
            else if (roll < 0.7) setStance(doc, P, cell, pick(stances));
            else if (roll < 0.85) setSalience(doc, P, cell, Math.floor(random() * 101));
            else addEvent(doc, { date: pick(dates.slice(1)), label: `event ${k}.${step}` });
          } catch (e) {
            if (!(e instanceof MatrixError)) throw e;
          }
        }
      });
      const updates = shuffle(logs.flat(), random);
      const fresh = [new Y.Doc(), new Y.Doc()];
      for (const f of fresh) Y.applyUpdate(f, base);
      for (const u of updates) Y.applyUpdate(fresh[0]!, u);
      for (const u of [...updates].reverse()) Y.applyUpdate(fresh[1]!, u);
      syncAll(docs);
      const expected = JSON.stringify(readTimelineData(docs[0]!));
      for (const d of [...docs, ...fresh]) expect(JSON.stringify(readTimelineData(d)), `seed ${seed}`).toBe(expected);
    }
  });
});
