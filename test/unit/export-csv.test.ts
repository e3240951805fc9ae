import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, exportCsv, neutralizeCsvText, restoreCsvText } from '../../shared/exports/csv.ts';
import { parseImport } from '../../shared/imports/index.ts';
import type { VerificationStatus } from '../../shared/evidence/verify.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { DANGEROUS, demoMatrix, richMatrix, sourceCount } from './export-fixtures.ts';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;
const read = (csv: string): Row[] => parse(csv, { bom: true, columns: true }) as Row[];

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and uses CRLF records (RFC 4180)', () => {
    const csv = exportCsv(demoMatrix());
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.slice(1).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('has one row per source of the demo, with the right fields', () => {
    const matrix = demoMatrix();
    const rows = read(exportCsv(matrix));
    expect(rows).toHaveLength(sourceCount(matrix)); // every demo cell has sources
    const first = matrix.cells[0]!;
    const party = matrix.parties.find((p) => p.id === first.partyId)!;
    const issue = matrix.issues.find((i) => i.id === first.issueId)!;
    const level = matrix.scale.find((l) => l.id === first.stance)!;
    const src = first.sources[0]!;
    expect(rows[0]).toEqual({
      Party: party.name,
      Issue: issue.name,
      Stance: level.label,
      'Stance value': String(level.value),
      // demoMatrix is read without the timeline: one undated position, no salience.
      'Position date': '',
      Salience: '',
      Quote: src.quote,
      Speaker: src.speaker,
      Document: src.document,
      Date: src.date,
      Link: src.link,
      Note: first.note,
      'Document ID': src.documentId ?? '',
      Verification: '',
      Kind: src.kind ?? '',
      Contested: '',
    });
    // A row per source, in cell order then source order.
    const expected = matrix.cells.flatMap((c) => c.sources.map((s) => s.quote));
    expect(rows.map((r) => r.Quote)).toEqual(expected);
    expect(rows.filter((r) => r.Stance === 'Conditional').every((r) => r['Stance value'] === '')).toBe(true);
  });

  it('writes one row for a coded or annotated cell without sources', () => {
    const rows = read(exportCsv(richMatrix()));
    const qatar = rows.filter((r) => r.Party === "'=Qatar");
    expect(qatar).toHaveLength(1);
    expect(qatar[0]).toMatchObject({ Issue: 'Ceasefire', Stance: 'Demands / Proposes', 'Stance value': '3', Quote: '', Link: '' });
    const egypt = rows.filter((r) => r.Party === 'Égypte');
    expect(egypt.map((r) => [r.Issue, r.Stance, r.Note])).toEqual([
      ['Ceasefire', 'No public position', ''],
      ['Rafah crossing', '', "'\tTab-led note"],
    ]);
    expect(rows).toHaveLength(3 + 1 + 1 + 1 + 1 + 1 + 1); // israel 3, hamas 3 (one with no source), qatar 1, egypt 2
  });

  it('neutralises formula starts so spreadsheets show them as text', () => {
    const rows = read(exportCsv(richMatrix()));
    const quotes = rows.map((r) => r.Quote);
    expect(quotes).toContain(`'${DANGEROUS.hyperlink}`);
    expect(quotes).toContain(`'${DANGEROUS.plus}`);
    expect(quotes).toContain(`'${DANGEROUS.minus}`);
    expect(quotes).toContain(`'${DANGEROUS.at}`);
    expect(rows.map((r) => r.Speaker)).toContain("'-Minister");
    expect(rows.map((r) => r.Document)).toContain("'@Doc");
    // No field of any row starts with a formula character once parsed.
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (column === 'Stance value')
          expect(value).toMatch(/^(-?\d+)?$/); // a bare number is not a formula
        else expect(value, `${column}: ${value}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it('neutralisation is reversible, even for text that starts with an apostrophe', () => {
    for (const text of ['=1+1', "'=1+1", "''@x", '\rx', 'plain', "'plain", '', '-']) {
      expect(restoreCsvText(neutralizeCsvText(text))).toBe(text);
      expect(neutralizeCsvText(text)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('re-imports as the same content (long form)', () => {
    const matrix = richMatrix();
    const result = parseImport(exportCsv(matrix), 'csv', { title: 'Again' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.format).toBe('csv-long');
    const names = (m: typeof matrix) => ({
      parties: m.parties.map((p) => p.name),
      issues: m.issues.map((i) => i.name),
      cells: m.cells.map((c) => ({
        party: m.parties.find((p) => p.id === c.partyId)?.name,
        issue: m.issues.find((i) => i.id === c.issueId)?.name,
        stance: c.stance,
        note: c.note,
        sources: c.sources.map(({ quote, speaker, document, date, link }) => ({ quote, speaker, document, date, link })),
      })),
    });
    expect(names(result.matrix)).toEqual(names(matrix));
  });

  it('fills Verification from the statuses the server passes in, and reads its own evidence columns back (kind kept)', () => {
    const matrix = demoMatrix();
    const src = matrix.cells[0]!.sources[0]!;
    expect(src.documentId).toBeTruthy();
    const status: Record<string, VerificationStatus> = Object.fromEntries(matrix.cells.flatMap((c) => c.sources.map((s) => [s.id, 'verified'])));
    status[src.id] = 'altered';
    const csv = exportCsv(matrix, { status, titles: {} });
    const rows = read(csv);
    expect(rows[0]).toMatchObject({ 'Document ID': src.documentId, Verification: 'altered', Kind: src.kind });
    expect(rows.slice(1).every((r) => r.Verification === 'verified')).toBe(true);
    const result = parseImport(csv, 'csv', { title: 'Again' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const kindByQuote = (m: MatrixData) => new Map(m.cells.flatMap((c) => c.sources.map((s) => [`${c.note}|${s.quote}`, s.kind])));
    expect(kindByQuote(result.matrix)).toEqual(kindByQuote(matrix));
    expect(result.matrix.cells.flatMap((c) => c.sources).every((s) => s.documentId === undefined)).toBe(true);
    const bad = parseImport(csv.replace(/,direct,\r\n/, ',hearsay,\r\n'), 'csv');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.message).toContain('Unknown kind "hearsay"');
  });

  it("lists a contested cell's competing stances in the Contested column", () => {
    const matrix = demoMatrix();
    const first = matrix.cells[0]!;
    const key = `${first.partyId}|${first.issueId}`;
    const rows = read(exportCsv(matrix, undefined, new Map([[key, ['opposes', 'supports']]])));
    const own = rows.filter((r) => r.Contested !== '');
    expect(own.length).toBe(first.sources.length);
    const text = (id: string) => {
      const l = matrix.scale.find((x) => x.id === id)!;
      return `${l.symbol} ${l.label}`;
    };
    expect(own[0]!.Contested).toBe(`${text('opposes')} / ${text('supports')}`);
  });
});
