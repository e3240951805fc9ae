/**
 * The live analysis (README "Analysis"):
 *   GET /api/matrices/:id/analysis[?asOf=YYYY-MM-DD]   { issues, pairs, clusters, evidence } (viewer+)
 * Computed from the loaded room's live document when there is one, so it follows every edit.
 */
import { AsOfQuery, type AnalysisResponse } from '../../shared/api.ts';
import { analyseDoc } from '../../shared/analysis/doc.ts';
import { route, type Route } from '../http/router.ts';
import type { AppContext } from './context.ts';

export function analysisRoutes({ rooms }: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/analysis',
      needs: { role: 'viewer' },
      query: AsOfQuery,
      handle: ({ id, query: { asOf } }) => {
        const analysis: AnalysisResponse = rooms.withDoc(id, (doc) => analyseDoc(doc, asOf === undefined ? {} : { asOf }));
        return { json: analysis };
      },
    }),
  ];
}
