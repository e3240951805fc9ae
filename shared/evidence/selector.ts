/**
 * Builds the W3C Web Annotation selectors (TextQuoteSelector + TextPositionSelector) for a
 * range of a document's text, as stored with a source.
 */
import type { QuoteSelector } from '../schema.ts';

/** How much text before and after the quote a selector keeps to re-anchor it later. */
export const CONTEXT_LENGTH = 32;

export class SelectorRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorRangeError';
  }
}

export function makeSelector(text: string, start: number, end: number): QuoteSelector {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new SelectorRangeError(`The range ${start}–${end} is not a non-empty range of a ${text.length}-character text.`);
  }
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH),
    start,
    end,
  };
}

/** True for a well-formed selector: the shape the JSON import and the server accept. */
export function isQuoteSelector(v: unknown): v is QuoteSelector {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.exact === 'string' &&
    s.exact.length > 0 &&
    typeof s.prefix === 'string' &&
    s.prefix.length <= CONTEXT_LENGTH &&
    typeof s.suffix === 'string' &&
    s.suffix.length <= CONTEXT_LENGTH &&
    Number.isInteger(s.start) &&
    Number.isInteger(s.end) &&
    (s.start as number) >= 0 &&
    (s.end as number) - (s.start as number) === s.exact.length
  );
}
