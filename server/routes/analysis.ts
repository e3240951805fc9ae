/**
 * The live analysis (README "Analysis"):
 *   GET /api/matrices/:id/analysis[?asOf=YYYY-MM-DD]   { issues, pairs, clusters, evidence } (viewer+)
 * Computed from the loaded room's live document when there is one, so it follows every edit.
 */
import { AsOfQuery, type AnalysisResponse } from '../../shared/api.ts';
import { analyseDoc } from '../../shared/analysis/doc.ts';
import { verify } from '../../shared/evidence/verify.ts';
import type { Source } from '../../shared/schema.ts';
import { route, type Route } from '../http/router.ts';
import type { AppContext } from './context.ts';

export function analysisRoutes({ rooms, documents }: AppContext): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/matrices/:id/analysis',
      needs: { role: 'viewer' },
      query: AsOfQuery,
      handle: ({ id, query: { asOf } }) => {
        // Evidence health counts a source when it is a direct statement whose quote verifies against its document.
        const texts = new Map<string, string | undefined>();
        const textOf = (docId: string) => {
          if (!texts.has(docId)) texts.set(docId, documents.get(id, docId)?.text);
          return texts.get(docId);
        };
        const isVerifiedDirect = (s: Source) =>
          (s.kind ?? 'direct') === 'direct' && verify(s, s.documentId ? textOf(s.documentId) : undefined).status === 'verified';
        const analysis: AnalysisResponse = rooms.withDoc(id, (doc) => analyseDoc(doc, { isVerifiedDirect, ...(asOf === undefined ? {} : { asOf }) }));
        return { json: analysis };
      },
    }),
  ];
}
