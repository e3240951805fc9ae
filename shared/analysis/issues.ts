/** Per-issue figures: distribution, centre, spread, salience-weighted median and polarisation. */
import type { MatrixData } from '../schema.ts';
import type { Coded } from './coded.ts';
import { mean, median, populationSd, weightedMedian } from './stats.ts';

/** Values at or beyond these count as a pole for polarisation. */
export const POLE_LOW = -2;
export const POLE_HIGH = 2;

export interface IssueAnalysis {
  issueId: string;
  /** Parties coded on the issue, at any level. */
  n: number;
  /** Parties at a level with a value (the ones averaged). */
  valued: number;
  /** Parties per level id, every level of the scale listed (0 when none); null-value levels included. */
  counts: Record<string, number>;
  mean: number | null;
  median: number | null;
  /** Population standard deviation of the values. */
  sd: number | null;
  /** Salience-weighted median of the values (see stats.ts weightedMedian). */
  weightedMedian: number | null;
  /** Share of the n coded parties at a value ≤ −2. */
  low: number;
  /** Share of the n coded parties at a value ≥ +2. */
  high: number;
  /** 2 · min(low, high): 0 when one pole is empty, 1 when half the coded parties sit at each. */
  polarisation: number;
  /** Both poles present: at least one party at ≤ −2 and one at ≥ +2. */
  split: boolean;
  /** 1 = most consensual; see rankIssues. */
  rank: number;
}

export function analyseIssue(data: MatrixData, coded: Coded, issueId: string): Omit<IssueAnalysis, 'rank'> {
  const cells = coded.cells.filter((c) => c.issueId === issueId);
  const counts: Record<string, number> = {};
  for (const level of data.scale) counts[level.id] = 0;
  for (const c of cells) counts[c.level.id] = (counts[c.level.id] ?? 0) + 1;
  const valued = cells.filter((c): c is typeof c & { value: number } => c.value !== null);
  const values = valued.map((c) => c.value);
  const n = cells.length;
  const low = n === 0 ? 0 : values.filter((v) => v <= POLE_LOW).length / n;
  const high = n === 0 ? 0 : values.filter((v) => v >= POLE_HIGH).length / n;
  return {
    issueId,
    n,
    valued: values.length,
    counts,
    mean: mean(values),
    median: median(values),
    sd: populationSd(values),
    weightedMedian: weightedMedian(valued.map((c) => ({ value: c.value, weight: c.salience }))),
    low,
    high,
    polarisation: 2 * Math.min(low, high),
    split: low > 0 && high > 0,
  };
}

/**
 * Consensus first, split last: issues without a split before split ones, then by polarisation,
 * then by spread (sd), then in the matrix's issue order. Issues with no valued party go last.
 */
export function rankIssues(list: readonly Omit<IssueAnalysis, 'rank'>[]): IssueAnalysis[] {
  const group = (i: Omit<IssueAnalysis, 'rank'>) => (i.valued === 0 ? 2 : i.split ? 1 : 0);
  return list
    .map((item, order) => ({ item, order }))
    .sort(
      (a, b) =>
        group(a.item) - group(b.item) || a.item.polarisation - b.item.polarisation || (a.item.sd ?? Infinity) - (b.item.sd ?? Infinity) || a.order - b.order,
    )
    .map(({ item }, k) => ({ ...item, rank: k + 1 }));
}
