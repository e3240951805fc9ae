/**
 * The built-in demo (shared/demo/ukraine-ceasefire-2025-03.json): its structure, and that every
 * quote is copied verbatim from the seed article it cites. The seed articles live outside the
 * repo (../shared/seeds); when they are absent the verbatim checks are skipped, visibly.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import type { DemoData, DemoSource } from '../../shared/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const demoFile = path.join(repoRoot, 'shared', 'demo', 'ukraine-ceasefire-2025-03.json');
const seedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');

const data = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoData;

const ID = /^[a-z0-9-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface SourceRow {
  party: string;
  issue: string;
  index: number;
  source: DemoSource;
}

const sourceRows: SourceRow[] = data.cells.flatMap((cell) => cell.sources.map((source, index) => ({ party: cell.party, issue: cell.issue, index, source })));

function label(row: SourceRow): string {
  return `${row.party} × ${row.issue}, source ${row.index + 1}`;
}

/** The only difference allowed between a quote and its article: curly vs straight quotation marks. */
function normaliseQuotes(text: string): string {
  return text.replace(/[‘’′]/g, "'").replace(/[“”]/g, '"');
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

describe('demo data: structure', () => {
  it('has an id, a title and a description', () => {
    expect(data.id).toBe('ukraine-ceasefire-2025-03');
    expect(data.title.trim()).not.toBe('');
    expect(data.description.trim()).not.toBe('');
  });

  it('describes every cited article with a title and a date or null', () => {
    const keys = Object.keys(data.articles);
    expect(keys.length).toBeGreaterThan(0);
    for (const [file, article] of Object.entries(data.articles)) {
      expect(article.title.trim(), `${file}: title`).not.toBe('');
      if (article.date !== null) expect(article.date, `${file}: date`).toMatch(DATE);
      if (article.outlet !== null) expect(article.outlet.trim(), `${file}: outlet`).not.toBe('');
    }
  });

  it('has at least 7 parties and 12 issues with unique, well-formed ids and names', () => {
    expect(data.parties.length).toBeGreaterThanOrEqual(7);
    expect(data.issues.length).toBeGreaterThanOrEqual(12);
    for (const [kind, items] of [
      ['party', data.parties],
      ['issue', data.issues],
    ] as const) {
      const ids = items.map((i) => i.id);
      expect(duplicates(ids), `duplicate ${kind} ids`).toEqual([]);
      for (const item of items) {
        expect(item.id, `${kind} id`).toMatch(ID);
        expect(item.name.trim(), `${kind} ${item.id}: name`).not.toBe('');
      }
    }
  });

  it('codes at least 45 cells', () => {
    expect(data.cells.filter((c) => c.stance !== null).length).toBeGreaterThanOrEqual(45);
  });

  it('references only existing parties and issues, once per pair', () => {
    const parties = new Set(data.parties.map((p) => p.id));
    const issues = new Set(data.issues.map((i) => i.id));
    for (const cell of data.cells) {
      expect(parties.has(cell.party), `cell ${cell.party} × ${cell.issue}: unknown party`).toBe(true);
      expect(issues.has(cell.issue), `cell ${cell.party} × ${cell.issue}: unknown issue`).toBe(true);
    }
    expect(duplicates(data.cells.map((c) => `${c.party} × ${c.issue}`)), 'duplicate cells').toEqual([]);
  });

  it('uses only stance ids from the default scale', () => {
    const levels = new Set(DEFAULT_SCALE.map((l) => l.id));
    const unknown = data.cells.filter((c) => c.stance !== null && !levels.has(c.stance));
    expect(unknown.map((c) => `${c.party} × ${c.issue}: "${c.stance}"`)).toEqual([]);
  });

  it('gives every coded cell at least one source', () => {
    const unsourced = data.cells.filter((c) => c.stance !== null && c.sources.length === 0);
    expect(unsourced.map((c) => `${c.party} × ${c.issue}`)).toEqual([]);
  });

  it('fills in every source: quote, speaker, document, date, and a known article', () => {
    const problems: string[] = [];
    for (const row of sourceRows) {
      const s = row.source;
      if (!s.quote?.trim()) problems.push(`${label(row)}: empty quote`);
      if (!s.speaker?.trim()) problems.push(`${label(row)}: empty speaker`);
      if (!s.document?.trim()) problems.push(`${label(row)}: empty document`);
      if (!DATE.test(s.date ?? '')) problems.push(`${label(row)}: date "${s.date}" is not YYYY-MM-DD`);
      if (typeof s.link !== 'string') problems.push(`${label(row)}: link is not a string`);
      if (!Object.hasOwn(data.articles, s.article)) problems.push(`${label(row)}: article "${s.article}" is not a key of "articles"`);
    }
    expect(problems).toEqual([]);
  });
});

const seedsExist = fs.existsSync(seedsDir);
const verbatimTitle = seedsExist
  ? 'quotes are verbatim (checked against ../shared/seeds)'
  : 'quotes are verbatim (skipped: ../shared/seeds not found beside the repo)';

describe.skipIf(!seedsExist)(verbatimTitle, () => {
  const texts = new Map<string, string>();
  function articleText(file: string): string | undefined {
    if (!texts.has(file)) {
      const full = path.join(seedsDir, file);
      if (!fs.existsSync(full)) return undefined;
      texts.set(file, normaliseQuotes(fs.readFileSync(full, 'utf8')));
    }
    return texts.get(file);
  }

  it('has a seed file for every described article', () => {
    const missing = Object.keys(data.articles).filter((file) => !fs.existsSync(path.join(seedsDir, file)));
    expect(missing).toEqual([]);
  });

  it.each(sourceRows.map((row) => [label(row), row] as const))('%s', (_name, row) => {
    const { article, quote } = row.source;
    const text = articleText(article);
    expect(text, `${label(row)}: article ${article} not found in ${seedsDir}`).toBeDefined();
    expect(text?.includes(normaliseQuotes(quote)), `${row.party} × ${row.issue}: quote not found verbatim in ${article}: "${quote}"`).toBe(true);
  });
});
