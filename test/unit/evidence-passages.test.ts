/** Passages (paragraphs, sentences with offsets) and speaker suggestions (shared/evidence). */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { paragraphs, passageAt, sentences } from '../../shared/evidence/passages.ts';
import { suggestSpeaker } from '../../shared/evidence/speaker.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '..', '..', 'shared', 'demo', 'documents');
const read = (prefix: string) => fs.readFileSync(path.join(docs, fs.readdirSync(docs).find((f) => f.startsWith(prefix)) ?? ''), 'utf8');
const report = read('000_');
const reuters = read('003_');

describe('passages', () => {
  it('gives paragraphs and sentences whose offsets slice back to their text', () => {
    for (const list of [paragraphs(reuters), sentences(reuters)]) {
      expect(list.length).toBeGreaterThan(10);
      for (const p of list) expect(reuters.slice(p.start, p.end)).toBe(p.text);
    }
  });

  it('splits after . ! ? and closing quotes, not after abbreviations or initials', () => {
    const text = 'Talks began in the U.S. on Monday. Mr. Waltz said “yes.” Then Dr. Li left! Did it work? Yes.';
    expect(sentences(text).map((s) => s.text)).toEqual([
      'Talks began in the U.S. on Monday.',
      'Mr. Waltz said “yes.”',
      'Then Dr. Li left!',
      'Did it work?',
      'Yes.',
    ]);
  });

  it('never joins two paragraphs into one sentence', () => {
    expect(sentences('A headline without a stop\nThe first sentence. The second.').map((s) => s.text)).toEqual([
      'A headline without a stop',
      'The first sentence.',
      'The second.',
    ]);
  });

  it('finds the passage around an offset', () => {
    const list = sentences(reuters);
    const at = reuters.indexOf('a trap');
    expect(passageAt(list, at)?.text).toMatch(/^Another senior Russian source said the ceasefire proposal looked/);
    expect(passageAt(list, reuters.length + 5)).toBeNull();
  });
});

describe('suggestSpeaker', () => {
  const suggest = (text: string, quote: string) => {
    const at = text.indexOf(quote);
    expect(at, quote).toBeGreaterThanOrEqual(0);
    return suggestSpeaker(text, at, at + quote.length)?.speaker;
  };

  it('reads "<role> <name> stated" as "<name>, <role>"', () => {
    expect(suggest(report, 'We will not comment on the proposed ceasefire until all details are made known.')).toBe('Dmitri Peskov, Kremlin spokesman');
    expect(suggest(report, 'The deliveries through Jasionka have resumed to previous levels')).toBe('Radoslaw Sikorski, Polish Foreign Minister');
  });

  it('reads "“…,” <name> said" after the quote', () => {
    expect(suggest(reuters, 'First, we must receive this information')).toBe('Peskov');
  });

  it('reads "<name>, <role>, said"', () => {
    expect(suggest('Dmitry Peskov, Kremlin spokesman, said the talks were “at an early stage”.', 'at an early stage')).toBe('Dmitry Peskov, Kremlin spokesman');
  });

  it('resolves "he said" from the sentence before', () => {
    expect(suggest(report, 'During the most challenging situations')).toBe('Oleksandr Syrskyj, Ukrainian Army Chief');
    expect(suggest(reuters, 'We don’t need a truce, we need a long-term peace')).toBe('Putin');
  });

  it('suggests nothing when the sentence names no one', () => {
    expect(suggestSpeaker('the weather was fine. it rained later.', 0, 5)).toBeNull();
  });
});
