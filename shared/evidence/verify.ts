/**
 * A source's verification status, computed from its quote and its document, never typed:
 * `verified` (the quote is in the document, up to typography), `altered` (found only
 * approximately: the word-level diff says what differs), `not-found` (its document lacks it),
 * `no-document` (not linked to a document, or the document is gone).
 */
import type { QuoteSelector } from '../schema.ts';
import { anchor } from './anchor.ts';
import { wordDiff, type DiffPart } from './diff.ts';

export type VerificationStatus = 'verified' | 'altered' | 'not-found' | 'no-document';
export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['verified', 'altered', 'not-found', 'no-document'];

export type Verification =
  | { status: 'verified'; start: number; end: number }
  | { status: 'altered'; start: number; end: number; passage: string; diff: DiffPart[] }
  | { status: 'not-found' }
  | { status: 'no-document' };

/** What verification reads of a source. */
export interface VerifiableSource {
  quote: string;
  documentId?: string;
  selector?: QuoteSelector;
}

/**
 * Checks the source's quote (what readers see, so an edited quote is caught at once) against
 * the text of its document. The selector's context and position only help find the place.
 * `documentText` is null or undefined when the source has no document or it was deleted.
 */
export function verify(source: VerifiableSource, documentText: string | null | undefined): Verification {
  if (!source.documentId || documentText === null || documentText === undefined) return { status: 'no-document' };
  const selector = source.selector;
  const found = anchor(documentText, {
    exact: source.quote,
    prefix: selector?.prefix,
    suffix: selector?.suffix,
    start: selector?.start,
  });
  if (!found) return { status: 'not-found' };
  if (found.method !== 'approximate') return { status: 'verified', start: found.start, end: found.end };
  const { start, end } = wholeWords(documentText, found.start, found.end);
  const passage = documentText.slice(start, end);
  return { status: 'altered', start, end, passage, diff: wordDiff(passage, source.quote) };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** An approximate match can start or end inside a word; the diff reads better on whole words. */
function wholeWords(text: string, start: number, end: number): { start: number; end: number } {
  while (start > 0 && WORD_CHAR.test(text[start - 1] ?? '') && WORD_CHAR.test(text[start] ?? '')) start--;
  while (end < text.length && WORD_CHAR.test(text[end - 1] ?? '') && WORD_CHAR.test(text[end] ?? '')) end++;
  return { start, end };
}

/** "82 of 85 sources verified": counts per status, for the matrix header and the filter. */
export function countVerification(results: Iterable<Verification>): Record<VerificationStatus, number> {
  const counts: Record<VerificationStatus, number> = { verified: 0, altered: 0, 'not-found': 0, 'no-document': 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
