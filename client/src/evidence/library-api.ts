/** The library's HTTP routes (README "Evidence library"; types in shared/api.ts). */
import type { CitingSource, DeletedDocument, DocumentSummary, DocumentView, ErrorBody, ExtractedDocument } from '../../../shared/api.ts';
import type { DocumentMeta as SharedDocumentMeta } from '../../../shared/schema.ts';
import { ApiError } from '../lib/errors.ts';

/** A refusal of the library, with what the server adds: the duplicate's id, or the sources a delete orphans. */
export class LibraryError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly existingId?: string,
    readonly citing?: CitingSource[],
  ) {
    super(status, code, message);
    this.name = 'LibraryError';
  }
}

/** The metadata a person checks before saving a document (the language is detected, not asked). */
export type DocumentMeta = Omit<SharedDocumentMeta, 'lang'>;

async function call<T>(path: string, token: string | null, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  } catch {
    throw new LibraryError(0, 'network', 'Cannot reach the Stance Grid server. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as Partial<ErrorBody> | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `The server answered ${res.status} ${res.statusText}.`;
    throw new LibraryError(res.status, typeof error?.code === 'string' ? error.code : 'http', message, error?.existingId, error?.citing);
  }
  if (body === null) throw new LibraryError(res.status, 'bad-response', 'The server sent an unreadable answer.');
  return body as T;
}

const base = (matrixId: string) => `/api/matrices/${encodeURIComponent(matrixId)}/documents`;

export function fetchDocument(matrixId: string, documentId: string, token: string | null): Promise<DocumentView> {
  return call(`${base(matrixId)}/${encodeURIComponent(documentId)}`, token);
}

/** Reads an uploaded file (text extracted, metadata prefilled); nothing is stored. */
export function extractFile(matrixId: string, file: File, token: string | null): Promise<ExtractedDocument> {
  const form = new FormData();
  form.set('file', file, file.name);
  return call(`${base(matrixId)}/extract`, token, { method: 'POST', body: form });
}

export function addDocument(matrixId: string, doc: DocumentMeta & { text: string; addedBy: string }, token: string | null): Promise<DocumentSummary> {
  return call(base(matrixId), token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
}

/** Without `orphan`, a cited document is refused (409 document-cited, with the citing sources). */
export function deleteDocument(matrixId: string, documentId: string, token: string | null, orphan = false): Promise<DeletedDocument> {
  return call(`${base(matrixId)}/${encodeURIComponent(documentId)}${orphan ? '?confirm=orphan' : ''}`, token, { method: 'DELETE' });
}
