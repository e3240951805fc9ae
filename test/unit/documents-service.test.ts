/** The library routes' logic without HTTP (server/documents/service.ts): list with citedBy, get, add by JSON or upload, delete. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Storage } from '../../server/storage.ts';
import { DocumentStore } from '../../server/documents/store.ts';
import { addDocument, deleteDocument, getDocument, listDocuments } from '../../server/documents/service.ts';
import { readDocumentIndex, removeFromDocumentIndex, writeDocumentIndex } from '../../shared/evidence/library-index.ts';
import { makeSelector } from '../../shared/evidence/selector.ts';
import { addAxisItem, addSource, initMatrix, readMatrix } from '../../shared/matrix.ts';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { tempDataDir } from '../utils/server.ts';

const TEXT = 'The Kremlin said on Wednesday it was awaiting details from Washington.';

function setup() {
  const storage = new Storage(tempDataDir());
  storage.create('m-one', 'm-one', Y.encodeStateAsUpdate(new Y.Doc()), { parties: 0, issues: 0, coded: 0, sources: 0 });
  const doc = new Y.Doc();
  initMatrix(doc, { title: 'Library' });
  addAxisItem(doc, 'parties', { id: 'russia', name: 'Russia' });
  addAxisItem(doc, 'issues', { id: 'truce', name: 'Truce' });
  return { storage, store: new DocumentStore(storage.database), doc };
}

describe('library service', () => {
  it('adds pasted text, lists it with how many sources cite it, and gets it with its text', async () => {
    const { storage, store, doc } = setup();
    try {
      const { document, index } = await addDocument(
        store,
        'm-one',
        { kind: 'json', body: { title: 'Kremlin awaits details', text: TEXT, outlet: 'Reuters' } },
        'Ana',
      );
      writeDocumentIndex(doc, [index], SERVER_ORIGIN);
      expect(readDocumentIndex(doc).map((d) => d.id)).toEqual([document.id]);
      const at = TEXT.indexOf('awaiting details');
      addSource(doc, 'russia', 'truce', { quote: 'awaiting details', addedBy: 'Ana', documentId: document.id, selector: makeSelector(TEXT, at, at + 16) });
      const { documents } = listDocuments(store, 'm-one', readMatrix(doc));
      expect(documents).toEqual([expect.objectContaining({ id: document.id, title: 'Kremlin awaits details', outlet: 'Reuters', citedBy: 1, addedBy: 'Ana' })]);
      expect(documents[0]).not.toHaveProperty('text');
      expect(getDocument(store, 'm-one', document.id)).toMatchObject({ id: document.id, text: TEXT });
    } finally {
      storage.close();
    }
  });

  it('adds an uploaded file, the form’s fields overriding the file’s metadata', async () => {
    const { storage, store } = setup();
    try {
      const bytes = new TextEncoder().encode('A headline from the file\n\nBody text of the statement.');
      const { document } = await addDocument(
        store,
        'm-one',
        {
          kind: 'file',
          file: { filename: 'statement.txt', contentType: 'text/plain', bytes },
          fields: { title: 'Typed title', date: '2025-03-12', outlet: ' ' },
        },
        'Ben',
      );
      expect(document).toMatchObject({ title: 'Typed title', date: '2025-03-12', outlet: '', addedBy: 'Ben' });
      expect(document.text).toContain('Body text of the statement.');
    } finally {
      storage.close();
    }
  });

  it('deletes a document, says how many sources it orphaned, and 404s the second time', async () => {
    const { storage, store, doc } = setup();
    try {
      const { document } = await addDocument(store, 'm-one', { kind: 'json', body: { title: 'T', text: TEXT } }, 'Ana');
      addSource(doc, 'russia', 'truce', { quote: 'awaiting', addedBy: 'Ana', documentId: document.id });
      expect(deleteDocument(store, 'm-one', document.id, readMatrix(doc))).toEqual({ deleted: document.id, orphaned: 1 });
      removeFromDocumentIndex(doc, document.id, SERVER_ORIGIN);
      expect(() => deleteDocument(store, 'm-one', document.id, readMatrix(doc))).toThrow(expect.objectContaining({ status: 404 }));
      expect(() => getDocument(store, 'm-one', document.id)).toThrow(expect.objectContaining({ code: 'document-not-found' }));
    } finally {
      storage.close();
    }
  });

  it('passes the store’s refusals through: a duplicate is 409 with the existing id', async () => {
    const { storage, store } = setup();
    try {
      const { document } = await addDocument(store, 'm-one', { kind: 'json', body: { title: 'T', text: TEXT } }, 'Ana');
      await expect(addDocument(store, 'm-one', { kind: 'json', body: { title: 'Again', text: TEXT } }, 'Ana')).rejects.toMatchObject({
        status: 409,
        existingId: document.id,
      });
      await expect(addDocument(store, 'm-one', { kind: 'json', body: { text: TEXT } }, 'Ana')).rejects.toMatchObject({ status: 422 });
      expect(store.count('m-one')).toBe(1);
    } finally {
      storage.close();
    }
  });
});
