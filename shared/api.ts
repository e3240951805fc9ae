/**
 * The HTTP API and close-code contract between server, client and tests (README "HTTP API",
 * "Sync protocol"). Pure: no Node modules, no DOM. Request bodies are valibot schemas, so the
 * server validates with them and the client may check a form against the same rules.
 */
import * as v from 'valibot';
import type { Role, ShareTokens } from './access.ts';
import type { DocumentIndexEntry, MatrixCounts, MatrixData } from './schema.ts';
import type { VerifiedSource } from './evidence/citations.ts';
import { MAX_DOCUMENT_BYTES } from './evidence/limits.ts';
import { MAX_NAME_LENGTH, cleanDate } from './matrix.ts';
import type { Analysis } from './analysis/index.ts';
import { MAX_SNAPSHOT_NAME_LENGTH, MAX_SNAPSHOT_NOTE_LENGTH, type SnapshotInfo } from './versions/snapshot.ts';

export type { CompareResponse, SnapshotInfo, SnapshotView, VersionRef } from './versions/snapshot.ts';

// ---------- errors ----------

export type ErrorCode =
  | 'invalid-json'
  | 'invalid-body'
  | 'invalid-matrix-id'
  | 'invalid-title'
  | 'invalid-description'
  | 'invalid-name'
  | 'invalid-created-by'
  | 'invalid-note'
  | 'invalid-role'
  | 'invalid-version'
  | 'invalid-format'
  | 'invalid-kind'
  | 'invalid-import'
  | 'invalid-date'
  | 'import-too-large'
  | 'rate-limited'
  | 'snapshot-quota'
  | 'origin-not-allowed'
  | 'download-expired'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'snapshot-not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  // the evidence library (README "Evidence library")
  | 'document-too-large'
  | 'too-many-documents'
  | 'duplicate-document'
  | 'invalid-document'
  | 'unsupported-format'
  | 'document-not-found'
  | 'document-cited'
  | 'invalid-confirm';

/** One problem in an imported file (422 `invalid-import`). */
export interface ImportIssue {
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

/** Every error response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ImportIssue[];
    /** `409 duplicate-document`: the document that already holds this text. */
    existingId?: string;
    /** `409 document-cited`: the sources a delete would orphan. */
    citing?: CitingSource[];
  };
}

// ---------- responses ----------

/** A matrix just made (new, imported or restored): its three links' tokens, returned once. */
export interface CreatedMatrix {
  id: string;
  title: string;
  tokens: ShareTokens;
}

/** POST /api/import: the new matrix and the format the file was read as. */
export interface ImportResult extends CreatedMatrix {
  format: string;
}

/** One row of GET /api/matrices. */
export interface MatrixSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  counts: MatrixCounts;
}

export interface MatrixList {
  matrices: MatrixSummary[];
}

/**
 * GET /api/matrices/:id[?asOf=YYYY-MM-DD]: readTimelineData (each cell with `positions`, the last
 * being `stance`, and `salience`; the matrix with `events`), or asOf of it; `asOf` echoes the day.
 */
export interface MatrixResponse extends MatrixData {
  id: string;
  updatedAt: string | null;
  asOf?: string;
}

/** GET /api/matrices/:id/analysis[?asOf=YYYY-MM-DD]: analyseDoc, `{ issues, pairs, clusters, evidence }` (README "Analysis"). */
export type AnalysisResponse = Analysis;

export type { Analysis, Clusters, Evidence, IssueAnalysis, PairAnalysis } from './analysis/index.ts';

/** Counts of the sources' verification statuses (the header's "82 of 85 sources verified"). */
export interface VerificationSummary {
  total: number;
  verified: number;
  altered: number;
  notFound: number;
  noDocument: number;
}

/**
 * What GET /api/matrices/:id adds to the matrix it returns: each source's `verification`
 * (computed against the library now) and the counts of the statuses.
 */
export type WithEvidence<M extends MatrixData> = Omit<M, 'cells'> & {
  cells: (Omit<M['cells'][number], 'sources'> & { sources: VerifiedSource[] })[];
  verification: VerificationSummary;
};

// ---------- the evidence library ----------

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
export interface ExtractedDocument {
  format: 'txt' | 'md' | 'html' | 'pdf';
  text: string;
  chars: number;
  title: string;
  outlet: string;
  author: string;
  date: string;
  url: string;
  lang: string;
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

export interface Health {
  status: 'ok';
  rooms: number;
  connections: number;
  uptimeSeconds: number;
}

export interface ServerConfig {
  createTokenRequired: boolean;
  /** GET /api/demo/links answers this request (a browser on the server's own machine). */
  demoLinksHere: boolean;
}

/** GET /api/matrices/:id/access: what the presented token is. */
export interface AccessInfo {
  id: string;
  title: string;
  role: Role;
  locked: boolean;
}

/** GET …/links and POST …/links/:role/rotate. */
export interface Links {
  tokens: ShareTokens;
}

export interface LockState {
  locked: boolean;
}

export interface SnapshotList {
  snapshots: SnapshotInfo[];
}

// ---------- request bodies ----------

/** A body schema and the error code each field's refusal carries (`''`: the body as a whole). */
export interface BodyContract<S extends v.GenericSchema = v.GenericSchema> {
  schema: S;
  codes: { '': ErrorCode } & Partial<Record<string, ErrorCode>>;
}

const plainObject = (message: string) => v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message);

/** Text with runs of white space made one space, required and at most `max` characters. */
const cleanText = (what: string, max: number, key: string) =>
  v.pipe(
    v.string(`${what} must be text: { "${key}": "…" }.`),
    v.transform((s) => s.replace(/\s+/g, ' ').trim()),
    v.nonEmpty(`${what} cannot be empty.`),
    v.maxLength(max, `${what} is longer than ${max} characters.`),
  );

/** POST /api/matrices */
export const NewMatrixBody = {
  schema: v.object(
    {
      title: v.string('Give the matrix a title: { "title": "…" }.'),
      description: v.optional(v.string('The description must be text.'), ''),
    },
    'Give the matrix a title: { "title": "…" }.',
  ),
  codes: { '': 'invalid-title', title: 'invalid-title', description: 'invalid-description' },
} satisfies BodyContract;

/** PUT /api/matrices/:id/lock */
export const LockBody = {
  schema: v.object({ locked: v.boolean('Send { "locked": true } or { "locked": false }.') }, 'Send { "locked": true } or { "locked": false }.'),
  codes: { '': 'invalid-body' },
} satisfies BodyContract;

const SNAPSHOT_BODY_MESSAGE = 'Send { "name": "…", "createdBy": "…" }.';
const SNAPSHOT_FIELDS = { name: ['The snapshot name', MAX_SNAPSHOT_NAME_LENGTH], createdBy: ['createdBy (who takes the snapshot)', MAX_NAME_LENGTH] } as const;
/** A missing field is reported by the object schema: say what the field must be. */
const missingSnapshotField = (issue: v.BaseIssue<unknown>) => {
  const key = issue.path?.[0]?.key;
  return key === 'name' || key === 'createdBy' ? `${SNAPSHOT_FIELDS[key][0]} must be text: { "${key}": "…" }.` : SNAPSHOT_BODY_MESSAGE;
};

/** POST /api/matrices/:id/snapshots */
export const NewSnapshotBody = {
  schema: v.pipe(
    plainObject(SNAPSHOT_BODY_MESSAGE),
    v.object(
      {
        name: cleanText(...SNAPSHOT_FIELDS.name, 'name'),
        createdBy: cleanText(...SNAPSHOT_FIELDS.createdBy, 'createdBy'),
        note: v.optional(
          v.pipe(
            v.string('The note must be text.'),
            v.trim(),
            v.maxLength(MAX_SNAPSHOT_NOTE_LENGTH, `The note is longer than ${MAX_SNAPSHOT_NOTE_LENGTH} characters.`),
          ),
          '',
        ),
      },
      missingSnapshotField,
    ),
  ),
  codes: { '': 'invalid-body', name: 'invalid-name', createdBy: 'invalid-created-by', note: 'invalid-note' },
} satisfies BodyContract;

/** POST /api/matrices/:id/snapshots/:sid/restore; the body may be absent. */
export const RestoreBody = {
  schema: v.pipe(plainObject('Send a JSON object.'), v.object({ title: v.optional(v.string('The title must be text.')) })),
  codes: { '': 'invalid-body', title: 'invalid-title' },
} satisfies BodyContract;

// ---------- queries ----------

const ASOF_MESSAGE = 'asOf must be a day: ?asOf=YYYY-MM-DD, e.g. 2025-03-18.';
const isDay = (s: string) => {
  try {
    return s !== '' && cleanDate(s) === s;
  } catch {
    return false;
  }
};

/** GET /api/matrices/:id[?asOf=] and GET /api/matrices/:id/analysis[?asOf=]: the matrix at the end of that day. */
export const AsOfQuery = {
  schema: v.object({ asOf: v.optional(v.pipe(v.string(ASOF_MESSAGE), v.check(isDay, ASOF_MESSAGE))) }),
  codes: { '': 'invalid-date', asOf: 'invalid-date' },
} satisfies BodyContract;

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

/** POST /api/matrices/:id/snapshots/:sid/revert: who asks (named in the history), optional. */
export const RevertBody = {
  schema: v.pipe(
    plainObject('Send a JSON object.'),
    v.object({ by: v.optional(v.pipe(v.string('by must be text.'), v.trim(), v.maxLength(200, 'by is longer than 200 characters.'))) }),
  ),
  codes: { '': 'invalid-body', by: 'invalid-created-by' },
} satisfies BodyContract;

/** What a revert did: the snapshot taken first ("Before revert to …") and how many keys changed. */
export interface RevertResult {
  before: SnapshotInfo;
  changed: number;
}

// ---------- exports and imports ----------

export const EXPORT_FORMATS = {
  json: { label: 'JSON', ext: 'json', type: 'application/json; charset=utf-8' },
  csv: { label: 'CSV', ext: 'csv', type: 'text/csv; charset=utf-8; header=present' },
  xlsx: { label: 'Excel (XLSX)', ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  md: { label: 'Markdown', ext: 'md', type: 'text/markdown; charset=utf-8' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const IMPORT_KINDS = ['json', 'csv'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** GET /api/matrices/:id/export?format=…[&snapshot=<sid>] */
export const ExportQuery = {
  schema: v.object(
    {
      format: v.picklist(Object.keys(EXPORT_FORMATS) as ExportFormat[], 'Choose an export format: ?format=json, csv, xlsx or md.'),
      snapshot: v.optional(v.string()),
    },
    'Choose an export format: ?format=json, csv, xlsx or md.',
  ),
  codes: { '': 'invalid-format' },
} satisfies BodyContract;

/** POST /api/matrices/:id/export-links: the same choice as the export's query, as a JSON body. */
export const ExportLinkBody = { schema: ExportQuery.schema, codes: { '': 'invalid-format' } } satisfies BodyContract;

/** A single-use download link (`/api/downloads/<id>`), carrying no token; it works once, until `expiresAt`. */
export interface ExportLink {
  url: string;
  expiresAt: string;
}

/** POST /api/import?kind=json|csv[&title=…] */
export const ImportQuery = {
  schema: v.object(
    { kind: v.picklist(IMPORT_KINDS, 'Say what the file is: ?kind=json or ?kind=csv.'), title: v.optional(v.string()) },
    'Say what the file is: ?kind=json or ?kind=csv.',
  ),
  codes: { '': 'invalid-kind' },
} satisfies BodyContract;

/** Largest file POST /api/import accepts. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export { CloseCode, CloseReason, closeAdvice, closeMessage, isDeadToken } from './close-codes.ts';
