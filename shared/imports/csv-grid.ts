/** The simple CSV grid: parties down column A, issues across row 1, a stance in each cell. */
import { MatrixError } from '../errors.ts';
import { newId } from '../ids.ts';
import { cleanName, nameKey } from '../matrix.ts';
import { DEFAULT_SCALE } from '../scale.ts';
import type { AxisItem, Cell } from '../schema.ts';
import { restoreCsvText } from '../exports/csv.ts';
import { IssueList, type ImportOptions, type ImportResult } from './types.ts';
import type { Row } from './csv-records.ts';
import { checkLimit } from './limits.ts';
import type { Steps } from './steps.ts';
import { normalizeKey, scaleHint, stanceLookup } from './csv-stances.ts';
import { columnLetter, planMeta, type Context } from './csv-plan.ts';

export function* parseGrid(header: Row, rows: Row[], options: ImportOptions, { limits, tick }: Context): Steps<ImportResult> {
  const issues = new IssueList();
  const scale = DEFAULT_SCALE.map((l) => ({ ...l }));
  const lookup = stanceLookup(scale);

  // Trailing empty header cells are spreadsheet padding, not issues.
  let width = header.cells.length;
  while (width > 1 && (header.cells[width - 1] ?? '').trim() === '') width--;
  if (width < 2) {
    return {
      ok: false,
      errors: [{ line: header.line, message: 'Expected a grid: issue names across the first row (from column B) and party names down column A.' }],
    };
  }

  checkLimit(limits, 'issues', width - 1);
  const issueList: AxisItem[] = [];
  /** By column index (1 = B); undefined where the header is unusable. */
  const issueAt: (AxisItem | undefined)[] = [];
  const issueColumn = new Map<string, number>();
  for (let i = 1; i < width; i++) {
    const raw = restoreCsvText(header.cells[i] ?? '');
    const at = { line: header.line, column: i + 1, field: columnLetter(i + 1) };
    try {
      const name = cleanName(raw, 'Issue name');
      const first = issueColumn.get(nameKey(name));
      if (first !== undefined) issues.add({ ...at, message: `Duplicate issue "${name}" (also in column ${columnLetter(first)}).` });
      else issueColumn.set(nameKey(name), i + 1);
      const item = { id: newId(), name, description: '', order: '' };
      issueList.push(item);
      issueAt[i] = item;
    } catch (e) {
      if (!(e instanceof MatrixError)) throw e;
      issues.add({ ...at, message: `Column ${columnLetter(i + 1)}: ${e.message}` });
    }
  }

  const parties: AxisItem[] = [];
  const partyLine = new Map<string, number>();
  const cells: Cell[] = [];
  checkLimit(limits, 'parties', rows.length);
  for (const row of rows) {
    if (tick()) yield;
    let party: AxisItem | null = null;
    try {
      const name = cleanName(restoreCsvText(row.cells[0] ?? ''), 'Party name');
      const first = partyLine.get(nameKey(name));
      if (first !== undefined) issues.add({ line: row.line, column: 1, field: 'A', message: `Duplicate party "${name}" (also on line ${first}).` });
      else partyLine.set(nameKey(name), row.line);
      party = { id: newId(), name, description: '', order: '' };
      parties.push(party);
    } catch (e) {
      if (!(e instanceof MatrixError)) throw e;
      issues.add({ line: row.line, column: 1, field: 'A', message: e.message });
    }
    for (let i = 1; i < row.cells.length; i++) {
      const value = (row.cells[i] ?? '').trim();
      if (!value) continue;
      const issue = issueAt[i];
      const at = { line: row.line, column: i + 1, field: issue ? issue.name : columnLetter(i + 1) };
      if (i >= width) {
        issues.add({ ...at, message: `A value in column ${columnLetter(i + 1)}, which has no issue name in the first row.` });
        continue;
      }
      const level = lookup.get(normalizeKey(restoreCsvText(value)));
      if (!level) {
        issues.add({ ...at, message: `Unknown stance "${value}" in column ${columnLetter(i + 1)}. Use one of: ${scaleHint(scale)}.` });
        continue;
      }
      if (party && issue) {
        cells.push({ partyId: party.id, issueId: issue.id, stance: level.id, note: '', sources: [] });
        checkLimit(limits, 'cells', cells.length);
      }
    }
  }
  const meta = planMeta(options, issues);
  if (!issues.empty) return { ok: false, errors: issues.result() };
  return { ok: true, format: 'csv-grid', matrix: { meta, scale, parties, issues: issueList, cells } };
}
