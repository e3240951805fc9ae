/**
 * Versions, exports and imports over HTTP:
 *   POST /api/matrices/:id/snapshots                { name, note?, createdBy } -> 201 SnapshotInfo
 *   GET  /api/matrices/:id/snapshots                { snapshots: SnapshotInfo[] }, newest first
 *   GET  /api/matrices/:id/snapshots/:sid           the snapshot as MatrixData + { id, snapshot }
 *   POST /api/matrices/:id/snapshots/:sid/restore   { title? } -> 201 { id, title, tokens } of a NEW matrix
 *   GET  /api/matrices/:id/compare?from=&to=        <sid|current> each -> CompareResponse
 *   GET  /api/matrices/:id/export?format=json|csv|xlsx|md[&snapshot=<sid>]   the file
 *   POST /api/import?kind=json|csv[&title=]         raw file body -> 201 { id, title, format, tokens } | 422
 * Every route declares what it needs (a role on the matrix, the create token); `authorize`
 * (server/auth.ts) checks it after the matrix is known to exist (404 before 401) and before
 * the handler runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { MatrixError } from '../shared/errors.ts';
import { ITEM_ID_PATTERN, isMatrixId } from '../shared/ids.ts';
import { MAX_NAME_LENGTH, cleanName, countMatrix, readMatrix } from '../shared/matrix.ts';
import type { MatrixData } from '../shared/schema.ts';
import { plainMatrix, type ExportContext } from '../shared/exports/common.ts';
import { exportJson, readExtras, type MatrixExtras } from '../shared/exports/json.ts';
import { exportCsv } from '../shared/exports/csv.ts';
import { exportXlsx, XLSX_MIME } from '../shared/exports/xlsx.ts';
import { exportMarkdown } from '../shared/exports/markdown.ts';
import { asciiFileName, exportFileName } from '../shared/exports/filename.ts';
import { applyImport, parseImport, type ImportKind, type ImportPlan } from '../shared/imports/index.ts';
import { compareMatrices } from '../shared/versions/compare.ts';
import {
  MAX_SNAPSHOT_NAME_LENGTH,
  MAX_SNAPSHOT_NOTE_LENGTH,
  versionFromState,
  type CompareResponse,
  type SnapshotInfo,
  type SnapshotView,
  type VersionRef,
} from '../shared/versions/snapshot.ts';
import type { Storage } from './storage.ts';
import type { Rooms } from './rooms.ts';
import type { Logger } from './log.ts';
import type { SnapshotStore } from './snapshots.ts';
import type { ShareLinks } from './share-links.ts';
import type { Authorize, Needs } from './auth.ts';
import { storeNewMatrix, type CreatedMatrix } from './new-matrix.ts';
import { HttpError, readJsonBody, sendJson } from './http-util.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export const EXPORT_FORMATS = {
  json: { ext: 'json', type: 'application/json; charset=utf-8' },
  csv: { ext: 'csv', type: 'text/csv; charset=utf-8; header=present' },
  xlsx: { ext: 'xlsx', type: XLSX_MIME },
  md: { ext: 'md', type: 'text/markdown; charset=utf-8' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

interface Params {
  id: string;
  sid: string;
}

interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  needs: Needs;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, params: Params): Promise<void> | void;
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}

async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'payload-too-large', `The file is larger than ${Math.round(limit / 1024 / 1024)} MiB.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON object body, or {} when there is no body at all. */
async function readOptionalJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return {};
  const body = await readJsonBody(req, 64 * 1024);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid-body', 'Send a JSON object.');
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, key: string, code: string, what: string, max: number, required: boolean): string {
  const v = body[key];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string') throw new HttpError(400, code, `${what} must be text: { "${key}": "…" }.`);
  const clean = v.replace(/\s+/g, ' ').trim();
  if (required && !clean) throw new HttpError(400, code, `${what} cannot be empty.`);
  if (clean.length > max) throw new HttpError(400, code, `${what} is longer than ${max} characters.`);
  return clean;
}

export function createVersionsApi(deps: { storage: Storage; rooms: Rooms; snapshots: SnapshotStore; links: ShareLinks; log: Logger; authorize: Authorize }) {
  const { storage, rooms, snapshots, links, log } = deps;

  function requireMatrix(id: string): void {
    if (!isMatrixId(id)) throw new HttpError(400, 'invalid-matrix-id', 'Matrix ids are 3–64 lowercase letters, digits or "-".');
    if (!rooms.loaded(id) && !storage.exists(id)) throw new HttpError(404, 'not-found', `There is no matrix "${id}".`);
  }

  function requireSnapshot(matrixId: string, sid: string): SnapshotInfo {
    const info = ITEM_ID_PATTERN.test(sid) ? snapshots.get(matrixId, sid) : undefined;
    if (!info) throw new HttpError(404, 'snapshot-not-found', `Matrix "${matrixId}" has no snapshot "${sid}".`);
    return info;
  }

  interface Version {
    matrix: MatrixData;
    extras: MatrixExtras;
  }

  function snapshotVersion(matrixId: string, info: SnapshotInfo): Version {
    const state = snapshots.state(matrixId, info.id);
    if (!state) throw new HttpError(404, 'snapshot-not-found', `Matrix "${matrixId}" has no snapshot "${info.id}".`);
    return versionFromState(state);
  }

  const currentVersion = (matrixId: string): Version => rooms.withDoc(matrixId, (doc) => ({ matrix: readMatrix(doc), extras: readExtras(doc) }));

  /** A version named by a query parameter: "current" or a snapshot id. */
  function version(matrixId: string, which: string | null, param: string): { ref: VersionRef; matrix: MatrixData } {
    if (!which) throw new HttpError(400, 'invalid-version', `Say which version to compare: ?${param}=current or ?${param}=<snapshot id>.`);
    if (which === 'current') return { ref: { kind: 'current' }, matrix: rooms.withDoc(matrixId, readMatrix) };
    const info = requireSnapshot(matrixId, which);
    return {
      ref: { kind: 'snapshot', id: info.id, name: info.name, createdAt: info.createdAt, createdBy: info.createdBy },
      matrix: snapshotVersion(matrixId, info).matrix,
    };
  }

  /** Stores a new matrix built from `plan`, with its links (the same steps as POST /api/matrices). */
  function createMatrixFrom(plan: ImportPlan): CreatedMatrix {
    const doc = new Y.Doc();
    try {
      applyImport(doc, plan);
      return storeNewMatrix(storage, links, doc)!;
    } finally {
      doc.destroy();
    }
  }

  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/api\/matrices\/([^/]+)\/snapshots$/,
      needs: { role: 'editor' },
      async handle(req, res, _url, { id }) {
        const body = await readJsonBody(req, 64 * 1024);
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new HttpError(400, 'invalid-body', 'Send { "name": "…", "createdBy": "…" }.');
        const fields = body as Record<string, unknown>;
        const name = text(fields, 'name', 'invalid-name', 'The snapshot name', MAX_SNAPSHOT_NAME_LENGTH, true);
        const createdBy = text(fields, 'createdBy', 'invalid-created-by', 'createdBy (who takes the snapshot)', MAX_NAME_LENGTH, true);
        const noteValue = fields.note;
        if (noteValue !== undefined && typeof noteValue !== 'string') throw new HttpError(400, 'invalid-note', 'The note must be text.');
        const note = (noteValue ?? '').trim();
        if (note.length > MAX_SNAPSHOT_NOTE_LENGTH) throw new HttpError(400, 'invalid-note', `The note is longer than ${MAX_SNAPSHOT_NOTE_LENGTH} characters.`);
        const { state, counts } = rooms.withDoc(id, (doc) => ({ state: Y.encodeStateAsUpdate(doc), counts: countMatrix(doc) }));
        const info = snapshots.create(id, { name, note, createdBy, state, counts });
        log.info('took snapshot', { matrix: id, snapshot: info.id });
        sendJson(res, 201, info);
      },
    },
    {
      method: 'GET',
      path: /^\/api\/matrices\/([^/]+)\/snapshots$/,
      needs: { role: 'viewer' },
      handle(_req, res, _url, { id }) {
        sendJson(res, 200, { snapshots: snapshots.list(id) });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/matrices\/([^/]+)\/snapshots\/([^/]+)$/,
      needs: { role: 'viewer' },
      handle(_req, res, _url, { id, sid }) {
        const info = requireSnapshot(id, sid);
        const view: SnapshotView = { ...snapshotVersion(id, info).matrix, id, snapshot: info };
        sendJson(res, 200, view);
      },
    },
    {
      method: 'POST',
      path: /^\/api\/matrices\/([^/]+)\/snapshots\/([^/]+)\/restore$/,
      needs: { role: 'editor', create: true },
      async handle(req, res, _url, { id, sid }) {
        const info = requireSnapshot(id, sid);
        const body = await readOptionalJsonObject(req);
        // History and comments come along: the new matrix starts as the snapshot was, whole.
        const version = snapshotVersion(id, info);
        const plan: ImportPlan = { ...plainMatrix(version.matrix), ...version.extras };
        const wanted = body.title === undefined ? `${plan.meta.title} (${info.name})`.slice(0, MAX_NAME_LENGTH) : body.title;
        if (typeof wanted !== 'string') throw new HttpError(400, 'invalid-title', 'The title must be text.');
        try {
          plan.meta.title = cleanName(wanted, 'Title');
        } catch (err) {
          if (err instanceof MatrixError) throw new HttpError(400, 'invalid-title', err.message);
          throw err;
        }
        const created = createMatrixFrom(plan);
        log.info('restored snapshot as a new matrix', { matrix: id, snapshot: sid, created: created.id });
        sendJson(res, 201, created);
      },
    },
    {
      method: 'GET',
      path: /^\/api\/matrices\/([^/]+)\/compare$/,
      needs: { role: 'viewer' },
      handle(_req, res, url, { id }) {
        const from = version(id, url.searchParams.get('from'), 'from');
        const to = version(id, url.searchParams.get('to'), 'to');
        const result: CompareResponse = { from: from.ref, to: to.ref, ...compareMatrices(from.matrix, to.matrix) };
        sendJson(res, 200, result);
      },
    },
    {
      method: 'GET',
      path: /^\/api\/matrices\/([^/]+)\/export$/,
      needs: { role: 'viewer' },
      async handle(_req, res, url, { id }) {
        const format = url.searchParams.get('format') ?? '';
        if (!Object.hasOwn(EXPORT_FORMATS, format)) {
          throw new HttpError(400, 'invalid-format', 'Choose an export format: ?format=json, csv, xlsx or md.');
        }
        const { ext, type } = EXPORT_FORMATS[format as ExportFormat];
        const sid = url.searchParams.get('snapshot');
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
        const body: string | Uint8Array =
          format === 'json'
            ? exportJson(matrix, context, version.extras)
            : format === 'csv'
              ? exportCsv(matrix)
              : format === 'xlsx'
                ? await exportXlsx(matrix, context)
                : exportMarkdown(matrix, context);
        const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
        const fileName = exportFileName(matrix.meta.title, context.snapshot?.name ?? exportedAt, ext, { utc: true });
        res.writeHead(200, {
          'content-type': type,
          'content-disposition': contentDisposition(fileName),
          'content-length': bytes.byteLength,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(bytes);
      },
    },
    {
      method: 'POST',
      path: /^\/api\/import$/,
      needs: { create: true },
      async handle(req, res, url) {
        const kind = url.searchParams.get('kind');
        if (kind !== 'json' && kind !== 'csv') throw new HttpError(400, 'invalid-kind', 'Say what the file is: ?kind=json or ?kind=csv.');
        const raw = await readRawBody(req, MAX_IMPORT_BYTES);
        const invalid = (details: { line?: number; column?: number; field?: string; message: string }[]) => {
          const n = details.length;
          sendJson(res, 422, {
            error: {
              code: 'invalid-import',
              message: `The file has ${n === 1 ? 'a problem' : `${n} problems`}; nothing was imported.`,
              details,
            },
          });
        };
        let content: string;
        try {
          content = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          return invalid([{ message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" (or JSON) and try again.' }]);
        }
        const title = url.searchParams.get('title') ?? undefined;
        const parsed = parseImport(content, kind as ImportKind, { title });
        if (!parsed.ok) return invalid(parsed.errors);
        let created: CreatedMatrix;
        try {
          created = createMatrixFrom(parsed.matrix);
        } catch (err) {
          // The plan was validated; this would mean the validation missed a rule of the model.
          if (err instanceof MatrixError) return invalid([{ message: err.message }]);
          throw err;
        }
        log.info('imported a matrix', { matrix: created.id, kind, format: parsed.format });
        sendJson(res, 201, { ...created, format: parsed.format });
      },
    },
  ];

  return async function handleVersions(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    let matched: { route: Route; m: RegExpExecArray } | null = null;
    let pathMatched = false;
    for (const route of routes) {
      const m = route.path.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method === req.method) {
        matched = { route, m };
        break;
      }
    }
    if (!matched) {
      if (pathMatched) throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${url.pathname}.`);
      return false;
    }
    const { route, m } = matched;
    let params: Params;
    try {
      params = { id: decodeURIComponent(m[1] ?? ''), sid: decodeURIComponent(m[2] ?? '') };
    } catch {
      throw new HttpError(400, 'invalid-matrix-id', 'The address is not valid.');
    }
    const matrixId = route.needs.role ? params.id : null;
    if (matrixId !== null) requireMatrix(matrixId);
    deps.authorize(req, url, matrixId, route.needs);
    await route.handle(req, res, url, params);
    return true;
  };
}
