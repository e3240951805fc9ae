import type { AxisKind } from '../../../shared/schema.ts';
import type { GridFilters } from './filters.svelte.ts';

export interface ViewEntry {
  label: string;
  icon: 'eye-off' | 'up' | 'down' | 'close';
  refocus?: boolean;
  run: () => void;
}

/** The header menu's view entries (everyone's, never an edit): hide, and for an issue, sort parties by it. */
export function axisViewEntries(filters: GridFilters, kind: AxisKind, id: string): ViewEntry[] {
  const entries: ViewEntry[] = [{ label: kind === 'parties' ? 'Hide party' : 'Hide issue', icon: 'eye-off', run: () => filters.setHidden(kind, id, true) }];
  if (kind === 'issues') {
    const sort = filters.current.sort;
    const on = sort?.issue === id ? sort.dir : null;
    if (on !== 'desc')
      entries.push({ label: 'Sort parties: support first', icon: 'down', refocus: true, run: () => filters.setSort({ issue: id, dir: 'desc' }) });
    if (on !== 'asc')
      entries.push({ label: 'Sort parties: opposition first', icon: 'up', refocus: true, run: () => filters.setSort({ issue: id, dir: 'asc' }) });
    if (on) entries.push({ label: 'Clear the sort', icon: 'close', refocus: true, run: () => filters.setSort(null) });
  }
  return entries;
}
