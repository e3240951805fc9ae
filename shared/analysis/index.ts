/**
 * The live analysis of a matrix, pure over MatrixData (readTimelineData, or asOf of it), so the
 * server (GET /api/matrices/:id/analysis), the client and the exports compute the same figures.
 * Every figure is defined in README "Analysis".
 */
import type { MatrixData } from '../schema.ts';
import { clusterParties, type Clusters } from './clusters.ts';
import { codedCells } from './coded.ts';
import { analyseEvidence, type Evidence, type EvidenceOptions } from './evidence.ts';
import { analyseIssue, rankIssues, type IssueAnalysis } from './issues.ts';
import { analysePairs, type PairAnalysis } from './pairs.ts';

export type { Clusters, ClusterMerge, ClusterNode } from './clusters.ts';
export type { Evidence, EvidenceOptions, EvidenceRow } from './evidence.ts';
export type { IssueAnalysis } from './issues.ts';
export type { PairAnalysis } from './pairs.ts';

export interface Analysis {
  /** Ranked from consensus to split. */
  issues: IssueAnalysis[];
  /** Every pair of parties once, in party order. */
  pairs: PairAnalysis[];
  clusters: Clusters;
  evidence: Evidence;
}

export function analyseMatrix(data: MatrixData, options: EvidenceOptions = {}): Analysis {
  const coded = codedCells(data);
  const pairs = analysePairs(data, coded);
  return {
    issues: rankIssues(data.issues.map((i) => analyseIssue(data, coded, i.id))),
    pairs,
    clusters: clusterParties(
      data.parties.map((p) => p.id),
      pairs,
    ),
    evidence: analyseEvidence(data, coded, options),
  };
}
