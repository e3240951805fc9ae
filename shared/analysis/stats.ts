/** Descriptive statistics used by the analysis, each defined exactly (see README "Analysis"). */

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Middle value; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Population standard deviation: sqrt(Σ(x − mean)² / N), not the sample (N − 1) one. */
export function populationSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((a, x) => a + (x - m) ** 2, 0) / values.length);
}

/**
 * Weighted median: the value at which the cumulative weight first reaches half the total.
 * Values are sorted ascending (equal values pooled); with W the total weight and C(v) the weight
 * of values ≤ v, it is the smallest v with 2·C(v) ≥ W; when 2·C(v) = W exactly, the midpoint of v
 * and the next larger value (so equal weights give the ordinary median). Zero weights do not
 * count; null when no value has a positive weight. Weights are integers, so the tie test is exact.
 */
export function weightedMedian(items: readonly { value: number; weight: number }[]): number | null {
  const pooled = new Map<number, number>();
  for (const { value, weight } of items) if (weight > 0) pooled.set(value, (pooled.get(value) ?? 0) + weight);
  const sorted = [...pooled.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((a, [, w]) => a + w, 0);
  if (total === 0) return null;
  let cumulative = 0;
  for (let i = 0; i < sorted.length; i++) {
    const [value, weight] = sorted[i] ?? [0, 0];
    cumulative += weight;
    if (2 * cumulative > total) return value;
    if (2 * cumulative === total) return (value + (sorted[i + 1]?.[0] ?? value)) / 2;
  }
  return sorted[sorted.length - 1]?.[0] ?? null;
}
