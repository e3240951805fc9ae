/**
 * Exports and imports (README "Export formats", "Imports"):
 *   GET  /api/matrices/:id/export?format=json|csv|xlsx|md[&snapshot=<sid>]   the file (viewer+); JSON carries the library,
 *        the others each source's verification (computed here, against the library as it is now)
 *   POST /api/matrices/:id/export-links  { format, snapshot? }   -> 201 { url, expiresAt } (viewer+)
 *   GET  /api/downloads/:did             the file, once, within 60 s (the id is the permission)
 *   POST /api/import?kind=json|csv[&title=]         raw file body -> 201 ImportResult | 422 (create); a JSON file's
 *        documents are stored under their own ids
 */
import {
  EXPORT_FORMATS,
  ExportLinkBody,
  ExportQuery,
  ImportQuery,
  MAX_IMPORT_BYTES,
  type ExportFormat,
  type ExportLink,
  type ImportIssue,
  type ImportResult,
} from '../../shared/api.ts';
import { MatrixError } from '../../shared/errors.ts';
import type { ExportContext } from '../../shared/exports/common.ts';
import { exportJson } from '../../shared/exports/json.ts';
import { exportCsv } from '../../shared/exports/csv.ts';
import { contestedFromHistory } from '../../shared/history.ts';
import { exportMarkdown } from '../../shared/exports/markdown.ts';
import { asciiFileName, exportFileName } from '../../shared/exports/filename.ts';
import * as Y from 'yjs';
import { ImportLimitError, applyImportChunked, parseImportChunked, type ChunkOptions } from '../../shared/imports/index.ts';
import { DownloadLinks } from '../http/download-links.ts';
import { route, type Reply, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { storeWithLibrary } from '../new-matrix.ts';
import { DocumentError } from '../documents/errors.ts';
import { exportEvidence } from '../documents/evidence.ts';
import type { AppContext } from './context.ts';
import { versionReader, type Version } from './version-reader.ts';

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}

/** Parsing and building hand the event loop back between chunks of rows: other rooms keep being served. */
const CHUNKS: ChunkOptions = { yieldEvery: 500, yield: () => new Promise((resolve) => setImmediate(resolve)) };

/** An import past IMPORT_LIMITS: 413 for the size, 422 for the rest, naming the limit. */
function limitError(err: ImportLimitError): HttpError {
  return err.status === 413
    ? new HttpError(413, 'payload-too-large', err.message)
    : new HttpError(422, 'import-too-large', err.message, {}, [{ field: err.limit, message: err.message }]);
}

/** 422: the file was refused whole, nothing was imported. */
function invalidImport(details: ImportIssue[]): HttpError {
  const n = details.length;
  return new HttpError(422, 'invalid-import', `The file has ${n === 1 ? 'a problem' : `${n} problems`}; nothing was imported.`, {}, details);
}

interface ExportTarget {
  matrixId: string;
  format: ExportFormat;
  snapshot?: string | undefined;
}

export function fileRoutes(app: AppContext): Route[] {
  const { requireSnapshot, snapshotVersion, currentVersion } = versionReader(app);
  const downloads = new DownloadLinks<ExportTarget>(app.security.downloadLinkMs);

  async function exportFile({ matrixId: id, format, snapshot: sid }: ExportTarget): Promise<Reply> {
    const exportedAt = new Date();
    const context: ExportContext = { exportedAt, matrixId: id };
    let version: Version;
    if (sid) {
      const info = requireSnapshot(id, sid);
      version = snapshotVersion(id, info);
      context.snapshot = { id: info.id, name: info.name, createdAt: info.createdAt };
    } else {
      version = currentVersion(id);
    }
    const { matrix } = version;
    if (format !== 'json') context.evidence = exportEvidence(matrix, app.documents, id);
    context.contested = contestedFromHistory(version.extras.history);
    const body: string | Uint8Array =
      format === 'json'
        ? exportJson(matrix, context, { ...version.extras, documents: app.documents.exportAll(id) })
        : format === 'csv'
          ? exportCsv(matrix, context.evidence, context.contested)
          : format === 'xlsx'
            ? await (await import('../../shared/exports/xlsx.ts')).exportXlsx(matrix, context) // exceljs: loaded on first use
            : exportMarkdown(matrix, context);
    const { ext, type } = EXPORT_FORMATS[format];
    const fileName = exportFileName(matrix.meta.title, context.snapshot?.name ?? exportedAt, ext, { utc: true });
    return {
      bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      headers: { 'content-type': type, 'content-disposition': contentDisposition(fileName), 'cache-control': 'no-store' },
    };
  }

  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/export',
      needs: { role: 'viewer' },
      query: ExportQuery,
      handle: ({ id, query }) => exportFile({ matrixId: id, ...query }),
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/export-links',
      needs: { role: 'viewer' },
      body: { json: ExportLinkBody, limit: 1024 },
      handle: ({ id, body }) => {
        // Checked now, so a link is never handed out for a snapshot that is not there.
        if (body.snapshot) requireSnapshot(id, body.snapshot);
        const link = downloads.create({ matrixId: id, ...body });
        return { status: 201, json: { url: `/api/downloads/${link.id}`, expiresAt: link.expiresAt.toISOString() } satisfies ExportLink };
      },
    }),
    route({
      method: 'GET',
      path: '/api/downloads/:did',
      needs: {},
      handle: ({ params }) => exportFile(downloads.take(params.did ?? '')),
    }),
    route({
      method: 'POST',
      path: '/api/import',
      needs: { create: true },
      query: ImportQuery,
      body: { raw: true, limit: MAX_IMPORT_BYTES, tooLarge: `The file is larger than ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MiB.` },
      handle: async ({ query: { kind, title }, body: raw }) => {
        let content: string;
        try {
          content = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          throw invalidImport([{ message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" (or JSON) and try again.' }]);
        }
        const doc = new Y.Doc();
        let created;
        let format;
        try {
          const parsed = await parseImportChunked(content, kind, { title }, CHUNKS);
          if (!parsed.ok) throw invalidImport(parsed.errors);
          format = parsed.format;
          await applyImportChunked(doc, parsed.matrix, CHUNKS);
          created = storeWithLibrary(app.storage, app.links, doc, parsed.matrix.documents, app.documents);
        } catch (err) {
          if (err instanceof ImportLimitError) {
            app.log.warn('refused an import past a limit', { kind, limit: err.limit });
            throw limitError(err);
          }
          if (err instanceof DocumentError) throw invalidImport([{ field: 'documents', message: err.message }]);
          // The plan was validated; this would mean the validation missed a rule of the model.
          if (err instanceof MatrixError) throw invalidImport([{ message: err.message }]);
          throw err;
        } finally {
          doc.destroy();
        }
        app.log.info('imported a matrix', { matrix: created.id, kind, format });
        return { status: 201, json: { ...created, format } satisfies ImportResult };
      },
    }),
  ];
}
