/**
 * A word-level diff between a quote and the document passage it was matched to, for showing
 * an `altered` source: what the quote left out (delete = in the document, not the quote) and
 * what it added (insert = in the quote, not the document). Words compare after typographic
 * folding, so a curly/straight quote difference is never shown as a change.
 */
import { normalise } from './normalise.ts';

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** Past this many word pairs the table would be too large: the diff becomes one delete + one insert. */
const MAX_CELLS = 4_000_000;

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** `from` is the document's passage, `to` the quote: inserts are words the quote adds. */
export function wordDiff(from: string, to: string): DiffPart[] {
  const a = words(from);
  const b = words(to);
  if (a.length * b.length > MAX_CELLS)
    return merge([...(a.length ? [{ op: 'delete' as const, word: a.join(' ') }] : []), ...(b.length ? [{ op: 'insert' as const, word: b.join(' ') }] : [])]);
  const na = a.map(normalise);
  const nb = b.map(normalise);
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..], row-major.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = na[i] === nb[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const steps: { op: DiffOp; word: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && na[i] === nb[j]) {
      steps.push({ op: 'equal', word: b[j] ?? '' });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      // Deletes first on a tie, so a replaced word reads "old → new".
      steps.push({ op: 'delete', word: a[i] ?? '' });
      i++;
    } else {
      steps.push({ op: 'insert', word: b[j] ?? '' });
      j++;
    }
  }
  return merge(steps);
}

/** Joins runs of the same op into one part, words separated by single spaces. */
function merge(steps: { op: DiffOp; word: string }[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (last && last.op === step.op) last.text += ` ${step.word}`;
    else out.push({ op: step.op, text: step.word });
  }
  return out;
}
