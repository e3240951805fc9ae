/** The long CSV layout (our export's): one row per source, with its party, issue, stance and position date. */
import { unlessRefused } from '../errors.ts';
import { newId } from '../ids.ts';
import { MAX_TEXT_LENGTH, cleanDate, cleanLink, cleanName } from '../matrix.ts';
import { DEFAULT_SCALE, type StanceLevel } from '../scale.ts';
import { SOURCE_KINDS, cellKey, type AxisItem, type Cell, type Source } from '../schema.ts';
import { restoreCsvText } from '../exports/csv.ts';
import { IssueList, type ImportOptions, type ImportResult } from './types.ts';
import type { Row } from './csv-records.ts';
import { checkLimit } from './limits.ts';
import type { Steps } from './steps.ts';
import { normalizeKey, scaleHint, stanceLookup } from './csv-stances.ts';
import { columnLetter, planMeta, type Context } from './csv-plan.ts';

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

export function* parseLong(header: Row, rows: Row[], options: ImportOptions, { limits, tick }: Context): Steps<ImportResult> {
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
    /** What `clean` makes of column `c`, or "" after reporting why not. */
    const cleaned = (c: LongColumn, clean: (value: string) => string) =>
      unlessRefused(
        () => clean(get(c)),
        (message) => {
          issues.add({ ...at(c), message });
          ok = false;
          return '';
        },
      );
    const name = (c: 'party' | 'issue', what: string) => cleaned(c, (v) => cleanName(v, what));
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
    const date = cleaned('date', cleanDate);
    const link = cleaned('link', cleanLink);
    const positionDate = cleaned('positionDate', cleanDate);
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
