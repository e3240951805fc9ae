/**
 * Imports are linear and bounded: the CSV that froze the server for 20 minutes (100,000 grid
 * rows) is refused before it is parsed, a file at the row limit is parsed and built in seconds,
 * and the chunked variants hand control back between chunks.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  IMPORT_LIMITS,
  ImportLimitError,
  applyImport,
  applyImportChunked,
  parseImport,
  parseImportChunked,
  type ImportPlan,
  type ImportResult,
} from '../../shared/imports/index.ts';
import { fillOrderKeys } from '../../shared/imports/apply.ts';
import { countMatrix, readAxis, readMatrix } from '../../shared/matrix.ts';
import { buildJsonExport, exportJson } from '../../shared/exports/json.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const grid = (rows: number) => ['Party,Issue One,Issue Two', ...Array.from({ length: rows }, (_, i) => `Party ${i},Supports,-2`)].join('\n') + '\n';
/** Long form at the row limit: 200 parties × 100 issues, one source per row. */
const longForm = (parties: number, issues: number) => {
  const lines = ['Party,Issue,Stance,Stance value,Quote,Speaker,Document,Date,Link,Note'];
  for (let p = 0; p < parties; p++)
    for (let i = 0; i < issues; i++)
      lines.push(`Party ${p},Issue ${i},Supports,2,"Quote ${p}/${i}, ""verbatim""",Speaker,Doc,2025-03-18,https://example.org/${p},`);
  return lines.join('\r\n') + '\r\n';
};
const plan = (r: ImportResult): ImportPlan => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return r.matrix;
};
const refusal = (fn: () => unknown): ImportLimitError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportLimitError) return e;
    throw e;
  }
  throw new Error('expected an ImportLimitError');
};

describe('import limits', () => {
  it('refuses a 100,000-row CSV grid with the row limit, before parsing it', () => {
    const text = grid(100_000);
    const started = performance.now();
    const e = refusal(() => parseImport(text, 'csv', { now: NOW }));
    expect(e).toMatchObject({ limit: 'rows', max: IMPORT_LIMITS.rows, status: 422, code: 'import-too-large' });
    expect(e.message).toMatch(/more than 20,000 rows/);
    // One linear scan of 2.3 MB; the quadratic import took over 20 minutes. A generous bound.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('counts rows as records, not lines: a quoted line break does not add a row', () => {
    const limits = { ...IMPORT_LIMITS, rows: 2 };
    const text = 'Party,Issue,Stance,Note\r\nA,X,Supports,"two\r\nlines"\r\nB,X,Opposes,\r\n\r\n,,,\r\n';
    expect(plan(parseImport(text, 'csv', { now: NOW, limits })).cells).toHaveLength(2);
    expect(refusal(() => parseImport(text + 'C,X,Opposes,\r\n', 'csv', { now: NOW, limits })).limit).toBe('rows');
  });

  it('refuses too many parties, issues, cells or sources, and too many bytes with 413', () => {
    const small = { ...IMPORT_LIMITS, parties: 3, issues: 2, cells: 4, sources: 3, bytes: 400 };
    expect(refusal(() => parseImport(grid(4), 'csv', { now: NOW, limits: small }))).toMatchObject({ limit: 'parties', status: 422 });
    expect(refusal(() => parseImport('P,A,B,C\nx,,,\n', 'csv', { limits: small })).limit).toBe('issues');
    expect(refusal(() => parseImport(longForm(3, 2), 'csv', { limits: { ...small, bytes: 10_000, sources: 100 } })).limit).toBe('cells');
    expect(refusal(() => parseImport(longForm(2, 2), 'csv', { limits: { ...small, bytes: 10_000, cells: 10 } })).limit).toBe('sources');
    expect(refusal(() => parseImport('x'.repeat(401), 'csv', { limits: small }))).toMatchObject({ limit: 'bytes', status: 413 });
    expect(refusal(() => parseImport('x'.repeat(401), 'json', { limits: small }))).toMatchObject({ limit: 'bytes', status: 413 });
  });

  it('refuses a JSON export past a limit by counting, before validating', () => {
    const doc = new Y.Doc();
    applyImport(doc, plan(parseImport(longForm(4, 3), 'csv', { now: NOW })));
    const json = exportJson(readMatrix(doc), { exportedAt: NOW });
    const limits = { ...IMPORT_LIMITS, parties: 3 };
    expect(refusal(() => parseImport(json, 'json', { limits })).limit).toBe('parties');
    expect(refusal(() => parseImport(json, 'json', { limits: { ...IMPORT_LIMITS, sources: 11 } })).limit).toBe('sources');
    expect(refusal(() => parseImport(json, 'json', { limits: { ...IMPORT_LIMITS, cells: 11 } })).limit).toBe('cells');
    expect(plan(parseImport(json, 'json')).cells).toHaveLength(12);
  });

  it('parses and builds 20,000 rows (the limit) in linear time', () => {
    const text = longForm(200, 100);
    const started = performance.now();
    const p = plan(parseImport(text, 'csv', { now: NOW }));
    const doc = new Y.Doc();
    applyImport(doc, p);
    const elapsed = performance.now() - started;
    expect(countMatrix(doc)).toEqual({ parties: 200, issues: 100, coded: 20_000, sources: 20_000 });
    expect(readAxis(doc, 'parties').map((x) => x.name)).toEqual(Array.from({ length: 200 }, (_, i) => `Party ${i}`));
    // The quadratic import took 68 s for this many rows; linear takes about one. Generous for a shared CI machine.
    expect(elapsed).toBeLessThan(15_000);
  });
});

describe('chunked import', () => {
  it('pauses every yieldEvery rows while parsing and building, with the same result', async () => {
    const text = longForm(20, 50);
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    const p = plan(await parseImportChunked(text, 'csv', { now: NOW }, { yieldEvery: 100, yield: pause }));
    // 1,001 records read in chunks of 100, then 1,000 rows checked in chunks of 100.
    expect(pauses).toBeGreaterThanOrEqual(10 + 9);
    const parsePauses = pauses;
    const doc = new Y.Doc();
    await applyImportChunked(doc, p, { yieldEvery: 100, yield: pause });
    expect(pauses - parsePauses).toBeGreaterThanOrEqual(10);
    const direct = new Y.Doc();
    applyImport(direct, p);
    expect(readMatrix(doc)).toEqual(readMatrix(direct));
  });

  it('lets other work run between chunks', async () => {
    const text = grid(2_000).replace('Party,Issue One,Issue Two', 'Party,Issue One,Issue Two');
    const order: string[] = [];
    const other = (async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setImmediate(r));
        order.push('other');
      }
    })();
    const pause = () => new Promise<void>((r) => setImmediate(r));
    const limits = { ...IMPORT_LIMITS, parties: 5_000 };
    const p = plan(await parseImportChunked(text, 'csv', { now: NOW, limits }, { yieldEvery: 200, yield: pause }));
    order.push('parsed');
    await other;
    expect(p.parties).toHaveLength(2_000);
    expect(order.indexOf('other')).toBeLessThan(order.indexOf('parsed'));
  });

  it('reports a CSV syntax error in a later chunk with its line in the file', async () => {
    const lines = ['Party,Ceasefire', ...Array.from({ length: 30 }, (_, i) => `P${i},Supports`), 'Broken,"Rejects'];
    const r = await parseImportChunked(lines.join('\n') + '\n', 'csv', {}, { yieldEvery: 7 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ line: 32, message: expect.stringMatching(/not valid CSV/) });
  });
});

describe('order keys in bulk', () => {
  it('keeps given keys and appends runs without one after the largest so far', () => {
    const keys = fillOrderKeys(['', '', 'a5', '', 'a1', '']);
    expect(keys[2]).toBe('a5');
    expect(keys[4]).toBe('a1');
    expect(keys[0]! < keys[1]!).toBe(true);
    expect(keys[1]! < 'a5').toBe(true);
    expect(keys[3]! > 'a5').toBe(true);
    expect(keys[5]! > keys[3]!).toBe(true);
  });

  it('a JSON round trip of an imported matrix keeps every order', () => {
    const doc = new Y.Doc();
    applyImport(doc, plan(parseImport(longForm(5, 4), 'csv', { now: NOW })));
    const again = new Y.Doc();
    applyImport(again, plan(parseImport(exportJson(readMatrix(doc), { exportedAt: NOW }), 'json')));
    expect(buildJsonExport(readMatrix(again), { exportedAt: NOW })).toEqual(buildJsonExport(readMatrix(doc), { exportedAt: NOW }));
  });
});
