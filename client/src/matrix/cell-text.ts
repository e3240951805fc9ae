import type { StanceLevel } from '../../../shared/scale.ts';
import { plural } from '../lib/plural.ts';
import type { CellSummary } from './cell-view.svelte.ts';

const QUOTE_PREVIEW = 220;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "Russia on 30-day ceasefire: C Conditional, 2 sources": what a screen reader announces, the visible symbol included (WCAG 2.5.3). */
export function cellLabel(party: string, issue: string, cell: CellSummary, level: StanceLevel | undefined): string {
  const count = cell.sources.length;
  const parts: string[] = [];
  if (cell.stance === null) parts.push('not coded');
  else parts.push(level ? `${level.symbol} ${level.label}` : cell.stance);
  if (count > 0) parts.push(plural(count, 'source'));
  else if (cell.stance !== null) parts.push('no sources');
  if (cell.note) parts.push('has a note');
  return `${party} on ${issue}: ${parts.join(', ')}`;
}

/** Hover text: the stance and the first quote. */
export function cellTooltip(cell: CellSummary, level: StanceLevel | undefined): string | undefined {
  const lines: string[] = [];
  if (cell.stance !== null) lines.push(level ? `${level.symbol}  ${level.label}` : cell.stance);
  const first = cell.sources[0];
  if (first) {
    lines.push(`“${clip(first.quote, QUOTE_PREVIEW)}”`);
    if (first.speaker) lines.push(`— ${first.speaker}`);
    if (cell.sources.length > 1) lines.push(`(+${plural(cell.sources.length - 1, 'more source')})`);
  } else if (cell.stance !== null) lines.push('Unsourced: add a source');
  if (cell.note) lines.push(`Note: ${clip(cell.note, QUOTE_PREVIEW)}`);
  return lines.length ? lines.join('\n') : undefined;
}
