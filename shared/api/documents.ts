/** The evidence library's part of the API: documents listed, read, extracted, added and deleted. */
import * as v from 'valibot';
import type { DocumentIndexEntry, DocumentMeta } from '../schema.ts';
import { MAX_DOCUMENT_BYTES } from '../evidence/limits.ts';
import type { BodyContract } from './codes.ts';

/** One document of GET /api/matrices/:id/documents (never its text). */
export interface DocumentSummary extends DocumentIndexEntry {
  id: string;
  /** How many sources cite it. */
  citedBy: number;
}

export interface DocumentList {
  documents: DocumentSummary[];
}

/** A source that cites a document, with its cell. */
export interface CitingSource {
  partyId: string;
  issueId: string;
  sourceId: string;
  quote: string;
}

/** A passage of a document that sources cite (where their quotes verify or nearly do). */
export interface CitedRange {
  start: number;
  end: number;
  sources: CitingSource[];
}

/** GET /api/matrices/:id/documents/:docId */
export interface DocumentView extends DocumentSummary {
  text: string;
  /** The cited passages in text order, for the reader's highlights. */
  cited: CitedRange[];
}

/** POST /api/matrices/:id/documents/extract: what an upload gives, not stored. */
export interface ExtractedDocument extends DocumentMeta {
  format: 'txt' | 'md' | 'html' | 'pdf';
  text: string;
  chars: number;
}

/** DELETE /api/matrices/:id/documents/:docId */
export interface DeletedDocument {
  deleted: string;
  /** Sources that cited it and are now `no-document` (they keep their quote). */
  orphaned: number;
}

/**
 * Largest body POST …/documents and …/documents/extract read: the document limit plus room for
 * JSON escaping, HTML markup or a PDF's own bytes around 2 MiB of text. The text limit is then
 * checked on the text itself (413 document-too-large).
 */
export const MAX_DOCUMENT_UPLOAD_BYTES = 2 * MAX_DOCUMENT_BYTES + 64 * 1024;

/** POST /api/matrices/:id/documents as JSON; limits and values are checked by the library (422, 413, 409). */
export const NewDocumentBody = {
  schema: v.object(
    {
      title: v.string('Give the document a title: { "title": "…", "text": "…" }.'),
      text: v.string('Give the document its text: { "title": "…", "text": "…" }.'),
      outlet: v.optional(v.string('"outlet" must be text.')),
      author: v.optional(v.string('"author" must be text.')),
      date: v.optional(v.string('"date" must be text (YYYY-MM-DD).')),
      url: v.optional(v.string('"url" must be text.')),
      lang: v.optional(v.string('"lang" must be text (a language tag such as "en").')),
      /** Who adds it (the person's display name). */
      addedBy: v.optional(v.string('"addedBy" must be text.')),
    },
    'Send { "title": "…", "text": "…", "outlet"?, "author"?, "date"?, "url"?, "lang"? }.',
  ),
  codes: { '': 'invalid-document' },
} satisfies BodyContract;

/** DELETE /api/matrices/:id/documents/:docId[?confirm=orphan] */
export const DeleteDocumentQuery = {
  schema: v.object({
    confirm: v.optional(v.literal('orphan', 'To delete a document that sources cite, confirm with ?confirm=orphan.')),
  }),
  codes: { '': 'invalid-confirm' },
} satisfies BodyContract;
