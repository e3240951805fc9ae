import type { SourceCheck } from './verification.svelte.ts';

/** Each status's symbol and words: a status is never shown by colour alone. */
export const STATUS_TEXT: Record<SourceCheck['status'], { symbol: string; label: string }> = {
  verified: { symbol: '✓', label: 'Verified' },
  altered: { symbol: '≈', label: 'Altered' },
  'not-found': { symbol: '✗', label: 'Not found' },
  'no-document': { symbol: '○', label: 'No document' },
  pending: { symbol: '…', label: 'Checking' },
};

export const TYPOGRAPHY_NOTE = 'Typographic variants (quotes, dashes, spaces) are ignored.';

/** A document's date for people: "12 Mar 2025" for YYYY-MM-DD, else as given. */
export function shownDate(date: string, format: (d: string) => string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? format(date) : date;
}
