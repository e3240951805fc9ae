/**
 * The CSV export: long form, one row per source per position (a position without sources, and a
 * cell with only a note, get one row each); `Stance` is the position's stance, `Position date` the
 * day the party held it ("" for undated), `Salience` the cell's weight (0–100), RFC 4180 (CRLF, quoted fields), UTF-8 with a BOM so Excel reads accents right.
 * Written with csv-stringify, never by concatenation. The browser build of its sync API is used
 * because it runs unchanged in Node and in the browser.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { StanceLevel } from '../scale.ts';
import { cellKey, type MatrixData, type Source } from '../schema.ts';
import { positionsOf } from '../timeline/asof.ts';
import { asText, contestedText, evidenceColumns, gridCells, scaleById, type ExportContext, type ExportEvidence } from './common.ts';

/** Column headers of the long form, in order. The CSV importer recognises this header row. */
export const CSV_COLUMNS = [
  'Party',
  'Issue',
  'Stance',
  'Stance value',
  'Position date',
  'Salience',
  'Quote',
  'Speaker',
  'Document',
  'Date',
  'Link',
  'Note',
  'Document ID',
  'Verification',
  'Kind',
  'Contested',
] as const;

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
 * Rows of the long form as plain values (the header excluded), in cell order, each cell's
 * positions in timeline order. Stance value and Salience are numbers or ""; Contested lists the
 * competing stances of a contested cell ("−2 Opposes / +2 Supports").
 */
export function csvRows(matrix: MatrixData, evidence?: ExportEvidence, contested?: ExportContext['contested']): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const levels = scaleById(matrix);
  const t = (v: unknown) => neutralizeCsvText(asText(v));
  for (const { party, issue, cell } of gridCells(matrix)) {
    if (!cell) continue;
    const note = t(cell.note);
    const disputed = t(contestedText(matrix, cellKey(party.id, issue.id), contested));
    const salience = typeof cell.salience === 'number' && Number.isFinite(cell.salience) ? cell.salience : '';
    const positions = positionsOf(cell);
    if (positions.length === 0) {
      // Not coded: its note, or its sources, without a position.
      if (cell.sources.length === 0) rows.push([t(party.name), t(issue.name), '', '', '', salience, '', '', '', '', '', note, '', '', '', disputed]);
      for (const s of cell.sources) rows.push(sourceRow(party.name, issue.name, undefined, '', salience, s, note, evidence, disputed));
      continue;
    }
    for (const p of positions) {
      const level = levels.get(p.stance);
      const supporting = cell.sources.filter((s) => p.sources.includes(s.id));
      if (supporting.length === 0)
        rows.push([
          t(party.name),
          t(issue.name),
          t(level?.label ?? ''),
          levelValue(level),
          t(p.date),
          salience,
          '',
          '',
          '',
          '',
          '',
          note,
          '',
          '',
          '',
          disputed,
        ]);
      for (const s of supporting) rows.push(sourceRow(party.name, issue.name, level, p.date, salience, s, note, evidence, disputed));
    }
  }
  return rows;
}

function sourceRow(
  party: string,
  issue: string,
  level: StanceLevel | undefined,
  date: string,
  salience: number | '',
  s: Source,
  note: string,
  evidence: ExportEvidence | undefined,
  disputed: string,
): (string | number)[] {
  const t = (v: unknown) => neutralizeCsvText(asText(v));
  return [
    t(party),
    t(issue),
    t(level?.label ?? ''),
    levelValue(level),
    t(date),
    salience,
    t(s.quote),
    t(s.speaker),
    t(s.document),
    t(s.date),
    t(s.link),
    note,
    ...evidenceColumns(s, evidence).map(t),
    disputed,
  ];
}

/**
 * A level's value is a number: "-2" stays a number Excel can sum and sort (a bare number is not a
 * formula). Anything else there is text like any other, and gets the guard.
 */
function levelValue(level: StanceLevel | undefined): string | number {
  const value = level?.value;
  if (value === null || value === undefined) return '';
  return typeof value === 'number' && Number.isFinite(value) ? value : neutralizeCsvText(asText(value));
}

/** The whole file as text, starting with the UTF-8 BOM (U+FEFF). */
export function exportCsv(matrix: MatrixData, evidence?: ExportEvidence, contested?: ExportContext['contested']): string {
  // Rows end in CRLF; a field holding a lone LF or CR is quoted too, or readers that split on
  // either would start a new row inside it.
  return stringify([[...CSV_COLUMNS], ...csvRows(matrix, evidence, contested)], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
