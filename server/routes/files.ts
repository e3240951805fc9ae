/**
 * Exports and imports (README "Export formats", "Imports"):
 *   GET  /api/matrices/:id/export?format=json|csv|xlsx|md[&snapshot=<sid>]   the file (viewer+)
 *   POST /api/import?kind=json|csv[&title=]         raw file body -> 201 ImportResult | 422 (create)
 */
import { EXPORT_FORMATS, ExportQuery, ImportQuery, MAX_IMPORT_BYTES, type ImportIssue, type ImportResult } from '../../shared/api.ts';
import { MatrixError } from '../../shared/errors.ts';
import type { ExportContext } from '../../shared/exports/common.ts';
import { exportJson } from '../../shared/exports/json.ts';
import { exportCsv } from '../../shared/exports/csv.ts';
import { contestedFromHistory } from '../../shared/history.ts';
import { exportXlsx } from '../../shared/exports/xlsx.ts';
import { exportMarkdown } from '../../shared/exports/markdown.ts';
import { asciiFileName, exportFileName } from '../../shared/exports/filename.ts';
import { parseImport } from '../../shared/imports/index.ts';
import { route, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { createMatrixFrom } from '../new-matrix.ts';
import type { AppContext } from './context.ts';
import { versionReader, type Version } from './version-reader.ts';

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}

/** 422: the file was refused whole, nothing was imported. */
function invalidImport(details: ImportIssue[]): HttpError {
  const n = details.length;
  return new HttpError(422, 'invalid-import', `The file has ${n === 1 ? 'a problem' : `${n} problems`}; nothing was imported.`, {}, details);
}

export function fileRoutes(app: AppContext): Route[] {
  const { requireSnapshot, snapshotVersion, currentVersion } = versionReader(app);

  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/export',
      needs: { role: 'viewer' },
      query: ExportQuery,
      handle: async ({ id, query: { format, snapshot: sid } }) => {
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
        context.contested = contestedFromHistory(version.extras.history);
        const body: string | Uint8Array =
          format === 'json'
            ? exportJson(matrix, context, version.extras)
            : format === 'csv'
              ? exportCsv(matrix, context.contested)
              : format === 'xlsx'
                ? await exportXlsx(matrix, context)
                : exportMarkdown(matrix, context);
        const { ext, type } = EXPORT_FORMATS[format];
        const fileName = exportFileName(matrix.meta.title, context.snapshot?.name ?? exportedAt, ext, { utc: true });
        return {
          bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
          headers: {
            'content-type': type,
            'content-disposition': contentDisposition(fileName),
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        };
      },
    }),
    route({
      method: 'POST',
      path: '/api/import',
      needs: { create: true },
      query: ImportQuery,
      body: { raw: true, limit: MAX_IMPORT_BYTES, tooLarge: `The file is larger than ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MiB.` },
      handle: ({ query: { kind, title }, body: raw }) => {
        let content: string;
        try {
          content = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          throw invalidImport([{ message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" (or JSON) and try again.' }]);
        }
        const parsed = parseImport(content, kind, { title });
        if (!parsed.ok) throw invalidImport(parsed.errors);
        let created;
        try {
          created = createMatrixFrom(app.storage, app.links, parsed.matrix);
        } catch (err) {
          // The plan was validated; this would mean the validation missed a rule of the model.
          if (err instanceof MatrixError) throw invalidImport([{ message: err.message }]);
          throw err;
        }
        app.log.info('imported a matrix', { matrix: created.id, kind, format: parsed.format });
        return { status: 201, json: { ...created, format: parsed.format } satisfies ImportResult };
      },
    }),
  ];
}
