/**
 * The schema guard refuses every update that breaks the data model (built from real Y.Docs, as
 * a modified client would send them) and accepts every change the model itself makes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import { validateUpdate } from '../../shared/doc-guard.ts';
import {
  addAxisItem,
  addSource,
  confirmStance,
  deleteAxisItem,
  moveAxisItem,
  moveSource,
  removeSource,
  renameAxisItem,
  setAxisDescription,
  setDescription,
  setNote,
  setStance,
  setTitle,
  undoScope,
  updateSource,
} from '../../shared/matrix.ts';
import { addComment, deleteComment, editComment, setThreadResolved } from '../../shared/comments.ts';
import { trimHistory } from '../../shared/history.ts';
import { setActor } from '../../shared/actor.ts';
import { applyImport, parseImport } from '../../shared/imports/index.ts';
import { LOCAL_ORIGIN, SERVER_ORIGIN } from '../../shared/origins.ts';
import { BAD_WRITES, CELL, VALID_DOCUMENT, VALID_SOURCE, diff, guarded, replica, serverDoc } from './guard-fixtures.ts';
import { demoDoc } from './export-fixtures.ts';

const accepted = { ok: true };

describe('schema guard: rule-breaking updates', () => {
  it.each(BAD_WRITES)('refuses $name', ({ write, reason }) => {
    const server = serverDoc();
    const before = Y.encodeStateAsUpdate(server);
    const result = guarded(server, write);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    if (!result.ok) expect(result.path).not.toBe('');
    // Nothing was applied.
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });

  it('refuses a bad value hidden among good ones in one update', () => {
    const server = serverDoc();
    const result = guarded(server, (d) =>
      d.transact(() => {
        setStance(d, 'russia', 'ceasefire', 'supports');
        d.getMap('notes').set('ukraine|energy', 42);
      }),
    );
    expect(result).toMatchObject({ ok: false, path: 'notes["ukraine|energy"]' });
  });

  it('refuses an overwrite whose parent is known only through its origin in the doc', () => {
    const server = serverDoc();
    expect(guarded(server, (d) => setNote(d, 'russia', 'ceasefire', 'first'))).toEqual(accepted);
    // The second set of the same key encodes no parent: only its origin (the first note) says where it goes.
    const update = diff(server, (d) => d.getMap('notes').set(CELL, 42));
    const decoded = Y.decodeUpdate(update).structs.find((s) => s instanceof Y.Item) as Y.Item;
    expect(decoded.parent).toBeNull();
    expect(validateUpdate(server, update)).toMatchObject({ ok: false, path: `notes["${CELL}"]` });
  });

  it('refuses garbage and updates that depend on data the server does not have', () => {
    const server = serverDoc();
    expect(validateUpdate(server, new Uint8Array([1, 2, 3, 250, 251]))).toMatchObject({ ok: false, reason: 'The update could not be decoded.' });
    const other = serverDoc(); // the same content, but other client ids: its structs are unknown to `server`
    const update = diff(other, (d) => renameAxisItem(d, 'parties', 'russia', 'Russian Federation'));
    expect(validateUpdate(server, update)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not have/) });
    // Only the second of two edits: Yjs would hold it, unapplied, until the first arrives.
    const client = replica(server);
    setNote(client, 'russia', 'ceasefire', 'first');
    const between = Y.encodeStateVector(client);
    setNote(client, 'ukraine', 'energy', 'second');
    expect(validateUpdate(server, Y.encodeStateAsUpdate(client, between))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not have/) });
    // A deletion (and nothing else) of something the server never had.
    const ahead = replica(server);
    setNote(ahead, 'russia', 'ceasefire', 'gone soon');
    setNote(ahead, 'russia', 'ceasefire', '');
    const onlyDeletes = Y.encodeStateAsUpdate(ahead, Y.encodeStateVector(ahead));
    expect(Y.decodeUpdate(onlyDeletes)).toMatchObject({ structs: [] });
    expect(validateUpdate(server, onlyDeletes)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not have/) });
  });

  it('lets the server, and only the server, write and delete the documents index', () => {
    const server = serverDoc();
    expect(guarded(server, (d) => d.getMap('documents').set('d1', VALID_DOCUMENT), { allowServerOnlyRoots: true })).toEqual(accepted);
    expect(guarded(server, (d) => d.getMap('documents').delete('d1'))).toMatchObject({ ok: false, reason: expect.stringMatching(/Only the server/) });
    expect(guarded(server, (d) => d.getMap('documents').set('d1', { ...VALID_DOCUMENT, chars: -1 }), { allowServerOnlyRoots: true })).toMatchObject({
      ok: false,
    });
  });

  it('checks V2-encoded updates too', () => {
    const server = serverDoc();
    const client = replica(server);
    const sv = Y.encodeStateVector(client);
    client.getMap('notes').set(CELL, 42);
    expect(validateUpdate(server, Y.encodeStateAsUpdateV2(client, sv), { v2: true })).toMatchObject({ ok: false });
    const good = replica(server);
    const sv2 = Y.encodeStateVector(good);
    setNote(good, 'russia', 'ceasefire', 'fine');
    expect(validateUpdate(server, Y.encodeStateAsUpdateV2(good, sv2), { v2: true })).toEqual(accepted);
  });
});

describe('schema guard: every change the model makes passes', () => {
  it('matrix, history and comment mutations, one update each', () => {
    const server = serverDoc();
    const steps: [string, (d: Y.Doc) => void][] = [
      ['setTitle', (d) => setTitle(d, 'Renamed matrix')],
      ['setDescription', (d) => setDescription(d, 'What this matrix is for')],
      ['addAxisItem party', (d) => addAxisItem(d, 'parties', { id: 'china', name: 'China', description: 'PRC' })],
      ['addAxisItem issue at 0', (d) => addAxisItem(d, 'issues', { id: 'sanctions', name: 'Sanctions relief', index: 0 })],
      ['renameAxisItem', (d) => renameAxisItem(d, 'issues', 'energy', 'Energy infrastructure truce')],
      ['setAxisDescription', (d) => setAxisDescription(d, 'parties', 'ukraine', 'Government of Ukraine')],
      ['moveAxisItem', (d) => moveAxisItem(d, 'parties', 'china', 0)],
      ['setStance', (d) => setStance(d, 'russia', 'ceasefire', 'conditional')],
      ['setStance again', (d) => setStance(d, 'russia', 'ceasefire', 'opposes')],
      ['confirmStance', (d) => confirmStance(d, 'russia', 'ceasefire', 'opposes')],
      ['clear stance', (d) => setStance(d, 'ukraine', 'energy', 'supports')],
      ['setNote', (d) => setNote(d, 'russia', 'ceasefire', 'Wants "root causes" addressed first.\nSecond line.')],
      ['edit note', (d) => setNote(d, 'russia', 'ceasefire', 'x'.repeat(20_000))],
      [
        'addSource',
        (d) =>
          void addSource(d, 'russia', 'ceasefire', {
            id: 'src1',
            quote: 'Yes, but',
            speaker: 'Putin',
            date: '2025-03-13',
            link: 'https://kremlin.ru/x',
            addedBy: 'Ana',
          }),
      ],
      ['addSource first', (d) => void addSource(d, 'russia', 'ceasefire', { id: 'src2', quote: '=1+1', addedBy: 'Ana', index: 0 })],
      ['updateSource', (d) => updateSource(d, 'src1', { quote: 'Yes, but with nuances', document: 'Press conference' })],
      ['moveSource', (d) => moveSource(d, 'src1', 0)],
      ['removeSource', (d) => removeSource(d, 'src2')],
      ['addComment', (d) => void addComment(d, 'russia', 'ceasefire', 'Is this still current?')],
      ['deleteAxisItem', (d) => deleteAxisItem(d, 'issues', 'sanctions')],
    ];
    for (const [name, step] of steps) {
      const result = guarded(server, (d) => {
        setActor(d, { name: 'Ana Analyst', id: 'ana-1' });
        step(d);
      });
      expect({ name, result }).toEqual({ name, result: accepted });
    }
    // Comments need ids the server already has.
    const root = [...server.getMap('comments').keys()][0]!;
    for (const [name, step] of [
      ['reply', (d: Y.Doc) => void addComment(d, 'russia', 'ceasefire', 'Yes, as of 20 March.', { parent: root })],
      ['resolve', (d: Y.Doc) => setThreadResolved(d, root, true)],
      ['editComment', (d: Y.Doc) => editComment(d, root, 'Is this still current? (edited)')],
      ['reopen', (d: Y.Doc) => setThreadResolved(d, root, false)],
      ['deleteComment', (d: Y.Doc) => deleteComment(d, root)],
      ['deleteAxisItem party', (d: Y.Doc) => deleteAxisItem(d, 'parties', 'ukraine')],
    ] as const) {
      expect({ name, result: guarded(server, step) }).toEqual({ name, result: accepted });
    }
    // The server trims history as SERVER_ORIGIN; its update passes too.
    expect(guarded(server, (d) => void trimHistory(d, { maxEntries: 2 }, SERVER_ORIGIN))).toEqual(accepted);
  });

  it('the demo, an import and the roots the evidence library and timeline add, as one sync', () => {
    expect(validateUpdate(new Y.Doc(), Y.encodeStateAsUpdate(demoDoc()))).toEqual(accepted);
    const plan = parseImport('Party,Ceasefire,Energy\r\nRussia,Conditional,+2\r\nUkraine,+3,\r\n', 'csv');
    if (!plan.ok) throw new Error('import failed');
    const imported = new Y.Doc();
    applyImport(imported, plan.matrix);
    expect(validateUpdate(new Y.Doc(), Y.encodeStateAsUpdate(imported))).toEqual(accepted);

    const server = serverDoc();
    const result = guarded(server, (d) =>
      d.transact(() => {
        d.getMap('sources').set('s9', {
          ...VALID_SOURCE,
          documentId: 'd1',
          selector: { exact: 'We agree in principle.', prefix: 'said: ', suffix: ' But', start: 10, end: 32 },
          kind: 'reported',
          position: 'pos1',
        });
        d.getMap('positions').set('pos1', { cell: CELL, stance: 'conditional', date: '2025-03-13', note: '', by: 'Ana', at: '2026-01-01T00:00:00Z' });
        d.getMap('salience').set(CELL, 80);
        d.getMap('events').set('jeddah', { date: '2025-03-11', label: 'Jeddah talks' });
        (d.getMap('parties').get('russia') as Y.Map<unknown>).set('aliases', 'Kremlin, Moscow');
        (d.getMap('issues').get('ceasefire') as Y.Map<unknown>).set('keywords', '30-day, truce');
      }),
    );
    expect(result).toEqual(accepted);
  });

  it('a note as Y.Text, typed into and edited in later updates', () => {
    const server = serverDoc();
    expect(guarded(server, (d) => d.getMap('notes').set(CELL, new Y.Text('Draft')))).toEqual(accepted);
    expect(guarded(server, (d) => (d.getMap('notes').get(CELL) as Y.Text).insert(5, ' note, typed'))).toEqual(accepted);
    expect(guarded(server, (d) => (d.getMap('notes').get(CELL) as Y.Text).delete(0, 3))).toEqual(accepted);
    expect(guarded(server, (d) => (d.getMap('notes').get(CELL) as Y.Text).insert(0, 'x'.repeat(20_001)))).toMatchObject({ ok: false });
  });

  it('undo and redo of a per-user UndoManager, deleting a party with its cells included', () => {
    const server = serverDoc();
    const client = replica(server);
    const undo = new Y.UndoManager(undoScope(client), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    const send = (change: () => void) => {
      const sv = Y.encodeStateVector(client);
      change();
      const update = Y.encodeStateAsUpdate(client, sv);
      expect(validateUpdate(server, update)).toEqual(accepted);
      Y.applyUpdate(server, update);
    };
    send(() => setStance(client, 'russia', 'ceasefire', 'supports'));
    send(() => void addSource(client, 'russia', 'ceasefire', { quote: 'Yes', addedBy: 'Ana' }));
    send(() => renameAxisItem(client, 'parties', 'russia', 'Russian Federation'));
    send(() => deleteAxisItem(client, 'parties', 'russia'));
    for (let i = 0; i < 4; i++) send(() => undo.undo());
    for (let i = 0; i < 4; i++) send(() => undo.redo());
    send(() => undo.undo());
    expect(server.getMap('parties').has('russia')).toBe(true);
  });

  it('concurrent edits from two replicas, merged in either order', () => {
    const server = serverDoc();
    const a = replica(server);
    const b = replica(server);
    const [sa, sb] = [Y.encodeStateVector(a), Y.encodeStateVector(b)];
    setStance(a, 'russia', 'ceasefire', 'supports');
    renameAxisItem(a, 'parties', 'russia', 'Russia (Kremlin)');
    setStance(b, 'russia', 'ceasefire', 'rejects');
    renameAxisItem(b, 'parties', 'russia', 'Russian Federation');
    const [ua, ub] = [Y.encodeStateAsUpdate(a, sa), Y.encodeStateAsUpdate(b, sb)];
    expect(validateUpdate(server, ub)).toEqual(accepted);
    Y.applyUpdate(server, ub);
    expect(validateUpdate(server, ua)).toEqual(accepted);
  });
});

describe('schema guard: cost follows the update, not the doc', () => {
  it('checks a one-note update on a doc of 20,000 sources as fast as on an empty one', () => {
    const big = serverDoc();
    big.transact(() => {
      for (let i = 0; i < 20_000; i++) big.getMap('sources').set(`s${i}`, { ...VALID_SOURCE, quote: `Quote ${i}` });
    });
    const update = diff(big, (d) => setNote(d, 'russia', 'ceasefire', 'A note'));
    const started = performance.now();
    for (let i = 0; i < 500; i++) expect(validateUpdate(big, update).ok).toBe(true);
    // Applying to a scratch copy would take ~50 ms per call here (25 s in all); the guard takes microseconds.
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});

// ---------- properties ----------

const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const level = fc.constantFrom('rejects', 'opposes', 'sceptical', 'ambiguous', 'open', 'supports', 'demands', 'conditional', 'no-position', null);
const text = fc.string({ maxLength: 60 });
const pick = fc.nat({ max: 9 });
type Op = (d: Y.Doc, parties: string[], issues: string[], sources: string[]) => void;
const at = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
const op: fc.Arbitrary<Op> = fc.oneof(
  name.map(
    (n): Op =>
      (d) =>
        void addAxisItem(d, 'parties', { name: n }),
  ),
  name.map(
    (n): Op =>
      (d) =>
        void addAxisItem(d, 'issues', { name: n, description: n }),
  ),
  fc.tuple(pick, pick, level).map(
    ([p, i, l]): Op =>
      (d, ps, is) =>
        ps.length && is.length && setStance(d, at(ps, p)!, at(is, i)!, l),
  ),
  fc.tuple(pick, pick, text).map(
    ([p, i, t]): Op =>
      (d, ps, is) =>
        ps.length && is.length && setNote(d, at(ps, p)!, at(is, i)!, t),
  ),
  fc.tuple(pick, pick, name, text).map(
    ([p, i, q, s]): Op =>
      (d, ps, is) =>
        void (ps.length && is.length && addSource(d, at(ps, p)!, at(is, i)!, { quote: q, speaker: s, addedBy: s })),
  ),
  fc.tuple(pick, name).map(
    ([k, q]): Op =>
      (d, _p, _i, ss) =>
        ss.length && updateSource(d, at(ss, k)!, { quote: q }),
  ),
  fc.tuple(pick, pick).map(
    ([k, to]): Op =>
      (d, _p, _i, ss) =>
        ss.length && moveSource(d, at(ss, k)!, to),
  ),
  pick.map(
    (k): Op =>
      (d, _p, _i, ss) =>
        ss.length && removeSource(d, at(ss, k)!),
  ),
  fc.tuple(pick, name).map(
    ([k, n]): Op =>
      (d, ps) =>
        ps.length && renameAxisItem(d, 'parties', at(ps, k)!, n),
  ),
  fc.tuple(pick, pick).map(
    ([k, to]): Op =>
      (d, _p, is) =>
        is.length && moveAxisItem(d, 'issues', at(is, k)!, to),
  ),
  pick.map(
    (k): Op =>
      (d, ps) =>
        ps.length > 1 && deleteAxisItem(d, 'parties', at(ps, k)!),
  ),
  fc.tuple(pick, pick, name).map(
    ([p, i, t]): Op =>
      (d, ps, is) =>
        void (ps.length && is.length && addComment(d, at(ps, p)!, at(is, i)!, t)),
  ),
);

describe('schema guard: properties', () => {
  it('random sequences of model operations always pass', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const server = serverDoc();
        for (const run of ops) {
          const result = guarded(server, (d) => {
            setActor(d, { name: 'Fuzz' });
            run(d, [...d.getMap('parties').keys()], [...d.getMap('issues').keys()], [...d.getMap('sources').keys()]);
          });
          if (!result.ok) throw new Error(`${result.reason} at ${result.path}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  const notText = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.object(),
    fc.array(fc.string()),
    fc.string({ minLength: 20_001, maxLength: 20_100 }),
  );
  const notId = fc.string({ maxLength: 70 }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s));
  const wrong: fc.Arbitrary<(d: Y.Doc) => void> = fc.oneof(
    notText.map((v) => (d: Y.Doc) => d.getMap('notes').set(CELL, v)),
    fc
      .oneof(
        fc.integer(),
        fc.object(),
        fc.constant(null),
        fc.string().filter((s) => !['rejects', 'opposes', 'sceptical', 'ambiguous', 'open', 'supports', 'demands', 'conditional', 'no-position'].includes(s)),
      )
      .map((v) => (d: Y.Doc) => d.getMap('stances').set(CELL, v)),
    fc.tuple(fc.constantFrom('name', 'description', 'order'), notText).map(
      ([k, v]) =>
        (d: Y.Doc) =>
          (d.getMap('parties').get('russia') as Y.Map<unknown>).set(k, v),
    ),
    fc.tuple(fc.constantFrom(...Object.keys(VALID_SOURCE)), notText).map(
      ([k, v]) =>
        (d: Y.Doc) =>
          d.getMap('sources').set('s1', { ...VALID_SOURCE, [k]: k === 'quote' && typeof v === 'string' && v.length <= 20_000 ? 42 : v }),
    ),
    fc.constantFrom(...Object.keys(VALID_SOURCE)).map((k) => (d: Y.Doc) => {
      const source: Record<string, unknown> = { ...VALID_SOURCE };
      delete source[k];
      d.getMap('sources').set('s1', source);
    }),
    notId.map((k) => (d: Y.Doc) => d.getMap('sources').set(k, VALID_SOURCE)),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter(
        (r) =>
          ![
            'meta',
            'scale',
            'parties',
            'issues',
            'stances',
            'notes',
            'sources',
            'sourceOrder',
            'history',
            'comments',
            'commentThreads',
            'positions',
            'salience',
            'events',
            'documents',
          ].includes(r),
      )
      .map((r) => (d: Y.Doc) => d.getMap(r).set('k', 'v')),
    fc
      .oneof(fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.double({ min: 0.1, max: 99.9, noInteger: true }), fc.string())
      .map((v) => (d: Y.Doc) => d.getMap('salience').set(CELL, v)),
    fc.anything().map(
      (v) => (d: Y.Doc) =>
        d.getArray('history').push([
          {
            id: 'h1',
            at: 'now',
            by: 'x',
            cell: CELL,
            kind: 'stance',
            before: null,
            after: v === null || (typeof v === 'string' && /^[a-z0-9-]{1,64}$/.test(v)) ? 42 : v,
          },
        ]),
    ),
  );

  it('random wrong values always fail', () => {
    fc.assert(
      fc.property(wrong, (write) => {
        const result = guarded(serverDoc(), write);
        return !result.ok && result.reason.length > 0;
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the bytes: random ones, or a valid update with bytes changed', () => {
    const server = serverDoc();
    const valid = diff(server, (d) => {
      setNote(d, 'russia', 'ceasefire', 'A note');
      void addSource(d, 'russia', 'ceasefire', { quote: 'Quote', addedBy: 'Ana' });
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((edits) => {
            const bytes = valid.slice();
            for (const [at, value] of edits) bytes[at] = value;
            return bytes;
          }),
        ),
        (bytes) => {
          const result = validateUpdate(server, bytes);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
