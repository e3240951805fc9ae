/**
 * The issue ranking as an Observable Plot figure: one distribution bar per issue (consensus at
 * the top, split at the bottom), a segment per level in the scale's colour with its symbol and
 * count, levels without a value (Conditional, No public position) after a gap, and the
 * salience-weighted median marked (▼) where it falls in the bar.
 */
import * as Plot from '@observablehq/plot';
import type { IssueAnalysis } from '../../../shared/analysis/index.ts';
import type { StanceLevel } from '../../../shared/scale.ts';

/** Space between the valued levels and the ones outside the scale, in parties. */
const GAP = 0.4;

export interface Segment {
  issue: string;
  level: StanceLevel;
  count: number;
  x1: number;
  x2: number;
}

/** The bar segments of one issue, and where its weighted median falls (null: none). */
export function issueSegments(issue: IssueAnalysis, name: string, scale: readonly StanceLevel[]): { segments: Segment[]; median: number | null } {
  const levels = [...scale].sort((a, b) => a.order - b.order);
  const valued = levels.filter((l) => l.value !== null).sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  const apart = levels.filter((l) => l.value === null);
  const segments: Segment[] = [];
  let x = 0;
  for (const level of valued) {
    const count = issue.counts[level.id] ?? 0;
    if (count > 0) segments.push({ issue: name, level, count, x1: x, x2: x + count });
    x += count;
  }
  const wm = issue.weightedMedian;
  let median: number | null = null;
  if (wm !== null) {
    const exact = segments.find((s) => s.level.value === wm);
    if (exact) median = (exact.x1 + exact.x2) / 2;
    else median = segments.find((s) => (s.level.value ?? 0) > wm)?.x1 ?? null;
  }
  x += apart.some((l) => (issue.counts[l.id] ?? 0) > 0) ? GAP : 0;
  for (const level of apart) {
    const count = issue.counts[level.id] ?? 0;
    if (count > 0) segments.push({ issue: name, level, count, x1: x, x2: x + count });
    x += count;
  }
  return { segments, median };
}

export function issueChart(
  issues: readonly IssueAnalysis[],
  names: ReadonlyMap<string, string>,
  scale: readonly StanceLevel[],
  large: boolean,
  width: number,
): Element {
  const rows = issues.map((i) => ({ issue: i, name: names.get(i.issueId) ?? i.issueId }));
  const parts = rows.map((r) => ({ ...issueSegments(r.issue, r.name, scale), name: r.name, split: r.issue.split }));
  const segments = parts.flatMap((p) => p.segments);
  const medians = parts.filter((p) => p.median !== null).map((p) => ({ name: p.name, x: p.median as number }));
  const font = large ? 20 : 13;
  const rowHeight = large ? 36 : 26;
  const label = (name: string) => `${rows.find((r) => r.name === name)?.issue.split ? '⚡ ' : ''}${name}`;
  return Plot.plot({
    width: Math.max(320, width),
    height: rows.length * rowHeight + 40,
    marginLeft: Math.min(large ? 330 : 190, Math.round(width * 0.4)),
    marginRight: 16,
    style: { fontSize: `${font}px`, fontFamily: 'inherit', overflow: 'visible' },
    x: { label: null, grid: true, tickFormat: 'd' },
    y: { domain: rows.map((r) => r.name), label: null, tickFormat: label, padding: 0.18 },
    marks: [
      Plot.barX(segments, {
        x1: 'x1',
        x2: 'x2',
        y: 'issue',
        fill: (s: Segment) => s.level.color,
        stroke: '#374151',
        strokeWidth: 0.75,
        title: (s: Segment) => `${s.issue}: ${s.count} × ${s.level.symbol} ${s.level.label}`,
      }),
      Plot.text(segments, {
        x: (s: Segment) => (s.x1 + s.x2) / 2,
        y: 'issue',
        text: (s: Segment) => (s.count > 1 ? `${s.level.symbol}×${s.count}` : s.level.symbol),
        fill: (s: Segment) => s.level.textColor,
        fontWeight: 700,
      }),
      Plot.text(medians, { x: 'x', y: 'name', text: () => '▼', dy: -rowHeight / 2 + 2, fill: '#111827', fontSize: font }),
      Plot.ruleX([0]),
    ],
  });
}
