/**
 * The library's index in the Y.Doc (root `documents`: document id → DocumentIndexEntry), so
 * every client in the room lists the documents live. Only the server writes it; the text
 * stays in SQLite. Readers skip malformed entries.
 */
import type * as Y from 'yjs';
import { ROOT, type DocumentIndexEntry, type DocumentMeta } from '../schema.ts';
import { isDocumentId } from './source-evidence.ts';

export const documentsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.documents);

const STRING_FIELDS = ['title', 'outlet', 'author', 'date', 'url', 'lang', 'sha256', 'addedBy', 'addedAt'] as const;

export function isDocumentIndexEntry(v: unknown): v is DocumentIndexEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return STRING_FIELDS.every((k) => typeof e[k] === 'string') && Number.isInteger(e.chars);
}

/** The library's documents by id, in the order they were added (then by id). */
export function readDocumentIndex(doc: Y.Doc): (DocumentIndexEntry & { id: string })[] {
  const out: (DocumentIndexEntry & { id: string })[] = [];
  documentsMap(doc).forEach((entry, id) => {
    if (isDocumentId(id) && isDocumentIndexEntry(entry)) out.push({ id, ...documentIndexEntry(entry) });
  });
  return out.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id < b.id ? -1 : 1));
}

/** Server only: records documents in the index (one transaction). */
export function writeDocumentIndex(doc: Y.Doc, entries: readonly (DocumentIndexEntry & { id: string })[], origin: unknown): void {
  doc.transact(() => {
    for (const { id, ...entry } of entries) documentsMap(doc).set(id, documentIndexEntry(entry));
  }, origin);
}

/** Server only: removes a deleted document from the index. */
export function removeFromDocumentIndex(doc: Y.Doc, id: string, origin: unknown): void {
  doc.transact(() => documentsMap(doc).delete(id), origin);
}

/** Only a document's metadata fields, from anything that has them (a stored row, a demo entry). */
export function documentMeta(d: DocumentMeta): DocumentMeta {
  return { title: d.title, outlet: d.outlet, author: d.author, date: d.date, url: d.url, lang: d.lang };
}

/** Only the fields the index keeps, from anything that has them (a stored document, an import). */
export function documentIndexEntry(e: DocumentIndexEntry): DocumentIndexEntry {
  return { ...documentMeta(e), chars: e.chars, sha256: e.sha256, addedBy: e.addedBy, addedAt: e.addedAt };
}
