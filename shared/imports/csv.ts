/**
 * Reads a CSV into an import plan. Two layouts:
 *  - long form (our CSV export; recognised by its header row: Party, Issue, Stance, …), one row
 *    per source;
 *  - a simple grid: first column parties, first row issues, each cell a stance of the default
 *    scale (its label, symbol or id, any case, or "symbol label" as in our XLSX), empty = none.
 * Stances are matched exactly against the scale and never guessed: an unknown one is reported
 * with its line and column. Line numbers are those of the file (a quoted field may span lines).
 */
import { MatrixError } from '../errors.ts';
import { newId } from '../ids.ts';
import { MAX_TEXT_LENGTH, cleanDate, cleanLink, cleanName, nameKey } from '../matrix.ts';
import { DEFAULT_SCALE, type StanceLevel } from '../scale.ts';
import { SCHEMA_VERSION, SOURCE_KINDS, cellKey, type AxisItem, type Cell, type Source } from '../schema.ts';
import { restoreCsvText } from '../exports/csv.ts';
import { IssueList, type ImportOptions, type ImportResult } from './types.ts';
import { readCsvRecords, type Row } from './csv-records.ts';
import { IMPORT_LIMITS, checkLimit, type ImportLimits } from './limits.ts';
import { DEFAULT_YIELD_EVERY, chunker, runSync, type Steps } from './steps.ts';

export const DEFAULT_IMPORT_TITLE = 'Imported matrix';

/** Column letters as spreadsheets show them: 1 -> A, 27 -> AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const normalizeKey = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[\u2212\u2013\u2012]/g, '-') // minus sign and dashes typed for "−2"
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Every exact spelling that names a level: id, label, symbol, "symbol label", and the value as
 * a number ("-2", "+2", "2"). Built once per scale; a spelling shared by two levels is dropped
 * so it can never pick one of them silently.
 */
export function stanceLookup(scale: readonly StanceLevel[]): Map<string, StanceLevel> {
  const found = new Map<string, StanceLevel | null>();
  const put = (key: string, level: StanceLevel) => {
    const k = normalizeKey(key);
    if (!k) return;
    const had = found.get(k);
    found.set(k, had === undefined || had?.id === level.id ? level : null);
  };
  for (const level of scale) {
    put(level.id, level);
    put(level.label, level);
    put(level.symbol, level);
    put(`${level.symbol} ${level.label}`, level);
    if (level.value !== null) {
      put(String(level.value), level);
      if (level.value > 0) put(`+${level.value}`, level);
    }
  }
  const out = new Map<string, StanceLevel>();
  for (const [k, v] of found) if (v) out.set(k, v);
  return out;
}

function scaleHint(scale: readonly StanceLevel[]): string {
  return scale.map((l) => `${l.label} (${l.symbol})`).join(', ');
}

const LONG_COLUMNS = {
  party: ['party'],
  issue: ['issue'],
  stance: ['stance', 'stance label'],
  value: ['stance value', 'value'],
  quote: ['quote'],
  speaker: ['speaker'],
  document: ['document'],
  date: ['date'],
  link: ['link', 'url'],
  note: ['note', 'notes'],
  positionDate: ['position date'],
  salience: ['salience'],
  // Our export's evidence columns. A CSV import is a new matrix without the library, so
  // document ids and statuses are read past; a source's kind is kept.
  documentId: ['document id', 'document_id'],
  verification: ['verification'],
  kind: ['kind'],
  /** Our export's list of competing stances: read, not imported (a contested state lives in the history). */
  contested: ['contested'],
} as const;
type LongColumn = keyof typeof LONG_COLUMNS;

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

interface Context {
  limits: ImportLimits;
  /** True when a chunk of rows is done and the steps should pause. */
  tick: () => boolean;
}

function planMeta(options: ImportOptions, issues: IssueList): { schemaVersion: number; title: string; description: string; createdAt: string } {
  let title = DEFAULT_IMPORT_TITLE;
  try {
    title = cleanName(options.title ?? DEFAULT_IMPORT_TITLE, 'Title');
  } catch (e) {
    if (!(e instanceof MatrixError)) throw e;
    issues.add({ field: 'title', message: e.message });
  }
  return { schemaVersion: SCHEMA_VERSION, title, description: '', createdAt: (options.now ?? new Date()).toISOString() };
}

/** A cell's stance per position date ("" = undated), with the sources of that position. */
type DatedStances = Map<string, { stance: string; line: number; sources: string[] }>;

/**
 * The cell's stance is its latest position's. Only an undated stance is the cell's plain
 * coding (version 1); dated rows become positions, in date order.
 */
function withPositions(cell: Cell, dated: DatedStances): Cell {
  const days = [...dated.keys()].sort();
  const latest = dated.get(days[days.length - 1] ?? '');
  if (!latest) return cell;
  if (days.length === 1 && days[0] === '') return { ...cell, stance: latest.stance };
  const positions = days.map((date) => {
    const p = dated.get(date)!;
    return { id: newId(), stance: p.stance, date, note: '', by: '', at: '', sources: p.sources };
  });
  return { ...cell, stance: latest.stance, positions };
}

function* parseLong(header: Row, rows: Row[], options: ImportOptions, { limits, tick }: Context): Steps<ImportResult> {
  const issues = new IssueList();
  const scale = DEFAULT_SCALE.map((l) => ({ ...l }));
  const lookup = stanceLookup(scale);
  const column = new Map<LongColumn, number>();
  header.cells.forEach((raw, i) => {
    const key = normalizeKey(raw);
    const col = (Object.keys(LONG_COLUMNS) as LongColumn[]).find((c) => (LONG_COLUMNS[c] as readonly string[]).includes(key));
    const at = { line: header.line, column: i + 1, field: raw };
    if (!key) return issues.add({ ...at, message: `Column ${columnLetter(i + 1)} has no header.` });
    if (!col) {
      return issues.add({
        ...at,
        message: `Unknown column "${raw.trim()}". The columns are: Party, Issue, Stance, Stance value, Position date, Salience, Quote, Speaker, Document, Date, Link, Note, Document ID, Verification, Kind, Contested.`,
      });
    }
    if (column.has(col)) return issues.add({ ...at, message: `The column "${raw.trim()}" appears twice.` });
    column.set(col, i);
  });
  if (!issues.empty) return { ok: false, errors: issues.result() };

  const meta = planMeta(options, issues);
  const now = meta.createdAt;
  const addedBy = (options.addedBy ?? '').trim() || 'CSV import';
  const parties = new Map<string, AxisItem>();
  const issueItems = new Map<string, AxisItem>();
  const cells = new Map<string, Cell & { stanceLine: number; noteLine: number; dated: DatedStances }>();
  const fieldName = (c: LongColumn) => header.cells[column.get(c) ?? -1]?.trim() ?? c;

  let sourceCount = 0;
  for (const row of rows) {
    if (tick()) yield;
    const get = (c: LongColumn) => {
      const i = column.get(c);
      return i === undefined ? '' : restoreCsvText(row.cells[i] ?? '');
    };
    const at = (c: LongColumn) => ({ line: row.line, column: (column.get(c) ?? 0) + 1, field: fieldName(c) });
    const extra = row.cells.findIndex((v, i) => i >= header.cells.length && v.trim() !== '');
    if (extra >= 0) issues.add({ line: row.line, column: extra + 1, message: `A value in column ${columnLetter(extra + 1)}, which has no header.` });
    let ok = true;
    const name = (c: 'party' | 'issue', what: string) => {
      try {
        return cleanName(get(c), what);
      } catch (e) {
        if (!(e instanceof MatrixError)) throw e;
        issues.add({ ...at(c), message: e.message });
        ok = false;
        return '';
      }
    };
    const partyName = name('party', 'Party name');
    const issueName = name('issue', 'Issue name');

    const stanceText = get('stance').trim();
    let level: StanceLevel | undefined;
    if (stanceText) {
      level = lookup.get(normalizeKey(stanceText));
      if (!level) {
        issues.add({ ...at('stance'), message: `Unknown stance "${stanceText}". Use one of: ${scaleHint(scale)}.` });
        ok = false;
      }
    }
    const valueText = get('value').trim();
    if (valueText && ok) {
      const value = Number(valueText.replace(/\u2212/g, '-'));
      if (!level) {
        issues.add({ ...at('value'), message: `A stance value (${valueText}) without a stance label. Give the label, e.g. "Supports".` });
        ok = false;
      } else if (level.value === null || value !== level.value) {
        issues.add({
          ...at('value'),
          message: `The stance value ${valueText} does not match "${level.label}" (${level.value === null ? 'which has no value' : level.value}).`,
        });
        ok = false;
      }
    }

    const text = (c: LongColumn, what: string) => {
      const v = get(c).trim();
      if (v.length > MAX_TEXT_LENGTH) {
        issues.add({ ...at(c), message: `${what} is longer than ${MAX_TEXT_LENGTH} characters.` });
        ok = false;
      }
      return v;
    };
    const quote = text('quote', 'The quote');
    const speaker = text('speaker', 'The speaker');
    const document = text('document', 'The document');
    const note = get('note');
    if (note.length > MAX_TEXT_LENGTH) {
      issues.add({ ...at('note'), message: `The note is longer than ${MAX_TEXT_LENGTH} characters.` });
      ok = false;
    }
    let date = '';
    let link = '';
    try {
      date = cleanDate(get('date'));
    } catch (e) {
      if (!(e instanceof MatrixError)) throw e;
      issues.add({ ...at('date'), message: e.message });
      ok = false;
    }
    try {
      link = cleanLink(get('link'));
    } catch (e) {
      if (!(e instanceof MatrixError)) throw e;
      issues.add({ ...at('link'), message: e.message });
      ok = false;
    }
    let positionDate = '';
    try {
      positionDate = cleanDate(get('positionDate'));
    } catch (e) {
      if (!(e instanceof MatrixError)) throw e;
      issues.add({ ...at('positionDate'), message: e.message });
      ok = false;
    }
    const salienceText = get('salience').trim();
    const salience = salienceText === '' ? undefined : Number(salienceText);
    if (salience !== undefined && (!Number.isInteger(salience) || salience < 0 || salience > 100)) {
      issues.add({ ...at('salience'), message: `The salience "${salienceText}" is not a whole number from 0 to 100.` });
      ok = false;
    }
    const kindText = get('kind').trim().toLowerCase();
    const kind = SOURCE_KINDS.find((k) => k === kindText);
    if (kindText && !kind) {
      issues.add({ ...at('kind'), message: `Unknown kind "${get('kind').trim()}". Use one of: ${SOURCE_KINDS.join(', ')} (or leave it empty).` });
      ok = false;
    }
    if (!quote && (speaker || document || date || link)) {
      issues.add({ ...at('quote'), message: 'A source needs a quote (this row has a speaker, document, date or link but no quote).' });
      ok = false;
    }
    if (!ok || !issues.empty) continue; // once the file is known bad, only collect problems

    let party = parties.get(partyName);
    if (!party) {
      parties.set(partyName, (party = { id: newId(), name: partyName, description: '', order: '' }));
      checkLimit(limits, 'parties', parties.size);
    }
    let issue = issueItems.get(issueName);
    if (!issue) {
      issueItems.set(issueName, (issue = { id: newId(), name: issueName, description: '', order: '' }));
      checkLimit(limits, 'issues', issueItems.size);
    }
    const key = cellKey(party.id, issue.id);
    let cell = cells.get(key);
    if (!cell) {
      cell = { partyId: party.id, issueId: issue.id, stance: null, note: '', sources: [], stanceLine: 0, noteLine: 0, dated: new Map() };
      cells.set(key, cell);
      checkLimit(limits, 'cells', cells.size);
    }
    // Every row of a position repeats its stance, every row of a cell its note and salience;
    // rows that leave them empty add nothing.
    const held = cell.dated.get(positionDate);
    if (level) {
      if (held && held.stance !== level.id) {
        const was = scale.find((l) => l.id === held.stance)?.label ?? held.stance;
        const when = positionDate ? ` on ${positionDate}` : '';
        issues.add({
          ...at('stance'),
          message: `"${partyName}" × "${issueName}" has the stance "${was}"${when} on line ${held.line} and "${level.label}" here.`,
        });
      } else if (!held) cell.dated.set(positionDate, { stance: level.id, line: row.line, sources: [] });
    }
    if (salience !== undefined) {
      if (cell.salience !== undefined && cell.salience !== salience) {
        issues.add({ ...at('salience'), message: `"${partyName}" × "${issueName}" has a different salience on line ${cell.stanceLine}.` });
      } else {
        cell.salience = salience;
        cell.stanceLine = row.line;
      }
    }
    if (note.trim()) {
      if (cell.note && cell.note !== note) {
        issues.add({ ...at('note'), message: `"${partyName}" × "${issueName}" has a different note on line ${cell.noteLine}.` });
      } else {
        cell.note = note;
        cell.noteLine = row.line;
      }
    }
    if (quote) {
      const source: Source = { id: newId(), quote, speaker, document, date, link, addedBy, addedAt: now, order: '', ...(kind && { kind }) };
      cell.sources.push(source);
      checkLimit(limits, 'sources', ++sourceCount);
      cell.dated.get(positionDate)?.sources.push(source.id);
    }
  }
  if (!issues.empty) return { ok: false, errors: issues.result() };

  const partyList = [...parties.values()];
  const issueList = [...issueItems.values()];
  // Cells in display order (party, then issue), as MatrixData has them: sorted, not a walk over
  // every party × issue pair, which would cost far more than the file's size.
  const partyIndex = new Map(partyList.map((p, i) => [p.id, i]));
  const issueIndex = new Map(issueList.map((p, i) => [p.id, i]));
  const rank = (c: Cell) => (partyIndex.get(c.partyId) ?? 0) * (issueList.length + 1) + (issueIndex.get(c.issueId) ?? 0);
  const ordered: Cell[] = [...cells.values()]
    .map(({ stanceLine: _s, noteLine: _n, dated, ...cell }) => withPositions(cell, dated))
    .filter((cell) => cell.stance !== null || cell.note || cell.sources.length)
    .sort((a, b) => rank(a) - rank(b));
  return { ok: true, format: 'csv-long', matrix: { meta, scale, parties: partyList, issues: issueList, cells: ordered } };
}

function* parseGrid(header: Row, rows: Row[], options: ImportOptions, { limits, tick }: Context): Steps<ImportResult> {
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
