/**
 * Printing: one table per scenario, and the closing summary (scenario | ours | reference |
 * hocuspocus-mem | hocuspocus-sqlite | ours/ref | ours/best | target | met?). "best" is the best
 * peer (reference or either Hocuspocus) on that line; met? needs the target and the best
 * peer beaten (or equalled).
 */
import type { ServerKind } from './servers.ts';
import { ALL_SERVER_KINDS, SERVER_KINDS } from './servers.ts';

export type Values = Partial<Record<ServerKind, number>>;

export interface SummaryLine {
  scenario: string;
  values: Values;
  unit: 'ms' | 'KB' | 'MB' | 'edits/s' | 'count';
  /** Lower is better for latency and memory; higher for throughput and connections held. */
  better: 'lower' | 'higher';
  target: string;
  /** The target on ours (given the line's values), without the best-peer condition. */
  meetsTarget: (v: Values) => boolean;
}

const lines: SummaryLine[] = [];

export function record(line: SummaryLine): void {
  lines.push(line);
}

export function fmt(n: number | undefined, unit: SummaryLine['unit']): string {
  if (n === undefined) return '—';
  if (!Number.isFinite(n)) return String(n);
  switch (unit) {
    case 'ms':
      return `${n.toFixed(1)} ms`;
    case 'KB':
      return `${n.toFixed(1)} KB`;
    case 'MB':
      return `${n.toFixed(1)} MB`;
    case 'edits/s':
      return `${Math.round(n)}/s`;
    case 'count':
      return String(Math.round(n));
  }
}

export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}

/** The best of the peers (everything but ours) on a line. */
export function bestPeer(v: Values, better: SummaryLine['better']): number | undefined {
  const peers = SERVER_KINDS.filter((k) => k !== 'ours')
    .map((k) => v[k])
    .filter((n): n is number => n !== undefined && Number.isFinite(n));
  if (peers.length === 0) return undefined;
  return better === 'lower' ? Math.min(...peers) : Math.max(...peers);
}

function met(line: SummaryLine): string {
  const ours = line.values.ours;
  if (ours === undefined || !Number.isFinite(ours)) return '—';
  const best = bestPeer(line.values, line.better);
  const beatsPeers = best === undefined || (line.better === 'lower' ? ours <= best : ours >= best);
  return line.meetsTarget(line.values) && beatsPeers ? 'yes' : 'no';
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const row = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [row(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(row)].join('\n');
}

/** A scenario's own table: one row per server, its figures, and ratios of the headline figure. */
export function scenarioTable(
  columns: string[],
  rows: Partial<Record<ServerKind, string[]>>,
  headline?: { values: Values; better: SummaryLine['better'] },
): string {
  const header = ['server', ...columns, ...(headline ? ['ours/x'] : [])];
  const out: string[][] = [];
  for (const kind of ALL_SERVER_KINDS) {
    const r = rows[kind];
    if (!r) continue;
    const cells = [kind, ...r];
    if (headline) cells.push(kind === 'ours' ? '' : ratio(headline.values.ours, headline.values[kind]));
    out.push(cells);
  }
  return table(header, out);
}

export function printSummary(): void {
  if (lines.length === 0) return;
  console.log('\nSummary (ours/best: against the best peer on that line; met?: the target and every peer beaten; null, when run, is a floor, not a peer)');
  const kinds = ALL_SERVER_KINDS.filter((k) => SERVER_KINDS.includes(k) || lines.some((l) => l.values[k] !== undefined));
  const rows = lines.map((l) => [
    l.scenario,
    ...kinds.map((k) => fmt(l.values[k], l.unit)),
    ratio(l.values.ours, l.values.reference),
    ratio(l.values.ours, bestPeer(l.values, l.better)),
    l.target,
    met(l),
  ]);
  console.log(table(['scenario', ...kinds, 'ours/ref', 'ours/best', 'target', 'met?'], rows));
}
