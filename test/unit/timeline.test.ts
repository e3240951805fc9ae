/**
 * The matrix in world time (asOf, changedBetween, timelineTicks) on a small hand-made matrix,
 * schema version 2 (migration of a version-1 document, the client check), and properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { addAxisItem, addSource, metaMap, readMatrix, setNote, setStance } from '../../shared/matrix.ts';
import { addPosition, editPosition, removePosition } from '../../shared/positions.ts';
import { asOf, changedBetween, stanceOn, timelineTicks } from '../../shared/timeline/asof.ts';
import { clientSchemaSupported, docSchemaVersion, migrateToV2 } from '../../shared/timeline/migrate.ts';
import { readCellPositions, readTimelineData } from '../../shared/timeline/read.ts';
import { storedCellPositions } from '../../shared/timeline/store.ts';
import { MatrixError } from '../../shared/errors.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { SCHEMA_VERSION, cellKey, type Cell, type CellPosition, type MatrixData, type Source } from '../../shared/schema.ts';
import { replicas } from '../utils/docs.ts';

const src = (id: string, date: string): Source => ({
  id,
  quote: `quote ${id}`,
  speaker: '',
  document: '',
  date,
  link: '',
  addedBy: 'T',
  addedAt: '',
  order: id,
});
const pos = (id: string, date: string, stance: string, sources: string[]): CellPosition => ({ id, stance, date, note: '', by: 'T', at: '', sources });
const item = (id: string, order: string) => ({ id, name: id.toUpperCase(), description: '', order });

/**
 * ru|cf: 12 Mar no-position (s1, dated 12 Mar) → 13 Mar conditional (s2, dated 15 Mar)
 * ru|en: 18 Mar supports (s3, 19 Mar) → 20 Mar supports again (s7, 20 Mar; restated, no move)
 * ua|cf: undated open (s4, undated) → 11 Mar supports (s5, 12 Mar)
 * ua|en: a version-1 cell: stance demands, no positions field (s6, 4 Mar)
 */
function matrix(): MatrixData {
  const cells: Cell[] = [
    {
      partyId: 'ru',
      issueId: 'cf',
      stance: 'conditional',
      note: '',
      sources: [src('s1', '2025-03-12'), src('s2', '2025-03-15')],
      positions: [pos('p1', '2025-03-12', 'no-position', ['s1']), pos('p2', '2025-03-13', 'conditional', ['s2'])],
    },
    {
      partyId: 'ru',
      issueId: 'en',
      stance: 'supports',
      note: 'energy',
      sources: [src('s3', '2025-03-19'), src('s7', '2025-03-20')],
      positions: [pos('p3', '2025-03-18', 'supports', ['s3']), pos('p7', '2025-03-20', 'supports', ['s7'])],
    },
    {
      partyId: 'ua',
      issueId: 'cf',
      stance: 'supports',
      note: '',
      sources: [src('s4', ''), src('s5', '2025-03-12')],
      positions: [pos('p4', '', 'open', ['s4']), pos('p5', '2025-03-11', 'supports', ['s5'])],
    },
    { partyId: 'ua', issueId: 'en', stance: 'demands', note: '', sources: [src('s6', '2025-03-04')] },
  ];
  return {
    meta: { schemaVersion: 2, title: 'T', description: '', createdAt: '' },
    scale: DEFAULT_SCALE.map((l) => ({ ...l })),
    parties: [item('ru', 'a'), item('ua', 'b')],
    issues: [item('cf', 'a'), item('en', 'b')],
    cells,
    events: [
      { id: 'e1', date: '2025-03-11', label: 'Jeddah talks' },
      { id: 'e2', date: '2025-03-18', label: 'Trump–Putin call' },
    ],
  };
}

/** "party|issue=stance [source ids]" per cell of a matrix as of a day. */
const view = (data: MatrixData) => data.cells.map((c) => `${c.partyId}|${c.issueId}=${c.stance} [${c.sources.map((s) => s.id).join(',')}]`);

describe('asOf', () => {
  it('before the first date: only undated positions (held since always) and version-1 cells', () => {
    // s6 (dated 4 Mar) was not published on 1 Jan: the stance holds, its source is not known yet.
    expect(view(asOf(matrix(), '2025-01-01'))).toEqual(['ua|cf=open [s4]', 'ua|en=demands []']);
  });

  it('on a change date the new position already holds (end of that day)', () => {
    // 11 Mar: ua|cf moves to supports; s5 is dated 12 Mar, so not known yet.
    expect(view(asOf(matrix(), '2025-03-11'))).toEqual(['ua|cf=supports [s4]', 'ua|en=demands [s6]']);
    // 12 Mar: ru|cf first coded (no public position); s5 now known.
    expect(view(asOf(matrix(), '2025-03-12'))).toEqual(['ru|cf=no-position [s1]', 'ua|cf=supports [s4,s5]', 'ua|en=demands [s6]']);
  });

  it('between changes: the last position held, with sources dated by then', () => {
    // 13 Mar: conditional; s2 (dated 15 Mar) supports it but was not published yet.
    expect(view(asOf(matrix(), '2025-03-13'))).toEqual(['ru|cf=conditional [s1]', 'ua|cf=supports [s4,s5]', 'ua|en=demands [s6]']);
    const cell = asOf(matrix(), '2025-03-13').cells[0];
    expect(cell?.positions?.map((p) => [p.id, p.sources])).toEqual([
      ['p1', ['s1']],
      ['p2', []],
    ]);
  });

  it('after the last date: every cell as it is now', () => {
    const data = matrix();
    const now = asOf(data, '2025-04-01');
    expect(view(now)).toEqual(['ru|cf=conditional [s1,s2]', 'ru|en=supports [s3,s7]', 'ua|cf=supports [s4,s5]', 'ua|en=demands [s6]']);
    expect(now.cells.slice(0, 3)).toEqual(data.cells.slice(0, 3));
    expect(now.parties).toEqual(data.parties);
    expect(now.events).toEqual(data.events);
  });

  it('refuses a malformed or empty date with a typed error', () => {
    expect(() => asOf(matrix(), '2025-3-1')).toThrowError(MatrixError);
    expect(() => asOf(matrix(), '')).toThrowError(/date is needed/);
  });

  it('stanceOn: null before the first position', () => {
    const [ruCf] = matrix().cells;
    expect(stanceOn(ruCf!, '2025-03-11')).toBeNull();
    expect(stanceOn(ruCf!, '2025-03-12')).toBe('no-position');
  });
});

describe('changedBetween', () => {
  it('lists cells that moved, from what to what, with the sources of the move', () => {
    const moves = changedBetween(matrix(), '2025-03-12', '2025-03-18');
    expect(moves.from).toBe('2025-03-12');
    expect(moves.to).toBe('2025-03-18');
    expect(moves.cells.map((c) => [c.partyId, c.issueId, c.from, c.to, c.position?.id, c.sources.map((s) => s.id)])).toEqual([
      ['ru', 'cf', 'no-position', 'conditional', 'p2', ['s2']],
      ['ru', 'en', null, 'supports', 'p3', ['s3']],
    ]);
  });

  it('takes the dates in either order, and a restated stance is no move', () => {
    expect(changedBetween(matrix(), '2025-03-18', '2025-03-12')).toEqual(changedBetween(matrix(), '2025-03-12', '2025-03-18'));
    expect(changedBetween(matrix(), '2025-03-18', '2025-03-20').cells).toEqual([]);
    expect(changedBetween(matrix(), '2025-03-10', '2025-03-11').cells.map((c) => [c.partyId, c.from, c.to])).toEqual([['ua', 'open', 'supports']]);
  });
});

describe('timelineTicks', () => {
  it('gives every dated day with the cells that changed, those restated, and the events', () => {
    expect(timelineTicks(matrix()).map((t) => [t.date, t.changed, t.dated, t.events.map((e) => e.label)])).toEqual([
      ['2025-03-11', ['ua|cf'], ['ua|cf'], ['Jeddah talks']],
      ['2025-03-12', ['ru|cf'], ['ru|cf'], []],
      ['2025-03-13', ['ru|cf'], ['ru|cf'], []],
      ['2025-03-18', ['ru|en'], ['ru|en'], ['Trump–Putin call']],
      ['2025-03-20', [], ['ru|en'], []],
    ]);
  });

  it('two positions on one day count once, as what the day ends with', () => {
    const data = matrix();
    const cell = data.cells[0]!;
    // 12 Mar: no-position then (same day) back to nothing new: ends the day on conditional.
    cell.positions = [pos('p1', '2025-03-12', 'no-position', []), pos('p1b', '2025-03-12', 'conditional', []), pos('p2', '2025-03-13', 'conditional', [])];
    const ticks = timelineTicks(data).filter((t) => t.dated.includes('ru|cf'));
    expect(ticks.map((t) => [t.date, t.changed.includes('ru|cf')])).toEqual([
      ['2025-03-12', true],
      ['2025-03-13', false],
    ]);
  });
});

describe('schema version 2', () => {
  /** A document as a version-1 server wrote it: one coded cell with a source and a note. */
  function v1Doc(): Y.Doc {
    const [doc] = replicas(1);
    addAxisItem(doc!, 'parties', { id: 'ru', name: 'Russia' });
    addAxisItem(doc!, 'issues', { id: 'cf', name: 'Ceasefire' });
    setStance(doc!, 'ru', 'cf', 'conditional');
    setNote(doc!, 'ru', 'cf', 'yes, but');
    addSource(doc!, 'ru', 'cf', { quote: 'q', addedBy: 'A', date: '2025-03-13' });
    metaMap(doc!).set('schemaVersion', 1);
    return doc!;
  }

  it('migrateToV2 sets the version, loses nothing, and is idempotent', () => {
    const doc = v1Doc();
    const before = readMatrix(doc);
    expect(docSchemaVersion(doc)).toBe(1);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateToV2(doc)).toBe(true);
    expect(updates).toBe(1);
    expect(readMatrix(doc)).toEqual({ ...before, meta: { ...before.meta, schemaVersion: 2 } });
    expect(migrateToV2(doc)).toBe(false);
    expect(updates).toBe(1);
    expect(SCHEMA_VERSION).toBe(2);
  });

  it('leaves an empty document and a newer one alone', () => {
    const empty = new Y.Doc();
    expect(migrateToV2(empty)).toBe(false);
    expect(metaMap(empty).size).toBe(0);
    const newer = v1Doc();
    metaMap(newer).set('schemaVersion', 3);
    expect(migrateToV2(newer)).toBe(false);
    expect(docSchemaVersion(newer)).toBe(3);
  });

  it('a migrated version-1 cell is one undated position, shown at every date', () => {
    const doc = v1Doc();
    migrateToV2(doc);
    expect(readCellPositions(doc, 'ru', 'cf').map((p) => [p.id, p.date, p.stance])).toEqual([['', '', 'conditional']]);
    const data = readTimelineData(doc);
    expect(view(asOf(data, '2020-01-01'))).toEqual(['ru|cf=conditional []']);
    expect(view(asOf(data, '2025-03-13')).map((v) => v.replace(/\[.*\]/, '[…]'))).toEqual(['ru|cf=conditional […]']);
  });

  it('two replicas of a migrated document adding positions concurrently converge', () => {
    const server = v1Doc();
    migrateToV2(server);
    const state = Y.encodeStateAsUpdate(server);
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    Y.applyUpdate(a, state);
    Y.applyUpdate(b, state);
    addPosition(a, 'ru', 'cf', { stance: 'no-position', date: '2025-03-12' });
    addPosition(b, 'ru', 'cf', { stance: 'rejects', date: '2025-03-18' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(JSON.stringify(readTimelineData(a))).toBe(JSON.stringify(readTimelineData(b)));
    // Each writer kept the version-1 stance as the undated start: both stored one, so it is
    // there twice (same stance, different ids); nothing is lost and the dated moves follow.
    expect(readCellPositions(a, 'ru', 'cf').map((p) => `${p.date || 'undated'}:${p.stance}`)).toEqual([
      'undated:conditional',
      'undated:conditional',
      '2025-03-12:no-position',
      '2025-03-18:rejects',
    ]);
    expect(docSchemaVersion(a)).toBe(2);
  });

  it('clientSchemaSupported accepts version 2 only (as a number or the query string)', () => {
    expect(clientSchemaSupported(2)).toBe(true);
    expect(clientSchemaSupported('2')).toBe(true);
    for (const v of [1, '1', 3, '3', undefined, null, '', '2.0', ' 2', 'abc', 2.5, NaN]) expect(clientSchemaSupported(v), String(v)).toBe(false);
  });
});

describe('properties', () => {
  const DATES = ['', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-18'];
  const STANCES = ['rejects', 'sceptical', 'supports', 'conditional', 'no-position'];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), cell: fc.nat(3), date: fc.constantFrom(...DATES), stance: fc.constantFrom(...STANCES) }),
    fc.record({ kind: fc.constant('set' as const), cell: fc.nat(3), stance: fc.constantFrom(null, ...STANCES) }),
    fc.record({ kind: fc.constant('edit' as const), cell: fc.nat(3), date: fc.constantFrom(...DATES), stance: fc.constantFrom(...STANCES) }),
    fc.record({ kind: fc.constant('remove' as const), cell: fc.nat(3) }),
  );
  type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
  const CELLS = [
    ['ru', 'cf'],
    ['ru', 'en'],
    ['ua', 'cf'],
    ['ua', 'en'],
  ] as const;

  function run(ops: Op[]): Y.Doc {
    const [doc] = replicas(1);
    for (const p of ['ru', 'ua']) addAxisItem(doc!, 'parties', { id: p, name: p });
    for (const i of ['cf', 'en']) addAxisItem(doc!, 'issues', { id: i, name: i });
    for (const o of ops) {
      const [p, i] = CELLS[o.cell] ?? CELLS[0];
      const stored = storedCellPositions(doc!, cellKey(p, i));
      try {
        if (o.kind === 'add') addPosition(doc!, p, i, { stance: o.stance, date: o.date });
        else if (o.kind === 'set') setStance(doc!, p, i, o.stance);
        else if (o.kind === 'edit' && stored[0]) editPosition(doc!, stored[0].id, { stance: o.stance, date: o.date });
        else if (o.kind === 'remove' && stored[0]) removePosition(doc!, stored[0].id);
      } catch (e) {
        // Refusals (a second undated position) are part of the model; anything else is a bug.
        if (!(e instanceof MatrixError) || e.code !== 'invalid-date') throw e;
      }
    }
    return doc!;
  }

  it('after any sequence of edits, each cell shows its latest position, and asOf(the end) is the matrix now', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const doc = run(ops);
        const data = readTimelineData(doc);
        for (const cell of data.cells) expect(cell.stance).toBe(cell.positions?.at(-1)?.stance ?? null);
        expect(asOf(data, '9999-12-31').cells).toEqual(data.cells.filter((c) => c.stance !== null));
      }),
      { numRuns: 150 },
    );
  });

  it('changedBetween(d, d) is empty and asOf is monotone in what is coded', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), fc.constantFrom(...DATES.slice(1)), fc.constantFrom(...DATES.slice(1)), (ops, d1, d2) => {
        const data = readTimelineData(run(ops));
        expect(changedBetween(data, d1, d1).cells).toEqual([]);
        const [early, late] = [d1, d2].sort() as [string, string];
        const before = new Set(asOf(data, early).cells.map((c) => cellKey(c.partyId, c.issueId)));
        const after = new Set(asOf(data, late).cells.map((c) => cellKey(c.partyId, c.issueId)));
        for (const key of before) expect(after.has(key)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
