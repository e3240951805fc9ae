/**
 * The built-in demo (shared/demo/ukraine-ceasefire-2025-03.json) and its library
 * (shared/demo/documents.json + shared/demo/documents/): the structure, and that every source
 * is anchored in a shipped document and verified against it. The shipped copies are checked
 * against the hashes in the manifest everywhere, and against ../shared/seeds where that folder
 * exists beside the repo.
 */
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { ITEM_ID_PATTERN } from '../../shared/ids.ts';
import { SOURCE_KINDS } from '../../shared/schema.ts';
import { makeSelector } from '../../shared/evidence/selector.ts';
import { verify } from '../../shared/evidence/verify.ts';
import type { DemoData, DemoDocument, DemoSource } from '../../shared/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const demoFile = path.join(repoRoot, 'shared', 'demo', 'ukraine-ceasefire-2025-03.json');
const documentsDir = path.join(repoRoot, 'shared', 'demo', 'documents');
const seedsDir = path.resolve(repoRoot, '../shared/seeds');

const data = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoData;
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'shared', 'demo', 'documents.json'), 'utf8')) as DemoDocument[];
const texts = new Map(manifest.map((d) => [d.id, fs.readFileSync(path.join(documentsDir, d.file), 'utf8')]));

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

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

describe('demo data: structure', () => {
  it('has an id, a title and a description', () => {
    expect(data.id).toBe('ukraine-ceasefire-2025-03');
    expect(data.title.trim()).not.toBe('');
    expect(data.description.trim()).not.toBe('');
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

  it('fills in every source: quote, speaker, document, date, kind and a demo document', () => {
    const ids = new Set(manifest.map((d) => d.id));
    const problems: string[] = [];
    for (const row of sourceRows) {
      const s = row.source;
      if (!s.quote?.trim()) problems.push(`${label(row)}: empty quote`);
      if (!s.speaker?.trim()) problems.push(`${label(row)}: empty speaker`);
      if (!s.document?.trim()) problems.push(`${label(row)}: empty document`);
      if (!DATE.test(s.date ?? '')) problems.push(`${label(row)}: date "${s.date}" is not YYYY-MM-DD`);
      if (typeof s.link !== 'string') problems.push(`${label(row)}: link is not a string`);
      if (!s.documentId || !ids.has(s.documentId)) problems.push(`${label(row)}: documentId "${s.documentId}" is not in documents.json`);
      if (!s.kind || !SOURCE_KINDS.includes(s.kind)) problems.push(`${label(row)}: kind "${s.kind}" is not one of ${SOURCE_KINDS.join(', ')}`);
      if (s.article !== undefined) problems.push(`${label(row)}: still names an article file`);
    }
    expect(problems).toEqual([]);
  });

  it('codes the central cells the articles support (guarantees for Ukraine, the European role)', () => {
    for (const [party, issue] of [
      ['russia', 'guarantees-ukraine'],
      ['ukraine', 'guarantees-ukraine'],
      ['uk', 'europe-role'],
    ]) {
      const cell = data.cells.find((c) => c.party === party && c.issue === issue);
      expect(cell?.stance, `${party} × ${issue}`).toBeTruthy();
      expect(cell?.sources.length, `${party} × ${issue}`).toBeGreaterThan(0);
    }
  });
});

describe('demo library: documents.json and the shipped copies', () => {
  it('describes each document with a well-formed id, a title, a date, and a file that exists', () => {
    expect(manifest.map((d) => d.file).sort()).toEqual(
      fs
        .readdirSync(documentsDir)
        .filter((f) => f.endsWith('.txt'))
        .sort(),
    );
    expect(duplicates(manifest.map((d) => d.id))).toEqual([]);
    for (const d of manifest) {
      expect(d.id, d.file).toMatch(ITEM_ID_PATTERN);
      expect(d.title.trim(), d.file).not.toBe('');
      expect(d.date, d.file).toMatch(DATE);
      expect(d.lang, d.file).toBe('en');
    }
  });

  it('ships the copies the manifest hashed (bytes and length)', () => {
    for (const d of manifest) {
      const bytes = fs.readFileSync(path.join(documentsDir, d.file));
      expect(crypto.createHash('sha256').update(bytes).digest('hex'), d.file).toBe(d.sha256);
      expect(texts.get(d.id)?.length, d.file).toBe(d.chars);
    }
  });

  it(`ships byte-for-byte copies of ../shared/seeds${fs.existsSync(seedsDir) ? '' : ' (folder absent here: hashes checked above)'}`, () => {
    if (!fs.existsSync(seedsDir)) return;
    const seeds = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt'));
    expect(seeds.sort()).toEqual(manifest.map((d) => d.file).sort());
    for (const file of seeds) expect(fs.readFileSync(path.join(documentsDir, file)).equals(fs.readFileSync(path.join(seedsDir, file))), file).toBe(true);
  });

  it('keeps the advert glued to the end of 003 in its text, and no source cites it', () => {
    const reuters = manifest.find((d) => d.file.startsWith('003_'));
    const text = texts.get(reuters?.id ?? '') ?? '';
    const advert = text.indexOf('Apple MacBook Air M4');
    expect(advert).toBeGreaterThan(0);
    const citing = sourceRows.filter((r) => r.source.documentId === reuters?.id && (r.source.selector?.end ?? 0) > advert);
    expect(citing.map(label)).toEqual([]);
  });
});

describe('demo sources: each anchored and verified against its shipped document', () => {
  it.each(sourceRows.map((row) => [label(row), row] as const))('%s', (_name, row) => {
    const s = row.source;
    const text = texts.get(s.documentId ?? '');
    expect(text, `${label(row)}: no document "${s.documentId}"`).toBeDefined();
    expect(s.selector, `${label(row)}: no selector`).toBeDefined();
    if (text === undefined || !s.selector) return;
    // The selector is the one computed from the document at its position, not typed.
    expect(s.selector).toEqual(makeSelector(text, s.selector.start, s.selector.end));
    expect(s.quote).toBe(s.selector.exact);
    expect(verify({ quote: s.quote, documentId: s.documentId, selector: s.selector }, text)).toEqual({
      status: 'verified',
      start: s.selector.start,
      end: s.selector.end,
    });
  });
});
