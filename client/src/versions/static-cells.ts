/** Plain lookups over MatrixData for the read-only grids (view, compare, PNG, print). */
import { cellKey, type Cell, type MatrixData } from '../../../shared/schema.ts';
import type { CellChange, StanceRef } from '../../../shared/versions/compare.ts';

export function cellMap(data: MatrixData): Map<string, Cell> {
  return new Map(data.cells.map((cell) => [cellKey(cell.partyId, cell.issueId), cell]));
}

export function changeMap(changes: readonly CellChange[]): Map<string, CellChange> {
  return new Map(changes.map((change) => [cellKey(change.partyId, change.issueId), change]));
}

/** Reference numbers of the cells that have sources, in grid order (for the printed notes). */
export function sourceRefs(data: MatrixData, cells: Map<string, Cell>): Map<string, number> {
  const refs = new Map<string, number>();
  for (const party of data.parties) {
    for (const issue of data.issues) {
      const key = cellKey(party.id, issue.id);
      if (cells.get(key)?.sources.length) refs.set(key, refs.size + 1);
    }
  }
  return refs;
}

export function stanceText(stance: StanceRef | null): string {
  return stance ? `${stance.symbol} ${stance.label}` : 'not coded';
}

/** "−2 Opposes → +2 Supports; 1 source added; note changed" */
export function changeText(change: CellChange): string {
  const parts: string[] = [];
  if (change.stance) parts.push(`${stanceText(change.stance.before)} → ${stanceText(change.stance.after)}`);
  if (change.sourcesAdded.length) parts.push(`${change.sourcesAdded.length} source${change.sourcesAdded.length === 1 ? '' : 's'} added`);
  if (change.sourcesRemoved.length) parts.push(`${change.sourcesRemoved.length} source${change.sourcesRemoved.length === 1 ? '' : 's'} removed`);
  if (change.sourcesEdited.length) parts.push(`${change.sourcesEdited.length} source${change.sourcesEdited.length === 1 ? '' : 's'} edited`);
  if (change.sourcesReordered) parts.push('sources reordered');
  if (change.note) parts.push(change.note.after ? (change.note.before ? 'note changed' : 'note added') : 'note removed');
  return parts.join('; ');
}
