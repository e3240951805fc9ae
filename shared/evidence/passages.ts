/**
 * Splits a document's text into passages with their offsets: paragraphs (lines) and
 * sentences. Search results and suggestions are passages, and a passage's offsets are the
 * range a source made from it anchors to.
 */

export interface Passage {
  /** UTF-16 offsets into the document's text; text === documentText.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

/** Paragraphs: non-blank lines, trimmed (plain-text articles put one paragraph on each line). */
export function paragraphs(text: string): Passage[] {
  const out: Passage[] = [];
  const line = /[^\n]+/g;
  for (let m = line.exec(text); m; m = line.exec(text)) pushTrimmed(out, text, m.index, m.index + m[0].length);
  return out;
}

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st gen lt col sgt maj capt rep sen gov pres no vs etc e.g i.e approx inc ltd co corp dept est fig jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

/**
 * Sentences within each paragraph. A sentence ends at . ! or ? (and any closing quotes or
 * brackets after it) followed by a space and an opening capital, digit or quote, unless the
 * full stop ends an abbreviation ("Mr.", "U.S.").
 */
export function sentences(text: string): Passage[] {
  const out: Passage[] = [];
  for (const para of paragraphs(text)) {
    const end = /[.!?]+["'\u201D\u2019)\]]*(?=\s+["'\u201C\u2018([]?[\p{Lu}\p{N}])/gu;
    let from = para.start;
    const body = text.slice(0, para.end);
    end.lastIndex = para.start;
    for (let m = end.exec(body); m; m = end.exec(body)) {
      const stop = m.index + m[0].length;
      if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviation(text, m.index)) continue;
      pushTrimmed(out, text, from, stop);
      from = stop;
    }
    pushTrimmed(out, text, from, para.end);
  }
  return out;
}

function isAbbreviation(text: string, dot: number): boolean {
  let start = dot;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1] ?? '')) start--;
  const word = text.slice(start, dot);
  // Initials and dotted acronyms: "U.S", "J", "e.g".
  if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

function pushTrimmed(out: Passage[], text: string, start: number, end: number): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end > start) out.push({ start, end, text: text.slice(start, end) });
}

/** The passage (of `list`, sorted by start) containing offset `at`, or null. */
export function passageAt(list: readonly Passage[], at: number): Passage | null {
  for (const p of list) if (p.start <= at && at < p.end) return p;
  return null;
}
