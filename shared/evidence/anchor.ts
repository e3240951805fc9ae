/**
 * Re-anchors a quote in a document's text, after Hypothesis's two steps: first the stored
 * position, checked against the quote; then a search. The search tries the exact text, then
 * the typographically normalised text, then an approximate match (approx-string-match, the
 * library Hypothesis uses) ranked by how well the quote and its stored context fit. An
 * approximate match is accepted only when the quote itself is close enough (see
 * MAX_ALTERED_ERROR_RATIO); otherwise the quote is reported as not found, never guessed.
 */
import approxSearch from 'approx-string-match';
import type { QuoteSelector } from '../schema.ts';
import { normalise, normaliseWithMap, originalRange, type NormalisedText } from './normalise.ts';

/**
 * How a quote was found: at its stored position, elsewhere verbatim, verbatim after folding
 * typography, or only approximately (words changed).
 */
export type AnchorMethod = 'position' | 'exact' | 'normalised' | 'approximate';

export interface Anchor {
  start: number;
  end: number;
  method: AnchorMethod;
  /** Edit distance between the normalised quote and the normalised passage (0 unless approximate). */
  errors: number;
  /** 0–1: the quote's similarity, weighted with its context and position (1 for verbatim). */
  score: number;
}

/** At most this share of a quote's characters may differ for it to count as found (altered). */
export const MAX_ALTERED_ERROR_RATIO = 0.25;
/** Shorter quotes are matched verbatim only: a few edits would make them match anything. */
export const MIN_APPROXIMATE_LENGTH = 12;
/** approx-string-match's cost grows with the allowed errors; Hypothesis caps them the same way. */
const MAX_ERRORS = 256;

export type AnchorTarget = string | (Partial<QuoteSelector> & { exact: string });

/** Finds `target` (a bare quote, or a selector with context and position) in `text`, or null. */
export function anchor(text: string, target: AnchorTarget): Anchor | null {
  const selector = typeof target === 'string' ? { exact: target } : target;
  const quote = selector.exact;
  if (!quote.trim()) return null;

  const hint = selector.start;
  if (hint !== undefined && text.slice(hint, hint + quote.length) === quote) {
    return { start: hint, end: hint + quote.length, method: 'position', errors: 0, score: 1 };
  }

  const exact = bestOf(occurrences(text, quote), text, selector);
  if (exact) return { ...exact, method: 'exact', errors: 0, score: 1 };

  const doc = normalisedDocument(text);
  const wanted = normalise(quote);
  if (!wanted) return null;
  const normHint = hint === undefined ? undefined : normalisedOffset(doc.starts, hint);
  const context = { prefix: normalise(selector.prefix ?? ''), suffix: normalise(selector.suffix ?? ''), start: normHint };
  const folded = bestOf(occurrences(doc.text, wanted), doc.text, context);
  if (folded) return { ...originalRange(doc, folded.start, folded.end), method: 'normalised', errors: 0, score: 1 };

  if (wanted.length < MIN_APPROXIMATE_LENGTH) return null;
  const maxErrors = Math.min(MAX_ERRORS, Math.floor(wanted.length * MAX_ALTERED_ERROR_RATIO));
  const candidates = approxSearch(doc.text, wanted, maxErrors);
  let best: Anchor | null = null;
  for (const m of candidates) {
    const score = contextScore(doc.text, m, wanted.length, context);
    if (!best || score > best.score) best = { ...originalRange(doc, m.start, m.end), method: 'approximate', errors: m.errors, score };
  }
  return best;
}

/**
 * The last few documents' normalised text: verifying a matrix checks many quotes against the
 * same few documents, and a 2 MiB document is worth normalising once.
 */
const recent = new Map<string, NormalisedText>();
const RECENT_DOCUMENTS = 4;

function normalisedDocument(text: string): NormalisedText {
  let n = recent.get(text);
  if (!n) {
    n = normaliseWithMap(text);
    if (recent.size >= RECENT_DOCUMENTS) recent.delete(recent.keys().next().value as string);
    recent.set(text, n);
  }
  return n;
}

interface Match {
  start: number;
  end: number;
  errors: number;
}

interface Context {
  prefix?: string;
  suffix?: string;
  start?: number;
}

function occurrences(text: string, quote: string): Match[] {
  const out: Match[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) out.push({ start: at, end: at + quote.length, errors: 0 });
  return out;
}

/** The occurrence whose surroundings fit the stored context best (a quote can occur twice). */
function bestOf(matches: Match[], text: string, context: Context): { start: number; end: number } | null {
  if (matches.length <= 1) return matches[0] ?? null;
  let best = matches[0] as Match;
  let bestScore = -1;
  for (const m of matches) {
    const score = contextScore(text, m, m.end - m.start, context);
    if (score > bestScore) [best, bestScore] = [m, score];
  }
  return best;
}

// Weights as in Hypothesis's match-quote: the quote dominates, context breaks ties, position last.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;

function contextScore(text: string, m: Match, quoteLength: number, context: Context): number {
  const quoteScore = 1 - m.errors / quoteLength;
  const prefix = context.prefix ? similarity(text.slice(Math.max(0, m.start - context.prefix.length), m.start), context.prefix) : 1;
  const suffix = context.suffix ? similarity(text.slice(m.end, m.end + context.suffix.length), context.suffix) : 1;
  const position = context.start === undefined ? 1 : 1 - Math.abs(m.start - context.start) / Math.max(1, text.length);
  const total = QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position;
  return total / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT);
}

/** 0–1: how closely `actual` (the text beside a match) contains `expected` (the stored context). */
function similarity(actual: string, expected: string): number {
  if (!actual || !expected) return 0;
  const found = approxSearch(actual, expected, expected.length);
  const errors = found[0]?.errors ?? expected.length;
  return 1 - errors / expected.length;
}

/** The normalised offset of an original offset (the first normalised char at or after it). */
function normalisedOffset(starts: number[], original: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) < original) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
