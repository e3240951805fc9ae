/** The evidence library's SQLite store (server/documents/store.ts): limits, duplicates, metadata, deletes, the demo library. */
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import * as Y from 'yjs';
import { Storage } from '../../server/storage.ts';
import { DocumentStore, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MATRIX, indexEntry } from '../../server/documents/store.ts';
import { DocumentError } from '../../server/documents/errors.ts';
import { seedDemoDocuments } from '../../server/documents/demo.ts';
import { documentErrorResponse, documentFromJson } from '../../server/documents/input.ts';
import { readDocumentIndex, writeDocumentIndex } from '../../shared/evidence/library-index.ts';
import { verify } from '../../shared/evidence/verify.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { tempDataDir } from '../utils/server.ts';
import { demoDoc } from './export-fixtures.ts';

const COUNTS = { parties: 0, issues: 0, coded: 0, sources: 0 };

function setup(...matrices: string[]) {
  const storage = new Storage(tempDataDir());
  for (const id of matrices) storage.create(id, id, Y.encodeStateAsUpdate(new Y.Doc()), COUNTS);
  return { storage, store: new DocumentStore(storage.database) };
}

const ARTICLE = { title: 'Cautious Russia awaits details', outlet: 'Reuters', date: '2025-03-12', url: 'https://example.com/a', lang: 'en', addedBy: 'Ana' };

function thrown(fn: () => unknown): DocumentError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DocumentError) return e;
    throw e;
  }
  throw new Error('expected a DocumentError');
}

describe('DocumentStore', () => {
  it('stores a document with its hash, length and metadata; lists it without the text', () => {
    const { storage, store } = setup('m-one');
    try {
      const text = 'The Kremlin said on Wednesday it was awaiting details.\nPeskov said “no”.';
      const doc = store.add('m-one', { ...ARTICLE, text, addedAt: '2025-03-26T12:00:00.000Z' });
      expect(doc).toMatchObject({ matrixId: 'm-one', title: ARTICLE.title, outlet: 'Reuters', author: '', chars: text.length, addedBy: 'Ana' });
      expect(doc.sha256).toBe(crypto.createHash('sha256').update(text).digest('hex'));
      expect(store.get('m-one', doc.id)?.text).toBe(text);
      const [listed] = store.list('m-one');
      expect(listed).toEqual({ id: doc.id, matrixId: 'm-one', ...indexEntry(doc) });
      expect(listed).not.toHaveProperty('text');
    } finally {
      storage.close();
    }
  });

  it('stores text with \\n line ends and no BOM, so a CRLF copy is the same document', () => {
    const { storage, store } = setup('m-one');
    try {
      const doc = store.add('m-one', { ...ARTICLE, text: '\uFEFFLine one\r\nLine two\r\n' });
      expect(store.get('m-one', doc.id)?.text).toBe('Line one\nLine two\n');
      const again = thrown(() => store.add('m-one', { ...ARTICLE, text: 'Line one\nLine two\n' }));
      expect(again).toMatchObject({ code: 'duplicate-document', status: 409, existingId: doc.id });
    } finally {
      storage.close();
    }
  });

  it('reports a duplicate with the existing id and stores nothing; another matrix may hold the same text', () => {
    const { storage, store } = setup('m-one', 'm-two');
    try {
      const first = store.add('m-one', { ...ARTICLE, text: 'Same text.' });
      const dup = thrown(() => store.add('m-one', { ...ARTICLE, title: 'Another title', text: 'Same text.' }));
      expect(dup).toMatchObject({ code: 'duplicate-document', status: 409, existingId: first.id });
      expect(store.count('m-one')).toBe(1);
      expect(store.add('m-two', { ...ARTICLE, text: 'Same text.' }).sha256).toBe(first.sha256);
    } finally {
      storage.close();
    }
  });

  it('accepts 2 MiB of text and refuses one byte more with 413, storing nothing', () => {
    const { storage, store } = setup('m-one');
    try {
      // "é" is two bytes in UTF-8: the limit counts bytes, not characters.
      const atLimit = 'é'.repeat(MAX_DOCUMENT_BYTES / 2);
      expect(store.add('m-one', { ...ARTICLE, text: atLimit }).chars).toBe(MAX_DOCUMENT_BYTES / 2);
      const tooLarge = thrown(() => store.add('m-one', { ...ARTICLE, text: `${atLimit.slice(1)}xyz` }));
      expect(tooLarge).toMatchObject({ code: 'document-too-large', status: 413 });
      expect(tooLarge.message).toMatch(/limit is 2\.0 MiB/);
      expect(store.count('m-one')).toBe(1);
    } finally {
      storage.close();
    }
  });

  it(`holds ${MAX_DOCUMENTS_PER_MATRIX} documents per matrix and refuses the next with 422`, () => {
    const { storage, store } = setup('m-one', 'm-two');
    try {
      storage.database.transaction(() => {
        for (let i = 0; i < MAX_DOCUMENTS_PER_MATRIX; i++) store.add('m-one', { ...ARTICLE, text: `Document ${i}` });
      })();
      expect(store.count('m-one')).toBe(MAX_DOCUMENTS_PER_MATRIX);
      expect(thrown(() => store.add('m-one', { ...ARTICLE, text: 'One more' }))).toMatchObject({ code: 'too-many-documents', status: 422 });
      expect(store.count('m-one')).toBe(MAX_DOCUMENTS_PER_MATRIX);
      expect(store.add('m-two', { ...ARTICLE, text: 'One more' }).matrixId).toBe('m-two');
    } finally {
      storage.close();
    }
  });

  it('refuses empty text and bad metadata with 422, naming the problem', () => {
    const { storage, store } = setup('m-one');
    try {
      const cases: [object, RegExp][] = [
        [{ text: '  \n ' }, /no text/],
        [{ title: '  ' }, /needs a title/],
        [{ date: '12/03/2025' }, /not a date/],
        [{ url: 'javascript:alert(1)' }, /http/],
        [{ lang: 'english please' }, /language tag/],
        [{ outlet: 'x'.repeat(501) }, /longer than 500/],
        [{ id: 'bad id' }, /not a valid document id/],
      ];
      for (const [patch, message] of cases) {
        const error = thrown(() => store.add('m-one', { ...ARTICLE, text: 'Some text.', ...patch }));
        expect(error.status, message.source).toBe(422);
        expect(error.message).toMatch(message);
      }
      expect(store.count('m-one')).toBe(0);
    } finally {
      storage.close();
    }
  });

  it('deletes one document, and all of a matrix’s documents with the matrix', () => {
    const { storage, store } = setup('m-one');
    try {
      const a = store.add('m-one', { ...ARTICLE, text: 'A' });
      store.add('m-one', { ...ARTICLE, text: 'B' });
      expect(store.delete('m-one', a.id)).toBe(true);
      expect(store.delete('m-one', a.id)).toBe(false);
      expect(store.get('m-one', a.id)).toBeNull();
      storage.database.prepare('DELETE FROM matrices WHERE id = ?').run('m-one');
      expect(store.count('m-one')).toBe(0);
    } finally {
      storage.close();
    }
  });
});

describe('the demo library', () => {
  it('stores the five seed articles once, and every demo source verifies against the stored text', () => {
    const { storage, store } = setup('ukraine-ceasefire-2025-03');
    try {
      const records = seedDemoDocuments(store);
      expect(records.map((r) => r.id)).toEqual(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']);
      expect(seedDemoDocuments(store).map((r) => r.sha256)).toEqual(records.map((r) => r.sha256));
      expect(store.count('ukraine-ceasefire-2025-03')).toBe(5);
      expect(store.get('ukraine-ceasefire-2025-03', 'seed-003')?.text.endsWith('Check price, offers, and more')).toBe(true);

      const doc = demoDoc();
      const statuses = readMatrix(doc)
        .cells.flatMap((c) => c.sources)
        .map((s) => verify(s, s.documentId ? store.get('ukraine-ceasefire-2025-03', s.documentId)?.text : null).status);
      expect(new Set(statuses)).toEqual(new Set(['verified']));

      writeDocumentIndex(
        doc,
        records.map((r) => ({ id: r.id, ...indexEntry(r) })),
        SERVER_ORIGIN,
      );
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      expect(readDocumentIndex(copy)).toEqual(records.map((r) => ({ id: r.id, ...indexEntry(r) })));
    } finally {
      storage.close();
    }
  });
});

describe('documentFromJson', () => {
  it('reads { title, text, outlet?, author?, date?, url?, lang? } and refuses other shapes with 422', () => {
    expect(documentFromJson({ title: 'T', text: 'x', outlet: 'O', date: null, extra: 1 }, 'Ana')).toEqual({
      title: 'T',
      text: 'x',
      outlet: 'O',
      addedBy: 'Ana',
    });
    for (const body of [null, [], 'text', { title: 'T' }, { text: 'x' }, { title: 'T', text: 'x', url: 5 }]) {
      expect(() => documentFromJson(body, 'Ana')).toThrow(DocumentError);
    }
  });

  it('gives the API error body, with the existing id of a duplicate', () => {
    const e = new DocumentError('duplicate-document', 'Already there.', 'abc123');
    expect(documentErrorResponse(e)).toEqual({ status: 409, body: { error: { code: 'duplicate-document', message: 'Already there.', existingId: 'abc123' } } });
  });
});

describe('DocumentStore.exportAll', () => {
  it('gives every document with its text, ready for the JSON export', () => {
    const { storage, store } = setup('m-one');
    try {
      const a = store.add('m-one', { ...ARTICLE, text: 'First text.' });
      expect(store.exportAll('m-one')).toEqual([{ id: a.id, ...indexEntry(a), text: 'First text.' }]);
    } finally {
      storage.close();
    }
  });
});
