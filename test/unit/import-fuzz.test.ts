/**
 * Fuzzing the import parsers: whatever the file, they return a result or throw the typed limit
 * error, never anything else; and whatever they accept builds a matrix the schema guard accepts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import { IMPORT_LIMITS, ImportLimitError, applyImport, parseImport, type ImportKind } from '../../shared/imports/index.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { exportJson, readExtras } from '../../shared/exports/json.ts';
import { exportCsv } from '../../shared/exports/csv.ts';
import { validateUpdate } from '../../shared/doc-guard.ts';
import { richDoc } from './export-fixtures.ts';
import { parse as parseCsvWhole } from 'csv-parse/sync';
import { detectDelimiter, readCsvRecords } from '../../shared/imports/csv-records.ts';
import { runSync } from '../../shared/imports/steps.ts';

const LIMITS = { ...IMPORT_LIMITS, bytes: 200_000, rows: 200, parties: 40, issues: 40, cells: 400, sources: 400, history: 400, comments: 400 };

/** Parses and, when accepted, builds and guards. Returns what happened, or throws what the parser must never throw. */
function importAndGuard(text: string, kind: ImportKind): 'refused' | 'limit' | 'built' {
  let result;
  try {
    result = parseImport(text, kind, { limits: LIMITS, now: new Date('2026-01-01T00:00:00Z') });
  } catch (e) {
    if (e instanceof ImportLimitError) return 'limit';
    throw e;
  }
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    return 'refused';
  }
  const doc = new Y.Doc();
  applyImport(doc, result.matrix);
  const guard = validateUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc));
  if (!guard.ok) throw new Error(`the guard refused an accepted import: ${guard.reason} at ${guard.path}`);
  readMatrix(doc);
  return 'built';
}

const RICH = richDoc();
/** Stands for a value nested deeper than any recursive walk (structuredClone, a recursive check) survives. */
const DEEP = 'deep-value-placeholder';
const DEEP_TEXT = '['.repeat(100_000) + ']'.repeat(100_000);
const RICH_JSON = JSON.parse(exportJson(readMatrix(RICH), {}, readExtras(RICH))) as unknown;
const RICH_CSV = exportCsv(readMatrix(RICH));

/** Every path into a JSON value. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}
const ALL_PATHS = paths(RICH_JSON).filter((p) => p.length > 0);

function replaced(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const TOKENS = [
  'Russia',
  'Ukraine',
  'Ceasefire',
  'Supports',
  '+2',
  '−2',
  'C',
  '∅',
  'demands',
  'Maybe',
  '',
  ' ',
  '=1+1',
  '@x',
  '"q"',
  'a\nb',
  'a\r\nb',
  'https://x.org',
  'javascript:x',
  '2025-03-18',
  '2025-13-40',
  'Party',
  'Issue',
  'Stance',
  'Quote',
  'Note',
  'Link',
  'Date',
  "'=x",
  '|',
  'x'.repeat(210),
];
const field = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }));
const quoteField = (f: string) => (/[",;\t\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
const csvText = fc
  .tuple(
    fc.array(fc.array(field, { minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 30 }),
    fc.constantFrom(',', ';', '\t'),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .map(([rows, delimiter, eol, quoted]) => rows.map((r) => r.map((f) => (quoted ? quoteField(f) : f)).join(delimiter)).join(eol));

describe('import parsers under fuzzing', () => {
  it('CSV: random grids, long forms and broken quoting', () => {
    const counts = { refused: 0, limit: 0, built: 0 };
    fc.assert(
      fc.property(
        fc.oneof(
          csvText,
          csvText.map((t) => `Party,Issue,Stance,Stance value,Quote,Speaker,Document,Date,Link,Note\n${t}`),
          fc.string({ maxLength: 300 }),
        ),
        (text) => {
          counts[importAndGuard(text, 'csv')]++;
        },
      ),
      { numRuns: 400 },
    );
    // The generators reach every outcome, so the property is not vacuous.
    expect(counts.built).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  });

  it('CSV: our own export with random edits', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: RICH_CSV.length }),
        fc.nat({ max: 40 }),
        fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 20 })),
        (at, cut, insert) => {
          importAndGuard(RICH_CSV.slice(0, at) + insert + RICH_CSV.slice(at + cut), 'csv');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('JSON: our own export with one value replaced or removed anywhere', () => {
    const counts = { refused: 0, limit: 0, built: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_PATHS),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant('x'.repeat(20_001)), fc.constant(DEEP)),
        (path, value) => {
          counts[importAndGuard(JSON.stringify(replaced(RICH_JSON, path, value)).replace(`"${DEEP}"`, DEEP_TEXT), 'json')]++;
        },
      ),
      { numRuns: 500 },
    );
    expect(counts.built).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  });

  it('JSON: refuses an order key with characters outside base 62 (found by this fuzzing)', () => {
    const file = replaced(RICH_JSON, ['matrix', 'parties', 0, 'order'], 'Zf=x7\\6_qb');
    const result = parseImport(JSON.stringify(file), 'json');
    expect(result).toMatchObject({ ok: false, errors: [expect.objectContaining({ field: 'matrix.parties[0].order' })] });
  });

  it('JSON: arbitrary JSON and broken text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.string({ maxLength: 200 }),
          fc.nat({ max: 2000 }).map((n) => JSON.stringify(RICH_JSON).slice(0, n)),
        ),
        (text) => {
          importAndGuard(text, 'json');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('CSV read in chunks gives the records csv-parse gives for the whole text', () => {
    fc.assert(
      fc.property(csvText, fc.integer({ min: 1, max: 5 }), (text, every) => {
        let whole: string[][] | null = null;
        try {
          whole = parseCsvWhole(text, { delimiter: detectDelimiter(text), relax_column_count: true }) as string[][];
        } catch {
          whole = null;
        }
        const chunked = runSync(readCsvRecords(text, LIMITS, every));
        expect(chunked.ok).toBe(whole !== null);
        if (chunked.ok && whole) expect(chunked.rows.map((r) => r.cells)).toEqual(whole.filter((r) => r.some((c) => c.trim() !== '')));
      }),
      { numRuns: 400 },
    );
  });
});
