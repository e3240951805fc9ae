/**
 * The party alignment heat map as an Observable Plot figure: parties in the clustering's leaf
 * order on both axes (so coalitions show as blocks), each cell the pair's agreement as a number,
 * pairs sharing fewer than MIN_SHARED issues greyed out.
 */
import * as Plot from '@observablehq/plot';
import type { Analysis } from '../../../shared/analysis/index.ts';
import { clusterParties } from '../../../shared/analysis/clusters.ts';

/** Pairs with fewer shared issues than this are too thin to read as alignment. */
export const MIN_SHARED = 3;

export interface HeatCell {
  a: string;
  b: string;
  n: number;
  agreement: number | null;
  thin: boolean;
}

/** Both halves of the matrix (a × b and b × a), by party name. */
export function heatCells(analysis: Analysis, names: ReadonlyMap<string, string>): HeatCell[] {
  const name = (id: string) => names.get(id) ?? id;
  return analysis.pairs.flatMap((p) => {
    const cell = { n: p.n, agreement: p.agreement, thin: p.n < MIN_SHARED || p.agreement === null };
    return [
      { a: name(p.a), b: name(p.b), ...cell },
      { a: name(p.b), b: name(p.a), ...cell },
    ];
  });
}

/**
 * Parties in leaf order of a clustering on the pairs shown in colour only: a pair agreeing on one
 * shared issue would otherwise merge first and split the blocks the map is meant to show.
 */
export function heatmapOrder(analysis: Analysis, partyIds: readonly string[]): string[] {
  const solid = analysis.pairs.map((p) => (p.n < MIN_SHARED ? { ...p, n: 0, agreement: null } : p));
  return clusterParties(partyIds, solid).order;
}

export function heatmapChart(analysis: Analysis, names: ReadonlyMap<string, string>, large: boolean, width: number): Element {
  // `names` is in the matrix's party order (the clustering's tie-break).
  const order = heatmapOrder(analysis, [...names.keys()]).map((id) => names.get(id) ?? id);
  const cells = heatCells(analysis, names);
  const solid = cells.filter((c) => !c.thin);
  const thin = cells.filter((c) => c.thin);
  const font = large ? 20 : 12;
  const margin = large ? 210 : 150;
  const right = large ? 120 : 70; // the last rotated column label runs past the grid
  // Square cells filling the width given; on the projector the whole map fits below the bars.
  const fit = Math.floor((width - margin - right) / Math.max(1, order.length));
  const tall = large ? Math.floor((720 - margin) / Math.max(1, order.length)) : Infinity;
  const size = Math.max(14, Math.min(large ? 72 : 46, fit, tall));
  return Plot.plot({
    width: margin + size * order.length + right,
    height: margin + size * order.length,
    marginLeft: margin,
    marginTop: margin,
    marginBottom: 0,
    marginRight: right,
    style: { fontSize: `${font}px`, fontFamily: 'inherit' },
    x: { domain: order, axis: 'top', label: null, tickRotate: -50 },
    y: { domain: order, label: null },
    color: { type: 'linear', domain: [0, 1], range: ['#fff7ec', '#08306b'], interpolate: 'lab' },
    marks: [
      Plot.cell(solid, {
        x: 'a',
        y: 'b',
        fill: 'agreement',
        inset: 0.5,
        title: (c: HeatCell) => `${c.a} & ${c.b}: ${fmt(c.agreement)} over ${c.n} shared issues`,
      }),
      Plot.cell(thin, { x: 'a', y: 'b', fill: '#e5e7eb', inset: 0.5, title: (c: HeatCell) => `${c.a} & ${c.b}: only ${c.n} shared issue(s)` }),
      Plot.text(solid, {
        x: 'a',
        y: 'b',
        text: (c: HeatCell) => fmt(c.agreement),
        fill: (c: HeatCell) => ((c.agreement ?? 0) > 0.55 ? '#ffffff' : '#111827'),
        fontSize: Math.max(11, Math.min(font, size / 2.6)),
      }),
      Plot.text(thin, { x: 'a', y: 'b', text: (c: HeatCell) => `n${c.n}`, fill: '#6b7280', fontSize: Math.max(10, Math.min(font - 2, size / 3)) }),
    ],
  });
}

/** Agreement as a two-digit share ("83"), so the small cells stay readable. */
export function fmt(agreement: number | null): string {
  return agreement === null ? '–' : String(Math.round(agreement * 100));
}
