import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { MATRIX_SHEET, SOURCES_COLUMNS, SOURCES_SHEET, argb, exportXlsx } from '../../shared/exports/xlsx.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { DANGEROUS, DEMO, EXPORTED_AT, demoMatrix, richMatrix, sourceCount } from './export-fixtures.ts';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

const fillOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);

describe('XLSX export', () => {
  it('returns bytes of a zip (an .xlsx) as a Uint8Array', async () => {
    const bytes = await exportXlsx(demoMatrix(), { exportedAt: EXPORTED_AT });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // "PK"
  });

  it('reads back with exceljs: sheets, grid texts, stance fills and font colours', async () => {
    const matrix = demoMatrix();
    const wb = await load(await exportXlsx(matrix, { exportedAt: EXPORTED_AT }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([MATRIX_SHEET, SOURCES_SHEET, 'Analysis']);
    expect(wb.title).toBe(DEMO.title);
    expect(wb.creator).toBe('Stance Grid');

    const ws = wb.getWorksheet(MATRIX_SHEET)!;
    expect(matrix.issues.map((_, i) => ws.getCell(1, i + 2).text)).toEqual(matrix.issues.map((i) => i.name));
    expect(matrix.parties.map((_, i) => ws.getCell(i + 2, 1).text)).toEqual(matrix.parties.map((p) => p.name));
    expect(ws.getCell(1, 2).alignment?.wrapText).toBe(true);

    // A known cell, checked against the literal colours of its level.
    const known = matrix.cells.find((c) => c.stance === 'demands')!;
    const cell = ws.getCell(matrix.parties.findIndex((p) => p.id === known.partyId) + 2, matrix.issues.findIndex((i) => i.id === known.issueId) + 2);
    expect(cell.text).toBe('+3 Demands / Proposes');
    expect(fillOf(cell)).toBe('FF2166AC');
    expect(cell.font?.color?.argb).toBe('FFFFFFFF');
    expect(cell.border?.top?.style).toBe('thin');

    // Every coded cell shows "symbol label" in its level's colour; uncoded cells are empty.
    const cells = new Map(matrix.cells.map((c) => [`${c.partyId}|${c.issueId}`, c]));
    matrix.parties.forEach((p, r) =>
      matrix.issues.forEach((i, c) => {
        const level = DEFAULT_SCALE.find((l) => l.id === cells.get(`${p.id}|${i.id}`)?.stance);
        const x = ws.getCell(r + 2, c + 2);
        expect(x.text).toBe(level ? `${level.symbol} ${level.label}` : '');
        if (level) expect(fillOf(x)).toBe(argb(level.color));
      }),
    );

    // Frozen first row and column.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(14);

    // The legend lists every level with its colour, below the grid.
    let legendAt = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).text === 'Legend') legendAt = n;
    });
    expect(legendAt).toBeGreaterThan(matrix.parties.length);
    DEFAULT_SCALE.forEach((level, k) => {
      const chip = ws.getCell(legendAt + 1 + k, 1);
      expect(chip.text).toBe(`${level.symbol} ${level.label}`);
      expect(fillOf(chip)).toBe(argb(level.color));
      expect(ws.getCell(legendAt + 1 + k, 2).text).toBe(level.description);
    });
  });

  it('has a Sources sheet in long form with frozen header, autofilter and widths', async () => {
    const matrix = demoMatrix();
    const wb = await load(await exportXlsx(matrix));
    const ws = wb.getWorksheet(SOURCES_SHEET)!;
    expect(ws.getRow(1).values).toEqual([undefined, ...SOURCES_COLUMNS.map((c) => c.header)]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(7).width).toBe(70);
    expect(ws.rowCount).toBe(1 + sourceCount(matrix));
    const src = matrix.cells[0]!.sources[0]!;
    const row = ws.getRow(2);
    const first = matrix.cells[0]!;
    const level = DEFAULT_SCALE.find((l) => l.id === first.stance)!;
    expect(row.getCell(1).text).toBe(matrix.parties.find((p) => p.id === first.partyId)?.name);
    expect(row.getCell(3).text).toBe(level.label);
    expect(row.getCell(4).value).toBe(level.value);
    expect(row.getCell(7).text).toBe(src.quote);
    expect(row.getCell(13).text).toBe('Stance Grid demo');
  });

  it('keeps formula-like text as inert strings and links as hyperlinks', async () => {
    const wb = await load(await exportXlsx(richMatrix()));
    const ws = wb.getWorksheet(SOURCES_SHEET)!;
    const quotes: ExcelJS.Cell[] = [];
    ws.eachRow((row, n) => n > 1 && quotes.push(row.getCell(7)));
    const hyperlink = quotes.find((c) => c.text === DANGEROUS.hyperlink)!;
    expect(hyperlink.type).toBe(ExcelJS.ValueType.String);
    expect(quotes.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const linkCell = ws.getRow(quotes.indexOf(hyperlink) + 2).getCell(11);
    expect(linkCell.value).toMatchObject({ text: 'https://example.org/a?b=1&c=2', hyperlink: 'https://example.org/a?b=1&c=2' });
    const grid = wb.getWorksheet(MATRIX_SHEET)!;
    expect(grid.getCell(2, 1).text).toBe('=Qatar');
    expect(grid.getCell(2, 1).type).toBe(ExcelJS.ValueType.String);
  });
});
