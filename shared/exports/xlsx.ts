/**
 * The XLSX export (exceljs, which also runs in the browser): a "Matrix" sheet laid out like the
 * grid, with stance colours, labels and a legend, a "Sources" sheet in long form (a row per source
 * per position) and an "Analysis" sheet (xlsx-analysis.ts).
 * Strings are always written as values, never as formulas, so a quote beginning with "=" stays
 * text. Returns bytes (Uint8Array), not a Node Buffer, so the client can reuse it.
 */
import ExcelJS from 'exceljs';
import type { StanceLevel } from '../scale.ts';
import type { MatrixData } from '../schema.ts';
import { positionsOf } from '../timeline/asof.ts';
import {
  asText,
  contestedText,
  evidenceColumns,
  formatUtc,
  gridCells,
  isWebLink,
  scaleById,
  stanceText,
  type ExportContext,
  type ExportEvidence,
} from './common.ts';
import { buildAnalysisSheet } from './xlsx-analysis.ts';
import { cellKey } from '../schema.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MATRIX_SHEET = 'Matrix';
export const SOURCES_SHEET = 'Sources';

export const SOURCES_COLUMNS = [
  { header: 'Party', width: 22 },
  { header: 'Issue', width: 26 },
  { header: 'Stance', width: 20 },
  { header: 'Stance value', width: 8 },
  { header: 'Position date', width: 12 },
  { header: 'Salience', width: 9 },
  { header: 'Quote', width: 70 },
  { header: 'Speaker', width: 28 },
  { header: 'Document', width: 34 },
  { header: 'Date', width: 12 },
  { header: 'Link', width: 34 },
  { header: 'Note', width: 50 },
  { header: 'Added by', width: 18 },
  { header: 'Added at', width: 22 },
  { header: 'Document ID', width: 18 },
  { header: 'Verification', width: 12 },
  { header: 'Kind', width: 10 },
  { header: 'Contested', width: 30 },
] as const;

/** "#b2182b" -> "FFB2182B" (exceljs wants opaque ARGB). */
export function argb(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  return `FF${(m?.[1] ?? 'FFFFFF').toUpperCase()}`;
}

/** Set on every styled cell: a font without a name renders in some readers' serif default. */
const FONT = { name: 'Calibri', size: 11 } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN = { style: 'thin', color: { argb: 'FFA6A6A6' } } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function stanceStyle(cell: ExcelJS.Cell, level: StanceLevel): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(level.color) } };
  cell.font = { ...FONT, color: { argb: argb(level.textColor) } };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function buildMatrixSheet(wb: ExcelJS.Workbook, matrix: MatrixData, context: ExportContext): void {
  const ws = wb.addWorksheet(MATRIX_SHEET, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  const { parties, issues } = matrix;

  // Widths in characters: names fit without wrapping up to a limit; stance columns fit their
  // longest stance text (and the header wraps instead of widening the grid).
  const longestStance = Math.max(0, ...matrix.scale.map((l) => stanceText(l).length));
  const partyWidth = clamp(Math.max(longestStance, ...parties.map((p) => asText(p.name).length)) + 2, 14, 40);
  const issueWidth = clamp(longestStance + 2, 14, 24);
  ws.getColumn(1).width = partyWidth;
  for (let c = 0; c < issues.length; c++) ws.getColumn(c + 2).width = issueWidth;

  const corner = ws.getCell(1, 1);
  corner.value = 'Party / Issue';
  corner.font = { ...FONT, bold: true, italic: true, color: { argb: 'FF595959' } };
  corner.alignment = { vertical: 'bottom' };
  corner.fill = HEADER_FILL;
  corner.border = BORDER;
  issues.forEach((issue, i) => {
    const cell = ws.getCell(1, i + 2);
    cell.value = asText(issue.name);
    cell.font = { ...FONT, bold: true };
    cell.alignment = { wrapText: true, vertical: 'bottom', horizontal: 'center' };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  // Row heights are not recomputed by every reader on open, so size the header for its wrap.
  const headerLines = Math.max(1, ...issues.map((i) => Math.ceil(asText(i.name).length / (issueWidth - 2))));
  ws.getRow(1).height = clamp(15 * headerLines + 3, 18, 96);

  parties.forEach((party, r) => {
    ws.getRow(r + 2).height = 21;
    const cell = ws.getCell(r + 2, 1);
    cell.value = asText(party.name);
    cell.font = { ...FONT, bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });

  const rowOf = new Map(parties.map((p, i) => [p.id, i + 2]));
  const colOf = new Map(issues.map((p, i) => [p.id, i + 2]));
  for (const { party, issue, level } of gridCells(matrix)) {
    const cell = ws.getCell(rowOf.get(party.id) ?? 0, colOf.get(issue.id) ?? 0);
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (!level) continue;
    const disputed = contestedText(matrix, cellKey(party.id, issue.id), context.contested);
    cell.value = disputed ? `${stanceText(level)} ⚡ contested: ${disputed}` : stanceText(level);
    stanceStyle(cell, level);
  }

  // Legend and provenance below the grid, so printing the grid's width prints them too.
  let row = parties.length + 3;
  const heading = ws.getCell(row, 1);
  heading.value = 'Legend';
  heading.font = { ...FONT, bold: true };
  row++;
  for (const level of matrix.scale) {
    const chip = ws.getCell(row, 1);
    chip.value = stanceText(level);
    stanceStyle(chip, level);
    chip.border = BORDER;
    chip.alignment = { horizontal: 'center' };
    ws.getCell(row, 2).value = asText(level.description);
    row++;
  }
  ws.getCell(row, 1).value = '(empty)';
  ws.getCell(row, 1).border = BORDER;
  ws.getCell(row, 1).alignment = { horizontal: 'center' };
  ws.getCell(row, 2).value = 'Not coded';
  row += 2;
  const info: [string, string][] = [
    ['Matrix', asText(matrix.meta.title)],
    ['Exported', formatUtc(context.exportedAt ?? new Date())],
  ];
  if (context.snapshot) info.push(['Snapshot', `${asText(context.snapshot.name)} (${formatUtc(new Date(context.snapshot.createdAt))})`]);
  if (matrix.meta.description) info.push(['Description', asText(matrix.meta.description)]);
  // Long text is merged across the grid's width and wrapped: text left to overflow would
  // widen the printed area far beyond the grid.
  const lastColumn = Math.max(issues.length + 1, 6);
  const spanChars = issueWidth * (lastColumn - 1);
  for (const [label, value] of info) {
    ws.getCell(row, 1).value = label;
    ws.getCell(row, 1).font = { ...FONT, bold: true };
    ws.getCell(row, 1).alignment = { vertical: 'top' };
    ws.mergeCells(row, 2, row, lastColumn);
    const cell = ws.getCell(row, 2);
    cell.value = value;
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(row).height = 15 * Math.max(1, Math.ceil(value.length / spanChars)) + 2;
    row++;
  }
}

function buildSourcesSheet(wb: ExcelJS.Workbook, matrix: MatrixData, evidence: ExportEvidence | undefined, contested: ExportContext['contested']): void {
  const ws = wb.addWorksheet(SOURCES_SHEET, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  ws.columns = SOURCES_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { ...FONT, bold: true };
  header.alignment = { vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: THIN };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SOURCES_COLUMNS.length } };

  const levels = scaleById(matrix);
  // One row per source per position (as the CSV); a position or uncoded cell without sources gets one.
  for (const { party, issue, cell } of gridCells(matrix)) {
    if (!cell) continue;
    // Every value from the matrix is written as a string (or a number): exceljs would turn an
    // object such as { formula } into a live formula. Only http(s) links become hyperlinks.
    const positions = positionsOf(cell);
    const groups = positions.length
      ? positions.map((p) => ({ level: levels.get(p.stance), date: p.date, sources: cell.sources.filter((s) => p.sources.includes(s.id)) }))
      : [{ level: undefined, date: '', sources: cell.sources }];
    const salience = typeof cell.salience === 'number' && Number.isFinite(cell.salience) ? cell.salience : null;
    for (const { level, date, sources } of groups) {
      const value = level?.value;
      for (const s of sources.length ? sources : [null]) {
        const link = isWebLink(s?.link) ? s.link : null;
        const row = ws.addRow([
          asText(party.name),
          asText(issue.name),
          asText(level?.label),
          typeof value === 'number' && Number.isFinite(value) ? value : value == null ? null : asText(value),
          asText(date),
          salience,
          asText(s?.quote),
          asText(s?.speaker),
          asText(s?.document),
          asText(s?.date),
          link ? { text: link, hyperlink: link } : asText(s?.link),
          asText(cell.note),
          asText(s?.addedBy),
          asText(s?.addedAt),
          ...(s ? evidenceColumns(s, evidence) : ['', '', '']),
          contestedText(matrix, cellKey(party.id, issue.id), contested),
        ]);
        row.alignment = { vertical: 'top', wrapText: true };
        if (level) stanceStyle(row.getCell(3), level);
        if (link) row.getCell(11).font = { ...FONT, color: { argb: 'FF0563C1' }, underline: true };
      }
    }
  }
}

/** The workbook as bytes. */
export async function exportXlsx(matrix: MatrixData, context: ExportContext = {}): Promise<Uint8Array> {
  const when = context.exportedAt ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.title = context.snapshot ? `${asText(matrix.meta.title)} — ${asText(context.snapshot.name)}` : asText(matrix.meta.title);
  wb.subject = asText(matrix.meta.description);
  wb.creator = 'Stance Grid';
  wb.lastModifiedBy = 'Stance Grid';
  wb.created = when;
  wb.modified = when;
  buildMatrixSheet(wb, matrix, { ...context, exportedAt: when });
  buildSourcesSheet(wb, matrix, context.evidence, context.contested);
  buildAnalysisSheet(wb, matrix);
  const out: unknown = await wb.xlsx.writeBuffer();
  // Node gives a Buffer (a Uint8Array), browsers an ArrayBuffer.
  return out instanceof Uint8Array ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : new Uint8Array(out as ArrayBuffer);
}
