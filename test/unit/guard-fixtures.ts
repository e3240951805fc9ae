/**
 * For the schema guard tests (not a test file itself): a "server" doc, a "client" replica of
 * it, and the update a client mutation produces (a real Yjs diff, as a client would send it).
 */
import * as Y from 'yjs';
import { addAxisItem, initMatrix } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { validateUpdate, type GuardOptions, type GuardResult } from '../../shared/doc-guard.ts';

export const CELL = 'russia|ceasefire';

/** A server doc with a title, the default scale, two parties and two issues. */
export function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  initMatrix(doc, { title: 'Guarded', createdAt: '2026-01-01T00:00:00.000Z' }, SEED_ORIGIN);
  addAxisItem(doc, 'parties', { id: 'russia', name: 'Russia' }, SEED_ORIGIN);
  addAxisItem(doc, 'parties', { id: 'ukraine', name: 'Ukraine' }, SEED_ORIGIN);
  addAxisItem(doc, 'issues', { id: 'ceasefire', name: 'Ceasefire' }, SEED_ORIGIN);
  addAxisItem(doc, 'issues', { id: 'energy', name: 'Energy truce' }, SEED_ORIGIN);
  return doc;
}

export function replica(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** The update `change` makes on a fresh replica of `server`. */
export function diff(server: Y.Doc, change: (client: Y.Doc) => void): Uint8Array {
  const client = replica(server);
  const before = Y.encodeStateVector(client);
  change(client);
  return Y.encodeStateAsUpdate(client, before);
}

/** Validates `change`'s update against `server`, and applies it when the guard accepts it. */
export function guarded(server: Y.Doc, change: (client: Y.Doc) => void, options?: GuardOptions): GuardResult {
  const update = diff(server, change);
  const result = validateUpdate(server, update, options);
  if (result.ok) Y.applyUpdate(server, update);
  return result;
}

export const VALID_SOURCE = {
  cell: CELL,
  quote: 'We agree in principle.',
  speaker: 'Vladimir Putin',
  document: 'Kremlin transcript',
  date: '2025-03-13',
  link: 'https://example.org/a',
  addedBy: 'Ana',
  addedAt: '2026-01-01T00:00:00.000Z',
};

export const VALID_DOCUMENT = {
  title: 'Press conference',
  outlet: 'Kremlin',
  author: '',
  date: '2025-03-13',
  url: 'https://example.org/doc',
  lang: 'en',
  chars: 1200,
  sha256: 'a'.repeat(64),
  addedBy: 'Ana',
  addedAt: '2026-01-01T00:00:00.000Z',
};

/**
 * The rule-breaking updates of issue 12 (and more), each a raw Yjs write a modified client could
 * make. `expect` is a fragment of the guard's reason.
 */
export const BAD_WRITES: { name: string; write: (doc: Y.Doc) => void; reason: RegExp }[] = [
  { name: 'a number as a note', write: (d) => d.getMap('notes').set(CELL, 42), reason: /note must be text \(got a number\)/ },
  { name: 'a number as a party name', write: (d) => (d.getMap('parties').get('russia') as Y.Map<unknown>).set('name', 42), reason: /name must be text/ },
  { name: 'an unknown root', write: (d) => d.getMap('evil').set('x', 'y'), reason: /"evil" is not a part of a matrix/ },
  { name: 'a Y.Array where a map belongs', write: (d) => d.getArray('stances').insert(0, ['supports']), reason: /"stances" is a map, not a list/ },
  { name: 'a source without a cell', write: (d) => d.getMap('sources').set('s1', { ...VALID_SOURCE, cell: undefined }), reason: /cell must be a cell key/ },
  { name: 'a 1 MB note', write: (d) => d.getMap('notes').set(CELL, 'x'.repeat(1_000_000)), reason: /longer than 20000/ },
  { name: 'a nested map in stances', write: (d) => d.getMap('stances').set(CELL, new Y.Map()), reason: /"stances" may not hold a nested Y.Map/ },
  { name: 'a stance outside the scale', write: (d) => d.getMap('stances').set(CELL, 'maybe-later'), reason: /not a level of this matrix's stance scale/ },
  { name: 'a stance under a key that is not a cell', write: (d) => d.getMap('stances').set('russia', 'supports'), reason: /not a valid key of "stances"/ },
  { name: 'a party with a malformed id', write: (d) => d.getMap('parties').set('bad id!', new Y.Map()), reason: /not a valid key of "parties"/ },
  {
    name: 'an unknown field on a party',
    write: (d) => (d.getMap('parties').get('russia') as Y.Map<unknown>).set('onclick', 'x'),
    reason: /"onclick" is not a field of a party/,
  },
  { name: 'a party as a plain object', write: (d) => d.getMap('parties').set('belarus', { name: 'Belarus', order: 'a5' }), reason: /must be a Y.Map/ },
  { name: 'a malformed history entry', write: (d) => d.getArray('history').push([{ id: 'h1', kind: 'stance' }]), reason: /history entry: at is missing/ },
  {
    name: 'a comment whose text is a number',
    write: (d) => d.getMap('comments').set('c1', { cell: CELL, parent: null, author: 'Ana', at: 'now', text: 42 }),
    reason: /text must be text/,
  },
  { name: 'a client writing the documents index', write: (d) => d.getMap('documents').set('d1', VALID_DOCUMENT), reason: /Only the server writes "documents"/ },
  {
    name: 'a javascript: link',
    write: (d) => d.getMap('sources').set('s1', { ...VALID_SOURCE, link: 'javascript:alert(1)' }),
    reason: /link must be an http\(s\) address/,
  },
  {
    name: 'a nested map inside a party',
    write: (d) => (d.getMap('parties').get('russia') as Y.Map<unknown>).set('name', new Y.Map()),
    reason: /name must be plain text/,
  },
  { name: 'history used as a map', write: (d) => d.getMap('history').set('x', { id: 'h1' }), reason: /"history" is a list, not a map/ },
  { name: 'a salience above 100', write: (d) => d.getMap('salience').set(CELL, 150), reason: /whole number 0–100/ },
  {
    name: 'a formula object as a note',
    write: (d) => d.getMap('notes').set(CELL, { formula: 'HYPERLINK("http://evil")' }),
    reason: /note must be text \(got an object\)/,
  },
  {
    name: 'a dated position with a bad date',
    write: (d) => d.getMap('positions').set('p1', { cell: CELL, stance: 'supports', date: '13 March', note: '', by: 'Ana', at: 'now' }),
    reason: /not a date/,
  },
  { name: 'an event with an empty label', write: (d) => d.getMap('events').set('e1', { date: '2025-03-11', label: ' ' }), reason: /label cannot be empty/ },
  {
    name: 'a stance level with a formula label',
    write: (d) =>
      d
        .getMap('scale')
        .set('evil', { id: 'evil', label: { formula: 'A1' }, symbol: 'E', value: 1, color: '#000000', textColor: '#ffffff', order: 9, description: '' }),
    reason: /label must be text/,
  },
  { name: 'a title that is a number', write: (d) => d.getMap('meta').set('title', 7), reason: /The title must be text/ },
  { name: 'binary data in sourceOrder', write: (d) => d.getMap('sourceOrder').set('s1', new Uint8Array([1, 2])), reason: /only plain values/ },
  {
    name: 'formatting inside a note text',
    write: (d) => {
      const t = new Y.Text('ok');
      d.getMap('notes').set(CELL, t);
      t.format(0, 2, { bold: true });
    },
    reason: /A note holds text only/,
  },
];
