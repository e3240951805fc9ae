/**
 * What the four library routes do, apart from HTTP and auth, so each route is a few lines:
 * list (with how many sources cite each document), get (with text), add (pasted JSON or an
 * uploaded file, the form's fields overriding what the file says), delete. The caller writes
 * the returned index change into the room's Y.Doc (writeDocumentIndex / removeFromDocumentIndex
 * with SERVER_ORIGIN), so everyone in the room sees the library change live.
 */
import { citationCounts } from '../../shared/evidence/citations.ts';
import type { DocumentIndexEntry, MatrixData } from '../../shared/schema.ts';
import { DocumentError } from './errors.ts';
import type { UploadedFile } from './extract.ts';
import { documentFromJson } from './input.ts';
import { indexEntry, type DocumentInfo, type DocumentRecord, type DocumentStore, type NewDocument } from './store.ts';

export type ListedDocument = Omit<DocumentInfo, 'matrixId'> & { citedBy: number };

/** GET /api/matrices/:id/documents */
export function listDocuments(store: DocumentStore, matrixId: string, matrix: MatrixData): { documents: ListedDocument[] } {
  const cited = citationCounts(matrix);
  return { documents: store.list(matrixId).map(({ matrixId: _m, ...d }) => ({ ...d, citedBy: cited.get(d.id) ?? 0 })) };
}

/** GET /api/matrices/:id/documents/:docId — throws 404 document-not-found. */
export function getDocument(store: DocumentStore, matrixId: string, id: string): Omit<DocumentRecord, 'matrixId'> {
  const record = store.get(matrixId, id);
  if (!record) throw new DocumentError('document-not-found', 'This document is not in the library (it may have been deleted).');
  const { matrixId: _m, ...rest } = record;
  return rest;
}

export type DocumentUpload = { kind: 'json'; body: unknown } | { kind: 'file'; file: UploadedFile; fields: Partial<Record<string, string>> };

const METADATA = ['title', 'outlet', 'author', 'date', 'url', 'lang'] as const;

/**
 * POST /api/matrices/:id/documents: stores the document and returns it with the index entry
 * to write into the Y.Doc. Throws DocumentError (413, 415, 422, 409 with existingId).
 */
export async function addDocument(
  store: DocumentStore,
  matrixId: string,
  upload: DocumentUpload,
  addedBy: string,
): Promise<{ document: DocumentRecord; index: DocumentIndexEntry & { id: string } }> {
  let input: NewDocument;
  if (upload.kind === 'json') input = documentFromJson(upload.body, addedBy);
  else {
    // unpdf, linkedom and Readability are loaded on the first upload, not at start (README, memory budget).
    const { extractDocument } = await import('./extract.ts');
    const extracted = await extractDocument(upload.file);
    input = {
      text: extracted.text,
      title: extracted.title,
      outlet: extracted.outlet,
      author: extracted.author,
      date: extracted.date,
      url: extracted.url,
      lang: extracted.lang,
      addedBy,
    };
    // What the person typed in the form wins over what the file says.
    for (const key of METADATA) {
      const value = upload.fields[key];
      if (value !== undefined && value.trim() !== '') input[key] = value;
    }
  }
  const document = store.add(matrixId, input);
  return { document, index: { id: document.id, ...indexEntry(document) } };
}

/** DELETE /api/matrices/:id/documents/:docId — throws 404 when absent. Returns how many sources it orphaned. */
export function deleteDocument(store: DocumentStore, matrixId: string, id: string, matrix: MatrixData): { deleted: string; orphaned: number } {
  if (!store.delete(matrixId, id)) throw new DocumentError('document-not-found', 'This document is not in the library (it may have been deleted).');
  return { deleted: id, orphaned: citationCounts(matrix).get(id) ?? 0 };
}
