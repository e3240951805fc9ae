import type { StanceLevel } from '../../../shared/scale.ts';
import type { HistoryEntry, SourceSummary } from '../../../shared/schema.ts';

const VERB: Record<HistoryEntry['kind'], string> = {
  stance: 'set the stance',
  note: 'edited the note',
  'source-added': 'added a source',
  'source-edited': 'edited a source',
  'source-removed': 'removed a source',
};

export function stanceText(stance: unknown, levels: ReadonlyMap<string, StanceLevel>): string {
  if (typeof stance !== 'string') return 'Not coded';
  const level = levels.get(stance);
  return level ? `${level.symbol} ${level.label}` : stance;
}

function sourceText(value: unknown): string {
  const s = value as SourceSummary | null;
  if (!s || typeof s.quote !== 'string') return '—';
  return `“${s.quote}”${s.speaker ? ` — ${s.speaker}` : ''}`;
}

/** "set the stance", "Opposes" → "Supports", for one history entry. */
export function describeEntry(entry: HistoryEntry, levels: ReadonlyMap<string, StanceLevel>): { verb: string; before: string; after: string } {
  const verb = entry.kind === 'source-edited' && entry.fields?.length ? `edited a source (${entry.fields.join(', ')})` : VERB[entry.kind];
  switch (entry.kind) {
    case 'stance':
      return { verb, before: stanceText(entry.before, levels), after: stanceText(entry.after, levels) };
    case 'note':
      return {
        verb,
        before: typeof entry.before === 'string' && entry.before ? entry.before : '(no note)',
        after: typeof entry.after === 'string' && entry.after ? entry.after : '(no note)',
      };
    case 'source-added':
      return { verb, before: '', after: sourceText(entry.after) };
    case 'source-removed':
      return { verb, before: sourceText(entry.before), after: '' };
    default:
      return { verb, before: sourceText(entry.before), after: sourceText(entry.after) };
  }
}
