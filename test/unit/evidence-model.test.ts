/**
 * The evidence fields of a source (documentId, selector, kind) through the model, the demo
 * seeding and the JSON export/import: carried losslessly, validated, never invented.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, addSource, initMatrix, readCellSources, readMatrix, setSourceAnchor, sourcesMap, updateSource } from '../../shared/matrix.ts';
import { MatrixError } from '../../shared/errors.ts';
import { makeSelector } from '../../shared/evidence/selector.ts';
import { verify } from '../../shared/evidence/verify.ts';
import { exportJson, readExtras } from '../../shared/exports/json.ts';
import { applyImport, parseImport } from '../../shared/imports/index.ts';
import { readCellHistory } from '../../shared/history.ts';
import { citationCounts, citedRanges, citingSources, withVerification } from '../../shared/evidence/citations.ts';
import { EXPORTED_AT, demoDoc } from './export-fixtures.ts';

const TEXT = 'The Kremlin said on Wednesday it was awaiting details from Washington about a proposal for a 30-day ceasefire.';
const QUOTE = 'it was awaiting details from Washington';

function emptyMatrix(): Y.Doc {
  const doc = new Y.Doc();
  initMatrix(doc, { title: 'Evidence' });
  addAxisItem(doc, 'parties', { id: 'russia', name: 'Russia' });
  addAxisItem(doc, 'issues', { id: 'truce', name: 'Truce' });
  return doc;
}

const at = TEXT.indexOf(QUOTE);
const selector = makeSelector(TEXT, at, at + QUOTE.length);

describe('sources with evidence in the model', () => {
  it('stores and reads documentId, selector and kind; sources without them read as before', () => {
    const doc = emptyMatrix();
    const anchored = addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', documentId: 'doc-1', selector, kind: 'reported' });
    const plain = addSource(doc, 'russia', 'truce', { quote: 'typed by hand', addedBy: 'Ana' });
    const [a, b] = readCellSources(doc, 'russia', 'truce');
    expect(a).toMatchObject({ id: anchored, documentId: 'doc-1', selector, kind: 'reported' });
    expect(b?.id).toBe(plain);
    expect(b && Object.keys(b)).not.toContain('documentId');
    expect(b && Object.keys(b)).not.toContain('selector');
  });

  it('refuses malformed evidence with a typed error', () => {
    const doc = emptyMatrix();
    const add = (extra: object) => () => addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', ...extra });
    expect(add({ documentId: 'no|pipes' })).toThrow(MatrixError);
    expect(add({ documentId: 'doc-1', selector: { ...selector, end: selector.end + 3 } })).toThrow(/selector is malformed/);
    expect(add({ selector })).toThrow(/needs the document/);
    expect(add({ kind: 'rumour' })).toThrow(/not a kind of source/);
    expect(readCellSources(doc, 'russia', 'truce')).toEqual([]);
  });

  it('drops malformed evidence a foreign client stored, keeping the source', () => {
    const doc = emptyMatrix();
    const id = addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana' });
    const stored = sourcesMap(doc).get(id);
    sourcesMap(doc).set(id, { ...stored!, documentId: 42, selector: { exact: 1 }, kind: 'rumour' } as never);
    const [source] = readCellSources(doc, 'russia', 'truce');
    expect(source).toMatchObject({ id, quote: QUOTE });
    expect(source && ['documentId', 'selector', 'kind'].filter((k) => k in source)).toEqual([]);
  });

  it('keeps the anchor when the quote is edited, so the edit shows as altered', () => {
    const doc = emptyMatrix();
    const id = addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', documentId: 'doc-1', selector });
    updateSource(doc, id, { quote: 'it was awaiting orders from Washington' });
    const [source] = readCellSources(doc, 'russia', 'truce');
    expect(source?.selector).toEqual(selector);
    const result = source ? verify(source, TEXT) : null;
    expect(result?.status).toBe('altered');
  });

  it('anchors and unlinks a source with setSourceAnchor, recorded in the history', () => {
    const doc = emptyMatrix();
    const id = addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana' });
    setSourceAnchor(doc, id, { documentId: 'doc-1', selector, kind: 'direct' });
    expect(readCellSources(doc, 'russia', 'truce')[0]).toMatchObject({ documentId: 'doc-1', selector, kind: 'direct' });
    setSourceAnchor(doc, id, { documentId: 'doc-1', selector, kind: 'direct' });
    setSourceAnchor(doc, id, null);
    expect(readCellSources(doc, 'russia', 'truce')[0]).not.toHaveProperty('documentId');
    const edits = readCellHistory(doc, 'russia', 'truce').filter((e) => e.kind === 'source-edited');
    expect(edits.map((e) => e.fields)).toEqual([
      ['documentId', 'selector', 'kind'],
      ['documentId', 'selector', 'kind'],
    ]);
  });
});

describe('the seeded demo', () => {
  it("carries every source's documentId, selector and kind into the matrix", () => {
    const doc = demoDoc();
    const sources = readMatrix(doc).cells.flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(85);
    expect(sources.filter((s) => !s.documentId || !s.selector || !s.kind)).toEqual([]);
  });
});

describe('JSON export and import of evidence', () => {
  it('round-trips documentId, selector and kind: the second export equals the first', () => {
    const doc = demoDoc();
    const first = exportJson(readMatrix(doc), { exportedAt: EXPORTED_AT }, readExtras(doc));
    const parsed = parseImport(first, 'json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const copy = new Y.Doc();
    applyImport(copy, parsed.matrix);
    const second = exportJson(readMatrix(copy), { exportedAt: EXPORTED_AT }, readExtras(copy));
    expect(second).toBe(first);
    expect(first).toContain('"selector"');
  });

  it('names the JSON path of a malformed selector, kind or document id', () => {
    const doc = emptyMatrix();
    addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', documentId: 'doc-1', selector, kind: 'direct' });
    const file = JSON.parse(exportJson(readMatrix(doc), { exportedAt: EXPORTED_AT }));
    const source = file.matrix.cells[0].sources[0];
    source.documentId = 'bad id';
    source.selector = { ...selector, start: -4 };
    source.kind = 'gossip';
    const result = parseImport(JSON.stringify(file), 'json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'matrix.cells[0].sources[0].documentId',
      'matrix.cells[0].sources[0].selector',
      'matrix.cells[0].sources[0].kind',
    ]);
  });
});

describe('citations', () => {
  it('adds each source’s verification, counts citations per document and lists what a delete orphans', () => {
    const doc = emptyMatrix();
    const good = addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', documentId: 'doc-1', selector });
    addSource(doc, 'russia', 'truce', { quote: 'it was awaiting orders from Washington', addedBy: 'Ana', documentId: 'doc-1', selector });
    addSource(doc, 'russia', 'truce', { quote: 'A sentence from somewhere else entirely.', addedBy: 'Ana', documentId: 'doc-2' });
    addSource(doc, 'russia', 'truce', { quote: 'typed by hand', addedBy: 'Ana' });
    const matrix = readMatrix(doc);
    const verified = withVerification(matrix, (id) => (id === 'doc-1' ? TEXT : id === 'doc-2' ? 'Another text.' : null));
    expect(verified.cells[0]?.sources.map((s) => s.verification.status)).toEqual(['verified', 'altered', 'not-found', 'no-document']);
    expect(citationCounts(matrix)).toEqual(
      new Map([
        ['doc-1', 2],
        ['doc-2', 1],
      ]),
    );
    expect(citingSources(matrix, 'doc-2').map((c) => c.source.quote)).toEqual(['A sentence from somewhere else entirely.']);
    expect(citedRanges(matrix, 'russia', 'truce')).toEqual([
      { documentId: 'doc-1', start: selector.start, end: selector.end },
      { documentId: 'doc-1', start: selector.start, end: selector.end },
    ]);
    expect(good).toBeTruthy();
  });
});

describe('the library in a JSON export', () => {
  const library = [
    {
      id: 'seed-1',
      title: 'Cautious Russia',
      outlet: '',
      author: '',
      date: '2025-03-12',
      url: '',
      lang: 'en',
      chars: TEXT.length,
      sha256: 'f'.repeat(64),
      addedBy: 'Ana',
      addedAt: '2025-03-26T12:00:00.000Z',
      text: TEXT,
    },
  ];

  it('carries documents with their text through export and import', () => {
    const doc = emptyMatrix();
    addSource(doc, 'russia', 'truce', { quote: QUOTE, addedBy: 'Ana', documentId: 'seed-1', selector });
    const file = exportJson(readMatrix(doc), { exportedAt: EXPORTED_AT }, { ...readExtras(doc), documents: library });
    const parsed = parseImport(file, 'json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.matrix.documents).toEqual(library);
    const source = parsed.matrix.cells[0]?.sources[0];
    expect(source && verify(source, parsed.matrix.documents?.[0]?.text).status).toBe('verified');
  });

  it('reports a document without text, with a bad id or a duplicate id, at its path', () => {
    const doc = emptyMatrix();
    const file = JSON.parse(exportJson(readMatrix(doc), { exportedAt: EXPORTED_AT }));
    file.documents = [{ ...library[0], id: 'seed-0', text: '' }, { ...library[0], id: 'bad id' }, library[0], library[0]];
    const result = parseImport(JSON.stringify(file), 'json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['documents[0].text', 'documents[1].id', 'documents[3].id']);
  });
});
