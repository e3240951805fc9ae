/**
 * Health, configuration and matrices:
 *   GET  /healthz               status, rooms loaded, connections (open)
 *   GET  /api/config            { createTokenRequired, demoLinksHere } (open)
 *   GET  /api/matrices          list (the create token, when set)
 *   POST /api/matrices          { title, description? } -> 201 CreatedMatrix (the create token, when set)
 *   GET  /api/matrices/:id[?asOf=YYYY-MM-DD]  the whole matrix with its timeline, or as of that day, each source with
 *        its verification (viewer+)
 */
import * as Y from 'yjs';
import { AsOfQuery, NewMatrixBody, type CreatedMatrix, type Health, type MatrixList, type MatrixResponse, type ServerConfig } from '../../shared/api.ts';
import { MatrixError } from '../../shared/errors.ts';
import { countMatrix, initMatrix, readMeta } from '../../shared/matrix.ts';
import { asOf } from '../../shared/timeline/asof.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { route, type Route } from '../http/router.ts';
import { HttpError } from '../http/respond.ts';
import { storeNewMatrix } from '../new-matrix.ts';
import { withEvidence } from '../documents/evidence.ts';
import type { AppContext } from './context.ts';
import { demoLinksFor } from './demo.ts';

const startedAt = Date.now();

export function matrixRoutes(app: AppContext): Route[] {
  const { storage, rooms, auth, links, documents, log } = app;
  return [
    route({
      method: 'GET',
      path: '/healthz',
      needs: {},
      handle: () => {
        const health: Health = { status: 'ok', rooms: rooms.size, connections: rooms.connections, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
        return { json: health };
      },
    }),
    route({
      method: 'GET',
      path: '/api/config',
      needs: {},
      handle: ({ req }) => ({ json: { createTokenRequired: auth.createTokenRequired, demoLinksHere: demoLinksFor(app, req) !== null } satisfies ServerConfig }),
    }),
    route({
      method: 'GET',
      path: '/api/matrices',
      needs: { create: true },
      handle: () => {
        const matrices = storage.list().map((row) => {
          // A loaded room's live counts are fresher than the stored summary.
          const doc = rooms.loaded(row.id)?.load();
          return doc ? { ...row, title: readMeta(doc).title, counts: countMatrix(doc) } : row;
        });
        return { json: { matrices } satisfies MatrixList };
      },
    }),
    route({
      method: 'POST',
      path: '/api/matrices',
      needs: { create: true },
      body: { json: NewMatrixBody, limit: 64 * 1024 },
      handle: ({ body }) => {
        const doc = new Y.Doc();
        try {
          initMatrix(doc, body, SEED_ORIGIN);
          const created: CreatedMatrix = storeNewMatrix(storage, links, doc)!;
          log.info('created matrix', { matrix: created.id });
          return { status: 201, json: created };
        } catch (err) {
          if (err instanceof MatrixError) throw new HttpError(400, 'invalid-title', err.message);
          throw err;
        } finally {
          doc.destroy();
        }
      },
    }),
    route({
      method: 'GET',
      path: '/api/matrices/:id',
      needs: { role: 'viewer' },
      query: AsOfQuery,
      handle: ({ id, query: { asOf: day } }) => {
        const data = rooms.withDoc(id, (doc) => readTimelineData(doc));
        const view = day === undefined ? data : { ...asOf(data, day), asOf: day };
        const matrix: MatrixResponse = { id, ...view, updatedAt: storage.get(id)?.updatedAt ?? null };
        return { json: withEvidence(matrix, documents, id) };
      },
    }),
  ];
}
