/**
 * The CSV export: long form, one row per source (and one row for a cell with a stance or note
 * but no source), RFC 4180 (CRLF, quoted fields), UTF-8 with a BOM so Excel reads accents right.
 * Written with csv-stringify, never by concatenation. The browser build of its sync API is used
 * because it runs unchanged in Node and in the browser.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { MatrixData } from '../schema.ts';
import { cellKey } from '../schema.ts';
import { asText, contestedText, gridCells, type ExportContext } from './common.ts';

/** Column headers of the long form, in order. The CSV importer recognises this header row. */
export const CSV_COLUMNS = ['Party', 'Issue', 'Stance', 'Stance value', 'Quote', 'Speaker', 'Document', 'Date', 'Link', 'Note', 'Contested'] as const;

/**
 * Spreadsheet apps run a cell that begins with = + - @ (or a tab / CR before one) as a formula
 * ("CSV injection"). Such text gets a leading apostrophe. Text that already begins with
 * apostrophes before such a character gets one more, so `restoreCsvText` can undo it exactly.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutralizeCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutralizeCsvText (used when our own CSV is imported again). */
export function restoreCsvText(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/**
 * Rows of the long form as plain values (the header excluded). Stance value is a number or "";
 * Contested lists the competing stances of a contested cell ("−2 Opposes / +2 Supports").
 */
export function csvRows(matrix: MatrixData, contested?: ExportContext['contested']): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const { party, issue, cell, level } of gridCells(matrix)) {
    if (!cell) continue;
    const t = (v: unknown) => neutralizeCsvText(asText(v));
    // A level's value is a number: "-2" stays a number Excel can sum and sort (a bare number is
    // not a formula). Anything else there is text like any other, and gets the guard.
    const value = level?.value;
    const stance = [t(party.name), t(issue.name), t(level?.label ?? ''), typeof value === 'number' && Number.isFinite(value) ? value : t(value)];
    const note = t(cell.note);
    const disputed = t(contestedText(matrix, cellKey(party.id, issue.id), contested));
    if (cell.sources.length === 0) {
      rows.push([...stance, '', '', '', '', '', note, disputed]);
      continue;
    }
    for (const s of cell.sources) {
      rows.push([...stance, t(s.quote), t(s.speaker), t(s.document), t(s.date), t(s.link), note, disputed]);
    }
  }
  return rows;
}

/** The whole file as text, starting with the UTF-8 BOM (U+FEFF). */
export function exportCsv(matrix: MatrixData, contested?: ExportContext['contested']): string {
  // Rows end in CRLF; a field holding a lone LF or CR is quoted too, or readers that split on
  // either would start a new row inside it.
  return stringify([[...CSV_COLUMNS], ...csvRows(matrix, contested)], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
