/**
 * The XLSX export's "Analysis" sheet (README "Analysis"): per issue, ranked from consensus to
 * split, its n, counts per level, mean, median, spread, salience-weighted median and split; then
 * the agreement of every pair of parties, in the coalition (cluster) order. Computed with the
 * same pure functions as the live panel and GET …/analysis. Text is written as values, never as
 * formulas.
 */
import type ExcelJS from 'exceljs';
import { analyseMatrix } from '../analysis/index.ts';
import type { MatrixData } from '../schema.ts';
import { stanceText } from './common.ts';

export const ANALYSIS_SHEET = 'Analysis';

const BOLD = { name: 'Calibri', size: 11, bold: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
/** Figures to two decimals; whole counts as they are. */
const FIGURE = '0.00';

function headerRow(ws: ExcelJS.Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = BOLD;
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
}

export function buildAnalysisSheet(wb: ExcelJS.Workbook, matrix: MatrixData): void {
  const analysis = analyseMatrix(matrix);
  const ws = wb.addWorksheet(ANALYSIS_SHEET, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  const issueName = new Map(matrix.issues.map((i) => [i.id, i.name]));
  const partyName = new Map(matrix.parties.map((p) => [p.id, p.name]));

  ws.addRow(['Issues, from consensus to split']).font = BOLD;
  const figures = ['n', 'Mean', 'Median', 'SD', 'Weighted median', 'Polarisation', 'Split'];
  headerRow(ws, ['Rank', 'Issue', ...figures, ...matrix.scale.map(stanceText)]);
  for (const i of analysis.issues) {
    const row = ws.addRow([
      i.rank,
      issueName.get(i.issueId) ?? i.issueId,
      i.n,
      i.mean,
      i.median,
      i.sd,
      i.weightedMedian,
      i.polarisation,
      i.split ? 'split' : '',
      ...matrix.scale.map((l) => i.counts[l.id] ?? 0),
    ]);
    for (const col of [4, 5, 6, 7, 8]) row.getCell(col).numFmt = FIGURE;
  }
  ws.addRow([]);

  ws.addRow(['Party agreement (1 = same positions on every shared issue; n = issues both coded with a value)']).font = BOLD;
  headerRow(ws, ['Party', 'Party', 'n', 'Agreement', 'Convergent', 'Divergent']);
  const place = new Map(analysis.clusters.order.map((id, k) => [id, k]));
  const pairs = [...analysis.pairs].sort((x, y) => (place.get(x.a) ?? 0) - (place.get(y.a) ?? 0) || (place.get(x.b) ?? 0) - (place.get(y.b) ?? 0));
  for (const p of pairs) {
    const row = ws.addRow([partyName.get(p.a) ?? p.a, partyName.get(p.b) ?? p.b, p.n, p.agreement, p.convergent, p.divergent]);
    row.getCell(4).numFmt = FIGURE;
  }
  ws.columns.forEach((column, k) => (column.width = k === 1 ? 34 : k === 0 ? 22 : 12));
}
