/**
 * Reads a CSV into an import plan. Two layouts:
 *  - long form (our CSV export; recognised by its header row: Party, Issue, Stance, …), one row
 *    per source;
 *  - a simple grid: first column parties, first row issues, each cell a stance of the default
 *    scale (its label, symbol or id, any case, or "symbol label" as in our XLSX), empty = none.
 * Stances are matched exactly against the scale and never guessed: an unknown one is reported
 * with its line and column. Line numbers are those of the file (a quoted field may span lines).
 */
import type { ImportOptions, ImportResult } from './types.ts';
import { readCsvRecords } from './csv-records.ts';
import { IMPORT_LIMITS, checkLimit } from './limits.ts';
import { DEFAULT_YIELD_EVERY, chunker, runSync, type Steps } from './steps.ts';
import { normalizeKey } from './csv-stances.ts';
import { parseLong } from './csv-long.ts';
import { parseGrid } from './csv-grid.ts';

export function parseCsvImport(text: string, options: ImportOptions = {}): ImportResult {
  return runSync(csvImportSteps(text, options));
}

/**
 * parseCsvImport as steps that pause every `every` rows (see steps.ts). Throws ImportLimitError
 * for a file past the limits, before most of the work.
 */
export function* csvImportSteps(text: string, options: ImportOptions = {}, every = DEFAULT_YIELD_EVERY): Steps<ImportResult> {
  const limits = options.limits ?? IMPORT_LIMITS;
  checkLimit(limits, 'bytes', text.length);
  const body = text.replace(/^\uFEFF/, '');
  const read = yield* readCsvRecords(body, limits, every);
  if (!read.ok) return { ok: false, errors: [{ ...(read.line ? { line: read.line } : {}), message: read.message }] };
  const rows = read.rows;
  const header = rows[0];
  if (!header) return { ok: false, errors: [{ message: 'The file is empty.' }] };

  const keys = header.cells.map(normalizeKey);
  const isLong = keys.includes('party') && keys.includes('issue') && keys.some((k) => k === 'stance' || k === 'stance label' || k === 'quote' || k === 'note');
  const context = { limits, tick: chunker(every) };
  return isLong ? yield* parseLong(header, rows.slice(1), options, context) : yield* parseGrid(header, rows.slice(1), options, context);
}
