/** Anchoring, re-anchoring and verification of quotes against a document's text (shared/evidence). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchor } from '../../shared/evidence/anchor.ts';
import { normalise, normaliseWithMap, originalRange } from '../../shared/evidence/normalise.ts';
import { isQuoteSelector, makeSelector, SelectorRangeError } from '../../shared/evidence/selector.ts';
import { countVerification, verify } from '../../shared/evidence/verify.ts';
import { wordDiff } from '../../shared/evidence/diff.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '..', '..', 'shared', 'demo', 'documents');
const read = (prefix: string) => {
  const file = fs.readdirSync(docs).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no demo document ${prefix}`);
  return fs.readFileSync(path.join(docs, file), 'utf8');
};
const reuters = read('003_');
const guardian = read('001_');

const PESKOV = '“Rubio and Waltz said that they would pass on detailed information to us through various channels';

describe('normalisation', () => {
  it('folds curly quotes, dashes and whitespace runs, and nothing else', () => {
    expect(normalise('“Any  agreements – on  our terms,” he said\u00A0…')).toBe('"Any agreements - on our terms," he said ...');
    expect(normalise('Kyiv’s  FORCES\n\nwithdrew')).toBe("Kyiv's FORCES withdrew");
  });

  it('maps every normalised range back to the original text', () => {
    const original = '  “Any\n\n  agreements” — here';
    const n = normaliseWithMap(original);
    const at = n.text.indexOf('agreements"');
    const back = originalRange(n, at, at + 'agreements"'.length);
    expect(original.slice(back.start, back.end)).toBe('agreements”');
  });
});

describe('makeSelector', () => {
  it('keeps the exact text, 32 characters of context each side and the position', () => {
    const start = reuters.indexOf(PESKOV);
    const s = makeSelector(reuters, start, start + PESKOV.length);
    expect(s.exact).toBe(PESKOV);
    expect(s.prefix).toBe(reuters.slice(start - 32, start));
    expect(s.suffix).toBe(reuters.slice(start + PESKOV.length, start + PESKOV.length + 32));
    expect(isQuoteSelector(s)).toBe(true);
  });

  it('clips the context at the ends of the text', () => {
    expect(makeSelector('abc', 0, 3)).toEqual({ exact: 'abc', prefix: '', suffix: '', start: 0, end: 3 });
  });

  it('refuses an empty or out-of-range range', () => {
    expect(() => makeSelector('abc', 2, 2)).toThrow(SelectorRangeError);
    expect(() => makeSelector('abc', 1, 9)).toThrow(SelectorRangeError);
    expect(() => makeSelector('abc', -1, 2)).toThrow(SelectorRangeError);
  });

  it('recognises malformed selectors', () => {
    expect(isQuoteSelector({ exact: 'ab', prefix: '', suffix: '', start: 3, end: 9 })).toBe(false);
    expect(isQuoteSelector({ exact: '', prefix: '', suffix: '', start: 0, end: 0 })).toBe(false);
    expect(isQuoteSelector({ exact: 'ab', prefix: 'x'.repeat(33), suffix: '', start: 0, end: 2 })).toBe(false);
    expect(isQuoteSelector('ab')).toBe(false);
  });
});

describe('anchor', () => {
  it('uses the stored position when the text there is the quote', () => {
    const start = reuters.indexOf(PESKOV);
    const found = anchor(reuters, makeSelector(reuters, start, start + PESKOV.length));
    expect(found).toMatchObject({ start, end: start + PESKOV.length, method: 'position' });
  });

  it('finds the quote elsewhere when the stored position is stale', () => {
    const start = reuters.indexOf(PESKOV);
    const selector = { ...makeSelector(reuters, start, start + PESKOV.length), start: 5, end: 5 + PESKOV.length };
    expect(anchor(reuters, selector)).toMatchObject({ start, method: 'exact' });
  });

  it('picks the occurrence whose context matches when a quote occurs twice', () => {
    const text = 'Alpha said no. Beta said yes. Gamma said no. Delta said maybe.';
    const second = text.lastIndexOf('said no');
    const selector = makeSelector(text, second, second + 'said no'.length);
    expect(anchor(text, { exact: 'said no', prefix: selector.prefix, suffix: selector.suffix })?.start).toBe(second);
    expect(anchor(text, 'said no')?.start).toBe(text.indexOf('said no'));
  });

  it('finds a quote typed with straight quotes and hyphens in a text set with curly ones and dashes', () => {
    const typed = '"Any agreements - with all the understanding of the need for compromise - on our terms, not American.';
    const found = anchor(reuters, typed);
    expect(found?.method).toBe('normalised');
    expect(reuters.slice(found?.start, found?.end)).toBe(
      '“Any agreements – with all the understanding of the need for compromise – on our terms, not American.',
    );
  });

  it('finds a quote with one word changed only approximately', () => {
    const changed = 'Putin has repeatedly said a long-term truce is not the way to end the war.';
    const found = anchor(reuters, changed);
    expect(found?.method).toBe('approximate');
    expect(reuters.slice(found?.start, found?.end)).toContain('short-term truce is not the way to end the war');
  });

  it('does not find a sentence from another document', () => {
    const other = 'Putin expressed concerns that Ukraine could use the ceasefire as a chance to militarily mobilize and rearm';
    expect(guardian.includes(other)).toBe(true);
    expect(anchor(reuters, other)).toBeNull();
  });

  it('matches short quotes verbatim only', () => {
    expect(anchor(reuters, 'a trap')).not.toBeNull();
    expect(anchor(reuters, 'a trip')).toBeNull();
    expect(anchor(reuters, '   ')).toBeNull();
  });
});

describe('verify', () => {
  const start = reuters.indexOf(PESKOV);
  const selector = makeSelector(reuters, start, start + PESKOV.length);
  const source = { quote: PESKOV, documentId: 'reuters', selector };

  it('is verified when the quote is in its document, up to typography', () => {
    expect(verify(source, reuters)).toEqual({ status: 'verified', start, end: start + PESKOV.length });
    expect(verify({ ...source, quote: PESKOV.replace('“', '"') }, reuters).status).toBe('verified');
  });

  it('is altered with a word-level diff when a word was changed', () => {
    const result = verify({ ...source, quote: PESKOV.replace('detailed', 'secret') }, reuters);
    expect(result.status).toBe('altered');
    if (result.status !== 'altered') return;
    expect(result.passage).toBe(PESKOV);
    expect(result.diff).toEqual([
      { op: 'equal', text: '“Rubio and Waltz said that they would pass on' },
      { op: 'delete', text: 'detailed' },
      { op: 'insert', text: 'secret' },
      { op: 'equal', text: 'information to us through various channels' },
    ]);
  });

  it('is not-found when the document lacks the quote', () => {
    expect(verify({ ...source, quote: 'Putin expressed concerns that Ukraine could use the ceasefire as a chance to rearm' }, reuters)).toEqual({
      status: 'not-found',
    });
  });

  it('is no-document without a document id or without the text', () => {
    expect(verify({ quote: PESKOV }, reuters)).toEqual({ status: 'no-document' });
    expect(verify(source, null)).toEqual({ status: 'no-document' });
  });

  it('counts statuses for the header', () => {
    const counts = countVerification([verify(source, reuters), verify(source, null), verify(source, reuters)]);
    expect(counts).toEqual({ verified: 2, altered: 0, 'not-found': 0, 'no-document': 1 });
  });
});

describe('wordDiff', () => {
  it('reports words the quote adds as insert and words it drops as delete', () => {
    expect(wordDiff('we need a long-term peace', 'we need peace now')).toEqual([
      { op: 'equal', text: 'we need' },
      { op: 'delete', text: 'a long-term' },
      { op: 'equal', text: 'peace' },
      { op: 'insert', text: 'now' },
    ]);
  });

  it('does not count typography as a change', () => {
    expect(wordDiff('“We don’t need a truce', '"We don\'t need a truce')).toEqual([{ op: 'equal', text: '"We don\'t need a truce' }]);
  });
});

describe('properties (fast-check)', () => {
  it('maps any normalised range back to an original range that normalises to (at least) the same text', () => {
    const alphabet = fc.constantFrom('a', 'B', ' ', '\n', '\u00A0', '’', '“', '”', '—', '–', '…', '.', '-', "'");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
        fc.nat(),
        fc.nat(),
        (text, x, y) => {
          const n = normaliseWithMap(text);
          if (n.text.length === 0) return;
          const a = x % n.text.length;
          const b = a + 1 + (y % (n.text.length - a));
          const back = originalRange(n, a, b);
          // At least: a range inside an expansion (… → ...) maps to the whole original character.
          expect(normalise(text.slice(back.start, back.end))).toContain(n.text.slice(a, b).trim());
        },
      ),
    );
  });

  it('re-anchors any selection of a seed article, at its position and after text is inserted before it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: reuters.length - 41 }),
        fc.integer({ min: 20, max: 40 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        (start, length, inserted) => {
          const selector = makeSelector(reuters, start, start + length);
          expect(anchor(reuters, selector)).toMatchObject({ start, end: start + length, method: 'position' });
          const shifted = inserted + reuters;
          const found = anchor(shifted, selector);
          expect(shifted.slice(found?.start, found?.end)).toBe(selector.exact);
        },
      ),
      { numRuns: 50 },
    );
  });
});
