/**
 * The library in a JSON export: each document's index entry plus its text, so an import gives
 * the new matrix the same documents under the same ids, and every anchor still verifies. The
 * server stores them (recomputing hash and length); here only their shape and limits are checked.
 */
import type { DocumentIndexEntry } from '../schema.ts';
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_FIELD, MAX_DOCUMENTS_PER_MATRIX } from './limits.ts';
import { isDocumentId } from './source-evidence.ts';

export interface ExportedDocument extends DocumentIndexEntry {
  id: string;
  text: string;
}

const FIELDS = ['title', 'outlet', 'author', 'date', 'url', 'lang', 'sha256', 'addedBy', 'addedAt'] as const;

/** The documents of an import file, or undefined after reporting what is wrong (at its JSON path). */
export function parseExportedDocuments(value: unknown, err: (field: string, message: string) => void): ExportedDocument[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_DOCUMENTS_PER_MATRIX) {
    err('documents', `"documents" must be a list of at most ${MAX_DOCUMENTS_PER_MATRIX} documents.`);
    return undefined;
  }
  const seen = new Set<string>();
  const out: ExportedDocument[] = [];
  let ok = true;
  value.forEach((d: unknown, i) => {
    const path = `documents[${i}]`;
    const bad = (field: string, message: string) => {
      ok = false;
      err(field, message);
    };
    if (typeof d !== 'object' || d === null) return bad(path, 'A document must be an object.');
    const doc = d as Record<string, unknown>;
    if (!isDocumentId(doc.id) || seen.has(doc.id)) return bad(`${path}.id`, 'A document needs a valid, unique id.');
    seen.add(doc.id);
    if (typeof doc.text !== 'string' || !doc.text.trim()) return bad(`${path}.text`, 'A document needs its text.');
    if (new TextEncoder().encode(doc.text).length > MAX_DOCUMENT_BYTES) return bad(`${path}.text`, 'A document’s text is larger than 2 MiB.');
    for (const key of FIELDS) {
      if (typeof doc[key] !== 'string' || (doc[key] as string).length > MAX_DOCUMENT_FIELD)
        return bad(`${path}.${key}`, `"${key}" must be text of at most ${MAX_DOCUMENT_FIELD} characters.`);
    }
    if (!(doc.title as string).trim()) return bad(`${path}.title`, 'A document needs a title.');
    const entry = Object.fromEntries(FIELDS.map((k) => [k, doc[k] as string])) as Omit<DocumentIndexEntry, 'chars'>;
    out.push({ id: doc.id, ...entry, chars: doc.text.length, text: doc.text });
  });
  return ok ? out : undefined;
}
