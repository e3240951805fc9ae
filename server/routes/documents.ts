/**
 * The evidence library (README "Evidence library"):
 *   GET    /api/matrices/:id/documents                    { documents } with citedBy (viewer+)
 *   GET    /api/matrices/:id/documents/:docId             the document with its text and cited passages (viewer+)
 *   POST   /api/matrices/:id/documents                    JSON or multipart upload -> 201 DocumentSummary (editor+)
 *   POST   /api/matrices/:id/documents/extract            multipart upload -> ExtractedDocument, nothing stored (editor+)
 *   DELETE /api/matrices/:id/documents/:docId[?confirm=orphan]   -> DeletedDocument; 409 document-cited unless confirmed (editor+)
 * Adding and deleting follow the edit rule (a locked matrix: facilitators only) and update the
 * index in the room's Y.Doc, so everyone's list changes live.
 */
import type { IncomingMessage } from 'node:http';
import {
  DeleteDocumentQuery,
  MAX_DOCUMENT_UPLOAD_BYTES,
  NewDocumentBody,
  type DeletedDocument,
  type DocumentList,
  type DocumentSummary,
  type DocumentView,
  type ErrorBody,
  type ExtractedDocument,
} from '../../shared/api.ts';
import { canEdit } from '../../shared/access.ts';
import { citedPassages, citingSources } from '../../shared/evidence/citations.ts';
import { removeFromDocumentIndex, writeDocumentIndex } from '../../shared/evidence/library-index.ts';
import { isDocumentId } from '../../shared/evidence/source-evidence.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { DocumentError } from '../documents/errors.ts';
import { extractDocument, type UploadedFile } from '../documents/extract.ts';
import { documentErrorResponse } from '../documents/input.ts';
import { addDocument, deleteDocument, getDocument, listDocuments, type DocumentUpload } from '../documents/service.ts';
import { MAX_DOCUMENT_BYTES } from '../documents/store.ts';
import { validate } from '../http/body.ts';
import { HttpError } from '../http/respond.ts';
import { route, type Reply, type RequestContext, type Route } from '../http/router.ts';
import type { AppContext } from './context.ts';

const UPLOAD_BODY = {
  raw: true,
  limit: MAX_DOCUMENT_UPLOAD_BYTES,
  tooLarge: `The upload is larger than ${Math.round(MAX_DOCUMENT_UPLOAD_BYTES / 1024 / 1024)} MiB; a document may hold at most 2 MiB of text.`,
} as const;

/** A library refusal (413, 415, 422, 409 with existingId, 404) as the reply, in the API's error shape. */
async function libraryReply(handle: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await handle();
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    const { status, body } = documentErrorResponse(err);
    return { status, json: body };
  }
}

/** The body of POST …/documents or …/extract: JSON, or a multipart form with `file` and metadata fields. */
async function readUpload(req: IncomingMessage, raw: Buffer): Promise<DocumentUpload> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.');
    }
    return { kind: 'json', body: validate(NewDocumentBody, value) };
  }
  if (!type.includes('multipart/form-data')) {
    throw new HttpError(415, 'unsupported-media-type', 'Send JSON { title, text, … } or a multipart form with the file in the field "file".');
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new HttpError(400, 'invalid-body', 'The upload is not a readable multipart form.');
  }
  const file = form.get('file');
  if (!(file instanceof Blob)) throw new DocumentError('invalid-document', 'Attach the document as the form field "file".');
  const fields: Partial<Record<string, string>> = {};
  form.forEach((value, key) => {
    if (key !== 'file' && typeof value === 'string') fields[key] = value;
  });
  const uploaded: UploadedFile = {
    filename: file instanceof File ? file.name : '',
    contentType: file.type,
    bytes: new Uint8Array(await file.arrayBuffer()),
  };
  return { kind: 'file', file: uploaded, fields };
}

/** The library's write rule is the edit rule: a locked matrix takes changes from facilitators only. */
function requireEdit({ grant }: RequestContext<unknown, unknown>, locked: boolean): void {
  if (!canEdit(grant!.role, locked)) throw new HttpError(403, 'forbidden', 'The facilitator has locked this matrix: its library cannot change now.');
}

function requireDocumentId(docId: string | undefined): string {
  if (!isDocumentId(docId)) throw new DocumentError('document-not-found', 'This document is not in the library (it may have been deleted).');
  return docId;
}

export function documentRoutes({ rooms, documents, lock, log }: AppContext): Route[] {
  const matrixOf = (id: string) => rooms.withDoc(id, readMatrix);

  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/documents',
      needs: { role: 'viewer' },
      handle: ({ id }) => ({ json: listDocuments(documents, id, matrixOf(id)) satisfies DocumentList }),
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id/documents/:docId',
      needs: { role: 'viewer' },
      handle: ({ id, params }) =>
        libraryReply(() => {
          const document = getDocument(documents, id, requireDocumentId(params.docId));
          const matrix = matrixOf(id);
          const cited = citedPassages(matrix, document.id, document.text);
          const citedBy = citingSources(matrix, document.id).length;
          return { json: { ...document, citedBy, cited } satisfies DocumentView };
        }),
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/documents',
      needs: { role: 'editor' },
      body: UPLOAD_BODY,
      handle: (ctx) =>
        libraryReply(async () => {
          const { id, req, body } = ctx;
          requireEdit(ctx, lock.isLocked(id));
          const upload = await readUpload(req, body);
          const addedBy = upload.kind === 'json' ? ((upload.body as { addedBy?: string }).addedBy ?? '') : (upload.fields.addedBy ?? '');
          const { document, index } = await addDocument(documents, id, upload, addedBy);
          // Should storing the index update fail, the room keeps the entry and its next compaction
          // stores it (RoomStorage.append), so the document stays too; the request is a 500.
          rooms.write(id, (doc) => writeDocumentIndex(doc, [index], SERVER_ORIGIN));
          log.info('added a document', { matrix: id, document: document.id, chars: document.chars });
          const { text: _text, matrixId: _m, ...info } = document;
          return { status: 201, json: { ...info, citedBy: 0 } satisfies DocumentSummary };
        }),
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/documents/extract',
      needs: { role: 'editor' },
      body: UPLOAD_BODY,
      handle: ({ req, body }) =>
        libraryReply(async () => {
          const upload = await readUpload(req, body);
          if (upload.kind !== 'file') throw new HttpError(415, 'unsupported-media-type', 'Send the file as a multipart form, in the field "file".');
          const extracted = await extractDocument(upload.file);
          if (Buffer.byteLength(extracted.text, 'utf8') > MAX_DOCUMENT_BYTES) {
            throw new DocumentError('document-too-large', 'This file has more than 2 MiB of text. Split it, or add only the part you quote.');
          }
          return { json: { ...extracted, chars: extracted.text.length } satisfies ExtractedDocument };
        }),
    }),
    route({
      method: 'DELETE',
      path: '/api/matrices/:id/documents/:docId',
      needs: { role: 'editor' },
      query: DeleteDocumentQuery,
      handle: (ctx) =>
        libraryReply(() => {
          const { id, params, query } = ctx;
          requireEdit(ctx, lock.isLocked(id));
          const docId = requireDocumentId(params.docId);
          const matrix = matrixOf(id);
          const citing = citingSources(matrix, docId);
          if (citing.length > 0 && query.confirm !== 'orphan' && documents.get(id, docId)) {
            const n = citing.length;
            const body: ErrorBody = {
              error: {
                code: 'document-cited',
                message: `${n} source${n === 1 ? ' cites' : 's cite'} this document; they would keep their quote but lose their document. Confirm with ?confirm=orphan.`,
                citing: citing.map((c) => ({ partyId: c.partyId, issueId: c.issueId, sourceId: c.source.id, quote: c.source.quote })),
              },
            };
            return { status: 409, json: body };
          }
          const result: DeletedDocument = deleteDocument(documents, id, docId, matrix);
          rooms.write(id, (doc) => removeFromDocumentIndex(doc, docId, SERVER_ORIGIN));
          log.info('deleted a document', { matrix: id, document: docId, orphaned: result.orphaned });
          return { json: result };
        }),
    }),
  ];
}
