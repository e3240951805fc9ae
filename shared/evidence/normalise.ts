/**
 * Typographic normalisation, and only that: curly and straight quotes, dashes and runs of
 * whitespace are folded so a quote typed with "straight" quotes still counts as verbatim
 * against a document set with “curly” ones. Letters, digits, case and punctuation otherwise
 * stay as they are: anything more generous would hide a real change of wording.
 */

/** Single quotes, apostrophes and primes → ' */
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC]/;
/** Double quotes and double primes → " */
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/;
/** Hyphens, en and em dashes, the minus sign → - */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/;
/** Any whitespace, including no-break and thin spaces. */
const SPACE = /\s/;

/** One character of typography, folded (whitespace is handled by the caller, as runs). */
export function foldChar(ch: string): string {
  if (SINGLE_QUOTES.test(ch)) return "'";
  if (DOUBLE_QUOTES.test(ch)) return '"';
  if (DASHES.test(ch)) return '-';
  if (ch === '\u2026') return '...';
  return ch;
}

/**
 * Normalised text plus, for each of its characters, the span of the original it came from,
 * so a match in the normalised text maps back to exact offsets in the document.
 */
export interface NormalisedText {
  text: string;
  /** Original offset where normalised character i starts. */
  starts: number[];
  /** Original offset where normalised character i ends. */
  ends: number[];
}

/** Folds typography and collapses each whitespace run to one space (leading and trailing runs dropped). */
export function normaliseWithMap(original: string): NormalisedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < original.length) {
    const ch = original[i] ?? '';
    if (SPACE.test(ch)) {
      let j = i + 1;
      while (j < original.length && SPACE.test(original[j] ?? '')) j++;
      if (text.length > 0 && j < original.length) {
        text += ' ';
        starts.push(i);
        ends.push(j);
      }
      i = j;
      continue;
    }
    for (const out of foldChar(ch)) {
      text += out;
      starts.push(i);
      ends.push(i + 1);
    }
    i++;
  }
  return { text, starts, ends };
}

export function normalise(text: string): string {
  return normaliseWithMap(text).text;
}

/** The original range behind the normalised range [start, end). */
export function originalRange(n: NormalisedText, start: number, end: number): { start: number; end: number } {
  const from = n.starts[start] ?? n.ends[n.ends.length - 1] ?? 0;
  const to = end > start ? (n.ends[end - 1] ?? from) : from;
  return { start: from, end: to };
}
