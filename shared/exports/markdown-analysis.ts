/**
 * The Markdown export's "Analysis" (issues ranked from consensus to split, the closest
 * coalitions) and "How positions moved" (events, then every cell with dated positions as a short
 * timeline) sections. Same pure functions as the live panel; user text escaped by the caller's
 * escapeMarkdown.
 */
import { analyseMatrix } from '../analysis/index.ts';
import type { MatrixData } from '../schema.ts';
import { positionsOf } from '../timeline/asof.ts';
import { gridCells, scaleById, stanceText } from './common.ts';

/** How many coalitions (first merges of the clustering) the briefing lists. */
export const TOP_COALITIONS = 5;

const figure = (x: number | null) => (x === null ? '–' : x.toFixed(2));

export function analysisSection(matrix: MatrixData, escape: (text: string) => string): string[] {
  const analysis = analyseMatrix(matrix);
  const issueName = new Map(matrix.issues.map((i) => [i.id, i.name]));
  const partyName = new Map(matrix.parties.map((p) => [p.id, p.name]));
  const out = ['## Analysis', '', 'Issues from consensus to split (values −3…+3; levels without a value are counted in n but not averaged):', ''];
  out.push('| Rank | Issue | n | Mean | Median | SD | Weighted median | Split |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const i of analysis.issues) {
    out.push(
      `| ${i.rank} | ${escape(issueName.get(i.issueId) ?? i.issueId)} | ${i.n} | ${figure(i.mean)} | ${figure(i.median)} | ${figure(i.sd)} | ${figure(i.weightedMedian)} | ${i.split ? 'split' : ''} |`,
    );
  }
  const coalitions = analysis.clusters.merges.filter((m) => m.distance !== null).slice(0, TOP_COALITIONS);
  if (coalitions.length) {
    out.push('', 'Closest coalitions (hierarchical clustering on agreement, closest first):', '');
    for (const m of coalitions) {
      out.push(`- ${m.parties.map((id) => escape(partyName.get(id) ?? id)).join(', ')}: agreement ${figure(1 - (m.distance ?? 1))}`);
    }
  }
  out.push('');
  return out;
}

/** Empty when nothing is dated (a matrix coded without a timeline). */
export function movesSection(matrix: MatrixData, escape: (text: string) => string): string[] {
  const levels = scaleById(matrix);
  const lines: string[] = [];
  for (const { party, issue, cell } of gridCells(matrix)) {
    const positions = cell ? positionsOf(cell) : [];
    if (!positions.some((p) => p.date !== '')) continue;
    const steps = positions.map((p) => {
      const level = levels.get(p.stance);
      return `${p.date || 'undated'}: ${escape(level ? stanceText(level) : p.stance)}`;
    });
    lines.push(`- **${escape(party.name)} — ${escape(issue.name)}:** ${steps.join(' → ')}`);
  }
  const events = matrix.events ?? [];
  if (!lines.length && !events.length) return [];
  const out = ['## How positions moved', ''];
  if (events.length) out.push(`Events: ${events.map((e) => `${e.date} ${escape(e.label)}`).join(' · ')}`, '');
  out.push(...lines, '');
  return out;
}
