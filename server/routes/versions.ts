/**
 * Snapshots, compare and restore (README "Versions"):
 *   POST /api/matrices/:id/snapshots                { name, note?, createdBy } -> 201 SnapshotInfo (editor+; quota 413/422)
 *   GET  /api/matrices/:id/snapshots                { snapshots: SnapshotInfo[] }, newest first (viewer+)
 *   GET  /api/matrices/:id/snapshots/:sid           the snapshot as MatrixData + { id, snapshot } (viewer+)
 *   POST /api/matrices/:id/snapshots/:sid/restore   { title? } -> 201 CreatedMatrix of a NEW matrix (editor+ and create)
 *   POST /api/matrices/:id/snapshots/:sid/revert    { by? } -> RevertResult: a snapshot "Before revert to …", then the
 *                                                   snapshot's content written on top of the live matrix (facilitator)
 *   GET  /api/matrices/:id/compare?from=&to=        <sid|current> each -> CompareResponse (viewer+)
 */
import * as Y from 'yjs';
import { NewSnapshotBody, RestoreBody, RevertBody, type CompareResponse, type RevertResult, type SnapshotList, type SnapshotView } from '../../shared/api.ts';
import { MatrixError } from '../../shared/errors.ts';
import { MAX_NAME_LENGTH, cleanName, countMatrix, readMatrix } from '../../shared/matrix.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { plainMatrix } from '../../shared/exports/common.ts';
import type { ImportPlan } from '../../shared/imports/index.ts';
import { compareMatrices } from '../../shared/versions/compare.ts';
import { revertDoc } from '../../shared/versions/revert.ts';
import { SERVER_CHANGE_ORIGIN } from '../../shared/origins.ts';
import type { VersionRef } from '../../shared/versions/snapshot.ts';
import { route, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { createMatrixFrom } from '../new-matrix.ts';
import type { AppContext } from './context.ts';
import { versionReader } from './version-reader.ts';

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

export function versionRoutes(app: AppContext): Route[] {
  const { rooms, snapshots, log } = app;
  const { snapshotsPerMatrix, snapshotBytesPerMatrix } = app.security.limits;

  /** The per-matrix snapshot quota: a count (422) and the stored bytes (413), each with what to do. */
  function checkQuota(matrixId: string, stateBytes: number): void {
    const used = snapshots.usage(matrixId);
    if (used.count >= snapshotsPerMatrix) {
      throw new HttpError(422, 'snapshot-quota', `This matrix already has ${used.count} snapshots, the most it may keep (${snapshotsPerMatrix}).`);
    }
    if (used.bytes + stateBytes > snapshotBytesPerMatrix) {
      throw new HttpError(
        413,
        'snapshot-quota',
        `This snapshot (${mib(stateBytes)}) would take the matrix's snapshots past ${mib(snapshotBytesPerMatrix)} (${mib(used.bytes)} stored).`,
      );
    }
  }
  const { requireSnapshot, snapshotVersion } = versionReader(app);

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

  return [
    route({
      method: 'POST',
      path: '/api/matrices/:id/snapshots',
      needs: { role: 'editor' },
      rateClass: 'create',
      body: { json: NewSnapshotBody, limit: 64 * 1024 },
      handle: ({ id, body }) => {
        const { state, counts } = rooms.withDoc(id, (doc) => ({ state: Y.encodeStateAsUpdate(doc), counts: countMatrix(doc) }));
        checkQuota(id, state.byteLength);
        const info = snapshots.create(id, { ...body, state, counts });
        log.info('took snapshot', { matrix: id, snapshot: info.id });
        return { status: 201, json: info };
      },
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id/snapshots',
      needs: { role: 'viewer' },
      handle: ({ id }) => ({ json: { snapshots: snapshots.list(id) } satisfies SnapshotList }),
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id/snapshots/:sid',
      needs: { role: 'viewer' },
      handle: ({ id, params }) => {
        const info = requireSnapshot(id, params.sid ?? '');
        const view: SnapshotView = { ...snapshotVersion(id, info).matrix, id, snapshot: info };
        return { json: view };
      },
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/snapshots/:sid/restore',
      needs: { role: 'editor', create: true },
      body: { json: RestoreBody, limit: 64 * 1024, optional: true },
      handle: ({ id, params, body }) => {
        const info = requireSnapshot(id, params.sid ?? '');
        // History and comments come along: the new matrix starts as the snapshot was, whole.
        const version = snapshotVersion(id, info);
        // The library comes along too (documents are not versioned: those still in it).
        const plan: ImportPlan = { ...plainMatrix(version.matrix), ...version.extras, documents: app.documents.exportAll(id) };
        try {
          plan.meta.title = cleanName(body.title ?? `${plan.meta.title} (${info.name})`.slice(0, MAX_NAME_LENGTH), 'Title');
        } catch (err) {
          if (err instanceof MatrixError) throw new HttpError(400, 'invalid-title', err.message);
          throw err;
        }
        const created = createMatrixFrom(app.storage, app.links, plan, app.documents);
        log.info('restored snapshot as a new matrix', { matrix: id, snapshot: info.id, created: created.id });
        return { status: 201, json: created };
      },
    }),
    route({
      method: 'POST',
      path: '/api/matrices/:id/snapshots/:sid/revert',
      needs: { role: 'facilitator' },
      body: { json: RevertBody, limit: 1024, optional: true },
      handle: ({ id, params, body }) => {
        const info = requireSnapshot(id, params.sid ?? '');
        const state = snapshots.state(id, info.id);
        if (!state) throw new HttpError(404, 'snapshot-not-found', `Matrix "${id}" has no snapshot "${info.id}".`);
        const by = body?.by || 'Facilitator';
        const room = rooms.get(id);
        try {
          // The current state is kept first, so the revert itself can be reverted.
          const before = room.change((doc) =>
            snapshots.create(id, {
              name: `Before revert to ${info.name}`.slice(0, MAX_NAME_LENGTH),
              note: '',
              createdBy: by,
              state: Y.encodeStateAsUpdate(doc),
              counts: countMatrix(doc),
            }),
          );
          const target = new Y.Doc();
          try {
            Y.applyUpdate(target, state);
            const { changedKeys } = room.change((doc) => revertDoc(doc, target, SERVER_CHANGE_ORIGIN, by));
            log.info('reverted matrix to a snapshot', { matrix: id, snapshot: info.id, before: before.id, changed: changedKeys });
            return { json: { before, changed: changedKeys } satisfies RevertResult };
          } finally {
            target.destroy();
          }
        } finally {
          rooms.released(id);
        }
      },
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id/compare',
      needs: { role: 'viewer' },
      handle: ({ id, url }) => {
        const from = version(id, url.searchParams.get('from'), 'from');
        const to = version(id, url.searchParams.get('to'), 'to');
        const result: CompareResponse = { from: from.ref, to: to.ref, ...compareMatrices(from.matrix, to.matrix) };
        return { json: result };
      },
    }),
  ];
}
