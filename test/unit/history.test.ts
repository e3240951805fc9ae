import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  addAxisItem,
  addSource,
  confirmStance,
  deleteAxisItem,
  moveAxisItem,
  moveSource,
  readCell,
  readMatrix,
  removeSource,
  setNote,
  setStance,
  undoScope,
  updateSource,
} from '../../shared/matrix.ts';
import { getActor, setActor } from '../../shared/actor.ts';
import {
  HISTORY_NOTE_LIMIT,
  HISTORY_QUOTE_LIMIT,
  contestedCells,
  historyArray,
  readActivity,
  readCellHistory,
  readContested,
  stanceHeads,
  trimHistory,
} from '../../shared/history.ts';
import { applyDemoData, type DemoData } from '../../shared/demo.ts';
import { MatrixError } from '../../shared/errors.ts';
import { IMPORT_ORIGIN, LOCAL_ORIGIN, SEED_ORIGIN, SERVER_ORIGIN } from '../../shared/origins.ts';
import { cellKey, type HistoryEntry } from '../../shared/schema.ts';
import { recordUpdates, replicas, rng, shuffle, snapshot, syncAll } from '../utils/docs.ts';

const P = 'ru';
const I = 'truce';
const KEY = cellKey(P, I);
const NAMES = ['Ana', 'Ben', 'Cleo', 'Dev'];

/** `n` synced replicas holding one party and one issue, each with its own actor. */
function setup(n = 2): Y.Doc[] {
  const docs = replicas(n);
  addAxisItem(docs[0]!, 'parties', { id: P, name: 'Russia' });
  addAxisItem(docs[0]!, 'issues', { id: I, name: '30-day ceasefire' });
  syncAll(docs);
  docs.forEach((d, k) => setActor(d, { name: NAMES[k] ?? `User ${k}`, id: `u${k}` }));
  return docs;
}

/** Everything a replica knows about history, for convergence checks. */
const historyState = (doc: Y.Doc) => JSON.stringify({ log: historyArray(doc).toJSON(), contested: contestedCells(doc) });

const stanceEntries = (doc: Y.Doc) => readCellHistory(doc, P, I).filter((e) => e.kind === 'stance');

afterEach(() => {
  vi.useRealTimers();
});

describe('actor', () => {
  it('is per doc, defaults to Anonymous, and never syncs', () => {
    const [a, b] = replicas(2);
    expect(getActor(a!)).toEqual({ name: 'Anonymous' });
    setActor(a!, { name: '  Ana   Lopez ', id: 'u1' });
    expect(getActor(a!)).toEqual({ name: 'Ana Lopez', id: 'u1' });
    syncAll([a!, b!]);
    expect(getActor(b!)).toEqual({ name: 'Anonymous' });
    expect(() => setActor(a!, { name: '   ' })).toThrowError(MatrixError);
  });

  it('an edit without an actor is recorded as Anonymous', () => {
    const [doc] = replicas(1);
    addAxisItem(doc!, 'parties', { id: P, name: 'Russia' });
    addAxisItem(doc!, 'issues', { id: I, name: 'Truce' });
    setStance(doc!, P, I, 'open');
    expect(readCellHistory(doc!, P, I)[0]).toMatchObject({ by: 'Anonymous', kind: 'stance' });
    expect(readCellHistory(doc!, P, I)[0]).not.toHaveProperty('byId');
  });
});

describe('recording', () => {
  it('stance changes record before, after, author and the bases they replace', () => {
    const [doc] = setup(1);
    setStance(doc!, P, I, 'conditional');
    setStance(doc!, P, I, 'supports');
    setStance(doc!, P, I, null);
    const [cleared, changed, first] = readCellHistory(doc!, P, I);
    expect(first).toMatchObject({ kind: 'stance', cell: KEY, before: null, after: 'conditional', by: 'Ana', byId: 'u0', bases: [] });
    expect(changed).toMatchObject({ before: 'conditional', after: 'supports', bases: [first!.id] });
    expect(cleared).toMatchObject({ before: 'supports', after: null, bases: [changed!.id] });
    expect(new Date(first!.at).toISOString()).toBe(first!.at);
  });

  it('note changes record before and after, cut to the history limit', () => {
    const [doc] = setup(1);
    const long = 'x'.repeat(HISTORY_NOTE_LIMIT + 100);
    setNote(doc!, P, I, 'Only with guarantees');
    setNote(doc!, P, I, long);
    setNote(doc!, P, I, '   ');
    const [cleared, lengthened, first] = readCellHistory(doc!, P, I);
    expect(first).toMatchObject({ kind: 'note', before: '', after: 'Only with guarantees', by: 'Ana' });
    expect(lengthened!.before).toBe('Only with guarantees');
    expect(lengthened!.after).toHaveLength(HISTORY_NOTE_LIMIT);
    expect(String(lengthened!.after).endsWith('…')).toBe(true);
    expect(cleared).toMatchObject({ before: lengthened!.after, after: '' });
    expect(readCell(doc!, P, I).note).toBe('');
  });

  it('source additions, edits and removals record a short summary; edits name the changed fields', () => {
    const [doc] = setup(1);
    const quote = 'q'.repeat(HISTORY_QUOTE_LIMIT + 50);
    const s = addSource(doc!, P, I, { quote, speaker: 'Peskov', addedBy: 'Ana' });
    updateSource(doc!, s, { speaker: 'Dmitry Peskov', date: '2025-03-12' });
    removeSource(doc!, s);
    const [removed, edited, added] = readCellHistory(doc!, P, I);
    const summary = { id: s, quote: `${quote.slice(0, HISTORY_QUOTE_LIMIT - 1)}…`, speaker: 'Peskov' };
    expect(added).toMatchObject({ kind: 'source-added', before: null, after: summary, by: 'Ana' });
    expect(edited).toMatchObject({ kind: 'source-edited', before: summary, after: { ...summary, speaker: 'Dmitry Peskov' } });
    expect(edited!.fields?.sort()).toEqual(['date', 'speaker']);
    expect(removed).toMatchObject({ kind: 'source-removed', before: { ...summary, speaker: 'Dmitry Peskov' }, after: null });
    expect(added).not.toHaveProperty('bases');
  });

  it('moves and writes that change nothing record nothing', () => {
    const [doc] = setup(1);
    const other = addAxisItem(doc!, 'parties', { name: 'Ukraine' });
    const s1 = addSource(doc!, P, I, { quote: 'one', addedBy: 'Ana' });
    addSource(doc!, P, I, { quote: 'two', addedBy: 'Ana' });
    setStance(doc!, P, I, 'open');
    setNote(doc!, P, I, 'n');
    const before = historyArray(doc!).length;
    moveSource(doc!, s1, 1);
    moveAxisItem(doc!, 'parties', other, 0);
    setStance(doc!, P, I, 'open');
    setNote(doc!, P, I, 'n');
    updateSource(doc!, s1, { quote: 'one' });
    expect(historyArray(doc!).length).toBe(before);
  });

  it('a source added without an actor is recorded under its addedBy', () => {
    const [doc] = replicas(1);
    addAxisItem(doc!, 'parties', { id: P, name: 'Russia' });
    addAxisItem(doc!, 'issues', { id: I, name: 'Truce' });
    addSource(doc!, P, I, { quote: 'q', addedBy: 'Importer script' });
    expect(readCellHistory(doc!, P, I)[0]!.by).toBe('Importer script');
  });

  it('a change and its history entry travel in one update', () => {
    const [a, b] = setup(2);
    const updates = recordUpdates(a!);
    setStance(a!, P, I, 'supports');
    expect(updates).toHaveLength(1);
    Y.applyUpdate(b!, updates[0]!);
    expect(readCell(b!, P, I).stance).toBe('supports');
    expect(readCellHistory(b!, P, I)).toHaveLength(1);
  });

  it('seed and import origins record nothing', () => {
    const data: DemoData = {
      id: 'demo',
      title: 'Demo',
      description: '',
      articles: {},
      parties: [{ id: P, name: 'Russia' }],
      issues: [{ id: I, name: 'Truce' }],
      cells: [
        { party: P, issue: I, stance: 'rejects', note: 'seeded', sources: [{ article: 'a', quote: 'q', speaker: 's', document: 'd', date: '', link: '' }] },
      ],
    };
    const seeded = new Y.Doc();
    applyDemoData(seeded, data);
    expect(readCell(seeded, P, I)).toMatchObject({ stance: 'rejects', note: 'seeded' });
    expect(historyArray(seeded).length).toBe(0);

    const [doc] = setup(1);
    setStance(doc!, P, I, 'open', IMPORT_ORIGIN);
    setNote(doc!, P, I, 'imported', IMPORT_ORIGIN);
    const s = addSource(doc!, P, I, { quote: 'q', addedBy: 'x' }, SEED_ORIGIN);
    updateSource(doc!, s, { speaker: 'y' }, IMPORT_ORIGIN);
    removeSource(doc!, s, IMPORT_ORIGIN);
    // A local-origin call nested in a seeding transaction is still seeding.
    doc!.transact(() => setStance(doc!, P, I, 'supports', LOCAL_ORIGIN), SEED_ORIGIN);
    expect(historyArray(doc!).length).toBe(0);
    // The first real edit starts the chain from the seeded value.
    setStance(doc!, P, I, 'demands');
    expect(readCellHistory(doc!, P, I)).toMatchObject([{ before: 'supports', after: 'demands', bases: [] }]);
  });
});

describe('activity', () => {
  it('lists changes across the matrix newest first, with names, up to the limit', () => {
    const [doc] = setup(1);
    const ua = addAxisItem(doc!, 'parties', { id: 'ua', name: 'Ukraine' });
    setStance(doc!, P, I, 'open');
    setNote(doc!, ua, I, 'Accepts');
    addSource(doc!, ua, I, { quote: 'q', addedBy: 'Ana' });
    const all = readActivity(doc!);
    expect(all.map((e) => [e.kind, e.partyName, e.issueName])).toEqual([
      ['source-added', 'Ukraine', '30-day ceasefire'],
      ['note', 'Ukraine', '30-day ceasefire'],
      ['stance', 'Russia', '30-day ceasefire'],
    ]);
    expect(all[2]).toMatchObject({ partyId: P, issueId: I, cell: KEY });
    expect(readActivity(doc!, 2).map((e) => e.kind)).toEqual(['source-added', 'note']);
  });

  it('keeps changes of a deleted party, without its name', () => {
    const [doc] = setup(1);
    setStance(doc!, P, I, 'open');
    deleteAxisItem(doc!, 'parties', P);
    expect(readActivity(doc!)).toMatchObject([{ kind: 'stance', partyId: P, partyName: null, issueName: '30-day ceasefire' }]);
  });

  it('ignores malformed entries another client might have written', () => {
    const [doc] = setup(1);
    setStance(doc!, P, I, 'open');
    historyArray(doc!).push([{ nonsense: true }, 'text', 42, { id: 'x', at: 'a', by: 'b', cell: KEY, kind: 'party-exploded', before: null, after: null }]);
    expect(readActivity(doc!)).toHaveLength(1);
    expect(readCellHistory(doc!, P, I)).toHaveLength(1);
    expect(contestedCells(doc!)).toEqual([]);
  });

  it('returns copies: changing a result does not change the doc', () => {
    const [doc] = setup(1);
    setStance(doc!, P, I, 'open');
    const [entry] = readCellHistory(doc!, P, I);
    entry!.after = 'rejects';
    entry!.bases!.push('x');
    expect(readCellHistory(doc!, P, I)[0]).toMatchObject({ after: 'open', bases: [] });
  });
});

describe('contested stances', () => {
  it('different stances set concurrently make the cell contested on every replica, with both candidates and authors', () => {
    const docs = setup(3);
    const [a, b] = docs as [Y.Doc, Y.Doc, Y.Doc];
    setStance(a, P, I, 'conditional');
    syncAll(docs);
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    for (const d of docs) {
      expect(contestedCells(d)).toEqual([KEY]);
      const contested = readContested(d, P, I);
      expect(contested?.candidates.map((c) => [c.stance, c.by]).sort()).toEqual([
        ['opposes', 'Ben'],
        ['supports', 'Ana'],
      ]);
      expect(['supports', 'opposes']).toContain(readCell(d, P, I).stance);
      // Both writes are in the history, each based on the value both had seen.
      const [first] = stanceEntries(d).slice(-1);
      expect(
        stanceEntries(d)
          .slice(0, 2)
          .map((e) => e.bases),
      ).toEqual([[first!.id], [first!.id]]);
    }
    expect(new Set(docs.map(snapshot)).size).toBe(1);
    expect(new Set(docs.map(historyState)).size).toBe(1);
  });

  it('confirmStance resolves a contested cell everywhere', () => {
    const docs = setup(3);
    const [a, b, c] = docs as [Y.Doc, Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    const candidates = readContested(c, P, I)!.candidates;
    confirmStance(c, P, I, 'opposes');
    const confirmation = stanceEntries(c)[0]!;
    expect(confirmation.by).toBe('Cleo');
    expect(confirmation.bases?.sort()).toEqual(candidates.map((x) => x.entryId).sort());
    syncAll(docs);
    for (const d of docs) {
      expect(readContested(d, P, I)).toBeNull();
      expect(contestedCells(d)).toEqual([]);
      expect(readCell(d, P, I).stance).toBe('opposes');
      expect(stanceHeads(d, KEY).map((h) => h.id)).toEqual([confirmation.id]);
    }
  });

  it('confirming the value already shown is recorded, because it is the decision that resolves the cell', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    const shown = readCell(a, P, I).stance;
    const count = historyArray(a).length;
    setStance(a, P, I, shown);
    expect(historyArray(a).length).toBe(count + 1);
    expect(stanceEntries(a)[0]).toMatchObject({ before: shown, after: shown });
    expect(readContested(a, P, I)).toBeNull();
  });

  it('a normal stance write by someone who has seen both candidates resolves the cell', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    setStance(b, P, I, 'conditional');
    syncAll(docs);
    for (const d of docs) expect(readContested(d, P, I)).toBeNull();
    expect(stanceEntries(a)[0]!.bases).toHaveLength(2);
  });

  it('a concurrent write of the same value is not contested, and the next write joins both heads', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'supports');
    syncAll(docs);
    expect(stanceHeads(a, KEY)).toHaveLength(2);
    expect(readContested(a, P, I)).toBeNull();
    expect(contestedCells(b)).toEqual([]);
    setStance(a, P, I, 'demands');
    expect(stanceHeads(a, KEY)).toHaveLength(1);
    expect(stanceEntries(a)[0]!.bases).toHaveLength(2);
  });

  it('writers who take turns never contest a cell', () => {
    const docs = setup(3);
    const levels = ['open', 'supports', 'demands', 'sceptical', null, 'rejects'];
    levels.forEach((level, n) => {
      setStance(docs[n % 3]!, P, I, level);
      syncAll(docs);
      expect(contestedCells(docs[(n + 1) % 3]!)).toEqual([]);
    });
    expect(stanceHeads(docs[0]!, KEY)).toHaveLength(1);
    expect(stanceEntries(docs[0]!)).toHaveLength(levels.length);
  });

  it('three concurrent values give three candidates; agreeing later without seeing the others still counts', () => {
    const docs = setup(3);
    const [a, b, c] = docs as [Y.Doc, Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    setStance(c, P, I, 'open');
    syncAll(docs);
    expect(
      readContested(a, P, I)!
        .candidates.map((x) => x.by)
        .sort(),
    ).toEqual(['Ana', 'Ben', 'Cleo']);
    // Two writers who both end on the same value (offline, unseen) no longer disagree.
    const [x, y] = setup(2) as [Y.Doc, Y.Doc];
    setStance(x, P, I, 'supports');
    setStance(y, P, I, 'opposes');
    setStance(y, P, I, 'supports');
    syncAll([x, y]);
    expect(readContested(x, P, I)).toBeNull();
  });

  it('a cleared stance against a set one is contested too', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    syncAll(docs);
    setStance(a, P, I, null);
    setStance(b, P, I, 'demands');
    syncAll(docs);
    expect(
      readContested(b, P, I)!
        .candidates.map((c) => c.stance)
        .sort(),
    ).toEqual(['demands', null].sort());
  });

  it('a contested cell whose party is deleted is no longer listed', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    deleteAxisItem(a, 'parties', P);
    expect(contestedCells(a)).toEqual([]);
    expect(readContested(a, P, I)).toBeNull();
  });

  it('undoing a stance change (UndoManager over undoScope) removes its entry and restores the previous head', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    setStance(a, P, I, 'open');
    syncAll(docs);
    const undo = new Y.UndoManager(undoScope(a), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    setStance(a, P, I, 'supports');
    setNote(b, P, I, 'remote note');
    syncAll(docs);
    undo.undo();
    expect(readCell(a, P, I)).toMatchObject({ stance: 'open', note: 'remote note' });
    expect(stanceHeads(a, KEY).map((h) => h.after)).toEqual(['open']);
    undo.redo();
    expect(readCell(a, P, I).stance).toBe('supports');
    expect(stanceHeads(a, KEY).map((h) => h.after)).toEqual(['supports']);
    undo.destroy();
  });
});

describe('offline edits', () => {
  it('replicas that edit while disconnected converge in any delivery order, losing no edit', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = rng(seed);
      const docs = setup(2);
      const [a, b] = docs as [Y.Doc, Y.Doc];
      const ua = addAxisItem(a, 'parties', { id: 'ua', name: 'Ukraine' });
      setStance(a, P, I, 'conditional');
      syncAll(docs);
      const base = Y.encodeStateAsUpdate(a);
      const logs = docs.map((d) => recordUpdates(d));
      // Disconnected: same cell (stance, note, sources) and different cells.
      setStance(a, P, I, 'supports');
      addSource(a, P, I, { quote: 'from Ana', addedBy: 'Ana' });
      setNote(a, ua, I, 'Ana on Ukraine');
      setStance(b, P, I, 'rejects');
      addSource(b, P, I, { quote: 'from Ben', addedBy: 'Ben' });
      setStance(b, ua, I, 'open');
      setNote(b, P, I, 'Ben on Russia');
      // Reconnect: each side (and a fresh server-like doc) receives the updates in its own order.
      const all = logs.flat();
      const server = new Y.Doc();
      for (const u of shuffle([base, ...all], random)) Y.applyUpdate(server, u);
      for (const u of shuffle(logs[1]!, random)) Y.applyUpdate(a, u);
      for (const u of shuffle(logs[0]!, random)) Y.applyUpdate(b, u);
      for (const d of [a, b, server]) {
        expect(snapshot(d)).toBe(snapshot(a));
        expect(historyState(d)).toBe(historyState(a));
        expect(
          readCell(d, P, I)
            .sources.map((s) => s.quote)
            .sort(),
        ).toEqual(['from Ana', 'from Ben']);
        expect(readCell(d, P, I).note).toBe('Ben on Russia');
        expect(readCell(d, ua, I)).toMatchObject({ stance: 'open', note: 'Ana on Ukraine' });
        expect(['supports', 'rejects']).toContain(readCell(d, P, I).stance);
        expect(
          stanceEntries(d)
            .map((e) => e.after)
            .slice(0, 2)
            .sort(),
        ).toEqual(['rejects', 'supports']);
        expect(
          readContested(d, P, I)
            ?.candidates.map((c) => c.by)
            .sort(),
        ).toEqual(['Ana', 'Ben']);
        expect(contestedCells(d)).toEqual([KEY]);
      }
      expect(readMatrix(server).cells).toHaveLength(2);
    }
  });
});

describe('history bound', () => {
  /** Fills the log with `n` note changes on the cell. */
  function fill(doc: Y.Doc, n: number, from = 0) {
    for (let k = from; k < from + n; k++) setNote(doc, P, I, `note ${k}`);
  }

  it('trimHistory deletes the oldest entries down to the cap and does nothing under it', () => {
    const [doc] = setup(1);
    fill(doc!, 30);
    expect(trimHistory(doc!, { maxEntries: 50 })).toBe(0);
    expect(trimHistory(doc!, { maxEntries: 10 })).toBe(20);
    const left = readCellHistory(doc!, P, I);
    expect(left).toHaveLength(10);
    expect(left.map((e) => e.after)).toEqual(Array.from({ length: 10 }, (_, k) => `note ${29 - k}`));
  });

  it("trimHistory keeps every live cell's stance heads, so a contested cell stays contested", () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    const other = addAxisItem(a, 'issues', { id: 'nato', name: 'NATO' });
    syncAll(docs);
    setStance(a, P, other, 'rejects');
    setStance(a, P, I, 'supports');
    setStance(b, P, I, 'opposes');
    syncAll(docs);
    fill(a, 40);
    const heads = [...stanceHeads(a, KEY), ...stanceHeads(a, cellKey(P, other))].map((h) => h.id).sort();
    expect(trimHistory(a, { maxEntries: 5 })).toBe(43 - 5);
    const kept = historyArray(a).toArray() as HistoryEntry[];
    expect(kept).toHaveLength(5);
    expect(
      kept
        .filter((e) => e.kind === 'stance')
        .map((e) => e.id)
        .sort(),
    ).toEqual(heads);
    expect(kept.filter((e) => e.kind === 'note').map((e) => e.after)).toEqual(['note 38', 'note 39']);
    expect(contestedCells(a)).toEqual([KEY]);
    // A cap below the number of heads keeps the heads anyway.
    trimHistory(a, { maxEntries: 0 });
    expect((historyArray(a).toArray() as HistoryEntry[]).map((e) => e.id).sort()).toEqual(heads);
    syncAll(docs);
    expect(readContested(b, P, I)!.candidates).toHaveLength(2);
  });

  it('trimHistory drops the heads of deleted cells and malformed entries', () => {
    const [doc] = setup(1);
    const gone = addAxisItem(doc!, 'parties', { id: 'gone', name: 'Gone' });
    setStance(doc!, gone, I, 'open');
    historyArray(doc!).push(['garbage']);
    setStance(doc!, P, I, 'supports');
    deleteAxisItem(doc!, 'parties', gone);
    expect(trimHistory(doc!, { maxEntries: 0 })).toBe(2);
    expect(readActivity(doc!).map((e) => e.cell)).toEqual([KEY]);
  });

  it('concurrent appends from several replicas all survive, in the same order everywhere', () => {
    const random = rng(7);
    const docs = setup(4);
    const base = Y.encodeStateAsUpdate(docs[0]!);
    const logs = docs.map((d) => recordUpdates(d));
    docs.forEach((d, k) => {
      for (let n = 0; n < 25; n++) setNote(d, P, I, `${NAMES[k]} ${n}`);
    });
    const all = logs.flat();
    const fresh = [0, 1, 2].map(() => {
      const d = new Y.Doc();
      Y.applyUpdate(d, base);
      for (const u of shuffle(all, random)) Y.applyUpdate(d, u);
      return d;
    });
    syncAll(docs, shuffle([0, 1, 2, 3], random));
    for (const d of [...docs, ...fresh]) {
      expect(historyState(d)).toBe(historyState(docs[0]!));
      expect(readCellHistory(d, P, I)).toHaveLength(100);
    }
    // Each writer's own entries keep their order.
    const ana = readCellHistory(docs[2]!, P, I)
      .filter((e) => e.by === 'Ana')
      .map((e) => e.after);
    expect(ana).toEqual(Array.from({ length: 25 }, (_, n) => `Ana ${24 - n}`));
  });

  it('a server trim concurrent with client appends loses none of the new entries', () => {
    const docs = setup(3);
    const [server, a, b] = docs as [Y.Doc, Y.Doc, Y.Doc];
    fill(a, 20);
    setStance(a, P, I, 'supports');
    syncAll(docs);
    // The server trims while two clients, not yet aware of it, keep writing.
    const removed = trimHistory(server, { maxEntries: 5 }, SERVER_ORIGIN);
    setStance(a, P, I, 'opposes');
    fill(a, 3, 100);
    setStance(b, P, I, 'demands');
    fill(b, 3, 200);
    syncAll(docs);
    expect(removed).toBe(16);
    for (const d of docs) {
      const log = historyArray(d).toArray() as HistoryEntry[];
      expect(log).toHaveLength(5 + 8);
      expect(log.filter((e) => e.kind === 'note').map((e) => e.after)).toEqual(expect.arrayContaining(['note 100', 'note 102', 'note 200', 'note 202']));
      // Both concurrent writes were based on the kept head, so the cell is contested.
      expect(
        readContested(d, P, I)!
          .candidates.map((c) => c.stance)
          .sort(),
      ).toEqual(['demands', 'opposes']);
    }
    expect(new Set(docs.map(historyState)).size).toBe(1);
  });

  it('a write based on a trimmed entry still counts as a head', () => {
    const docs = setup(2);
    const [server, offline] = docs as [Y.Doc, Y.Doc];
    setStance(server, P, I, 'open');
    syncAll(docs);
    // Offline, a client writes on top of "open" while the server moves on and trims "open" away.
    setStance(offline, P, I, 'rejects');
    setStance(server, P, I, 'supports');
    trimHistory(server, { maxEntries: 0 });
    expect(historyArray(server).length).toBe(1);
    syncAll(docs);
    expect(
      readContested(server, P, I)!
        .candidates.map((c) => c.stance)
        .sort(),
    ).toEqual(['rejects', 'supports']);
  });
});
