/**
 * The evidence GET /api/matrices/:id and the exports add to a matrix: each source's verification against the
 * library as it is now, and the counts of the statuses. Applied to whatever the handler reads.
 */
import type { VerificationSummary, WithEvidence } from '../../shared/api.ts';
import { withVerification } from '../../shared/evidence/citations.ts';
import { countVerification } from '../../shared/evidence/verify.ts';
import type { ExportEvidence } from '../../shared/exports/common.ts';
import type { MatrixData } from '../../shared/schema.ts';
import type { DocumentStore } from './store.ts';

export function withEvidence<M extends MatrixData>(data: M, store: DocumentStore, matrixId: string): WithEvidence<M> {
  const verified = withVerification(data, (id) => store.get(matrixId, id)?.text);
  return { ...verified, verification: summarise(verified.cells.flatMap((c) => c.sources.map((s) => s.verification))) } as unknown as WithEvidence<M>;
}

export function summarise(results: Parameters<typeof countVerification>[0]): VerificationSummary {
  const counts = countVerification(results);
  return {
    total: counts.verified + counts.altered + counts['not-found'] + counts['no-document'],
    verified: counts.verified,
    altered: counts.altered,
    notFound: counts['not-found'],
    noDocument: counts['no-document'],
  };
}

/** The statuses and titles an export prints (shared/exports stay pure: this is their data). */
export function exportEvidence(data: MatrixData, store: DocumentStore, matrixId: string): ExportEvidence {
  const verified = withVerification(data, (id) => store.get(matrixId, id)?.text);
  const status: ExportEvidence['status'] = {};
  for (const c of verified.cells) for (const s of c.sources) status[s.id] = s.verification.status;
  return { status, titles: Object.fromEntries(store.list(matrixId).map((d) => [d.id, d.title])) };
}
