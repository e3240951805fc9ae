/** Issue 10 in the exports: positions, salience and events in JSON (lossless), CSV/XLSX columns, the analysis in XLSX and Markdown. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { analyseMatrix } from '../../shared/analysis/index.ts';
import { exportCsv } from '../../shared/exports/csv.ts';
import { exportJson, readExtras, type MatrixExport } from '../../shared/exports/json.ts';
import { exportMarkdown } from '../../shared/exports/markdown.ts';
import { exportXlsx } from '../../shared/exports/xlsx.ts';
import { applyImport, parseImport } from '../../shared/imports/index.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { addEvent, setSalience } from '../../shared/positions.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { applyDemoTimeline } from '../../shared/timeline/demo.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import { loadDemoTimeline } from '../../server/seed.ts';
import { EXPORTED_AT, demoDoc } from './export-fixtures.ts';

/** The demo with its timeline, a salience set on two cells and an event with a hostile label. */
export function timelineDoc(): Y.Doc {
  const doc = demoDoc();
  applyDemoTimeline(doc, loadDemoTimeline());
  setSalience(doc, 'russia', 'ceasefire-30-day', 90, SEED_ORIGIN);
  setSalience(doc, 'ukraine', 'ceasefire-30-day', 0, SEED_ORIGIN);
  addEvent(doc, { id: 'ev-formula', date: '2025-03-21', label: '=HYPERLINK("x")' }, SEED_ORIGIN);
  return doc;
}

function exported(doc: Y.Doc): MatrixExport {
  return JSON.parse(exportJson(readTimelineData(doc), { exportedAt: EXPORTED_AT }, readExtras(doc))) as MatrixExport;
}

function importText(text: string) {
  const parsed = parseImport(text, 'json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const doc = new Y.Doc();
  applyImport(doc, parsed.matrix);
  return doc;
}

describe('JSON export and import of the timeline', () => {
  it('round-trips positions (with their sources, by and at), salience and events exactly', () => {
    const source = timelineDoc();
    const first = exported(source);
    const russia = first.matrix.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')!;
    expect(russia.positions!.map((p) => p.date)).toEqual(['2025-03-12', '2025-03-13', '2025-03-18']);
    expect(russia.salience).toBe(90);
    expect(first.matrix.events).toHaveLength(6);
    const doc = importText(JSON.stringify(first));
    const second = exported(doc);
    expect(second.matrix).toEqual(first.matrix);
    expect({ ...second, exportedAt: 0 }).toEqual({ ...first, exportedAt: 0 });
    // Read through the model, the imported doc is the same timeline (sources linked to their positions).
    expect(readTimelineData(doc)).toEqual(readTimelineData(source));
  });

  it('still imports a version-1 file (no positions, salience or events)', () => {
    const first = exported(demoDoc());
    const v1 = structuredClone(first);
    v1.schemaVersion = 1;
    delete v1.matrix.events;
    for (const c of v1.matrix.cells) {
      delete c.positions;
      delete c.salience;
    }
    expect(exported(importText(JSON.stringify(v1))).matrix).toEqual(first.matrix);
  });

  it('refuses a malformed timeline, naming the JSON path of each problem, and imports nothing', () => {
    const file = exported(timelineDoc());
    const i = file.matrix.cells.findIndex((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day');
    const bad = structuredClone(file) as MatrixExport & { matrix: MatrixData & { events: unknown[] } };
    const cell = bad.matrix.cells[i]!;
    cell.positions![0]!.stance = 'maybe';
    cell.positions![1]!.sources = ['no-such-source'];
    cell.positions![2]!.date = '2025-02-30';
    cell.salience = 101;
    bad.matrix.events[0] = { id: 'e1', date: '', label: 'x' };
    const j = bad.matrix.cells.findIndex((c) => c.partyId === 'russia' && c.issueId === 'energy-truce');
    bad.matrix.cells[j]!.stance = 'rejects';
    const parsed = parseImport(JSON.stringify(bad), 'json');
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        `matrix.cells[${i}].salience`,
        `matrix.cells[${i}].positions[0].stance`,
        `matrix.cells[${i}].positions[1].sources`,
        `matrix.cells[${i}].positions[2].date`,
        `matrix.cells[${j}].stance`,
        'matrix.events[0].date',
      ]),
    );
  });
});

const timelineMatrix = () => readTimelineData(timelineDoc());
const name = (m: MatrixData, kind: 'parties' | 'issues', id: string) => m[kind].find((x) => x.id === id)!.name;

describe('CSV and XLSX: a row per source per position, with Position date and Salience', () => {
  it('writes each position of a cell with its own stance, date and sources, and the cell salience', () => {
    const m = timelineMatrix();
    const rows = parse(exportCsv(m), { bom: true, columns: true }) as Record<string, string>[];
    const cell = m.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')!;
    const mine = rows.filter((r) => r.Party === name(m, 'parties', 'russia') && r.Issue === name(m, 'issues', 'ceasefire-30-day'));
    const label = (id: string) => m.scale.find((l) => l.id === id)!.label;
    const expected = cell.positions!.flatMap((p) =>
      p.sources.map((id) => ({ date: p.date, stance: label(p.stance), quote: cell.sources.find((s) => s.id === id)!.quote })),
    );
    expect(mine.map((r) => ({ date: r['Position date'], stance: r.Stance, quote: r.Quote }))).toEqual(expected);
    expect(new Set(mine.map((r) => r.Salience))).toEqual(new Set(['90']));
    // A cell without a salience entry exports the default.
    expect(rows.find((r) => r.Party === name(m, 'parties', 'us'))!.Salience).toBe('50');
  });

  it('re-imports from CSV with the same positions and salience', () => {
    const m = timelineMatrix();
    const parsed = parseImport(exportCsv(m), 'csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const doc = new Y.Doc();
    applyImport(doc, parsed.matrix);
    const again = readTimelineData(doc);
    const pick = (x: MatrixData, party: string, issue: string) => {
      const c = x.cells.find((y) => x.parties.find((p) => p.id === y.partyId)!.name === party && x.issues.find((i) => i.id === y.issueId)!.name === issue)!;
      return {
        stance: c.stance,
        salience: c.salience,
        positions: c.positions!.map((p) => [p.date, p.stance, p.sources.map((id) => c.sources.find((s) => s.id === id)!.quote)]),
      };
    };
    for (const cell of m.cells) {
      const [party, issue] = [name(m, 'parties', cell.partyId), name(m, 'issues', cell.issueId)];
      expect(pick(again, party, issue), `${party} × ${issue}`).toEqual(pick(m, party, issue));
    }
  });

  it('has an Analysis sheet with the per-issue figures and every pair of parties', async () => {
    const m = timelineMatrix();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportXlsx(m)).buffer as ArrayBuffer);
    const ws = wb.getWorksheet('Analysis')!;
    const sources = wb.getWorksheet('Sources')!;
    expect(sources.getRow(1).getCell(5).text).toBe('Position date');
    expect(sources.getRow(1).getCell(6).text).toBe('Salience');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    const analysis = analyseMatrix(m);
    const header = rows.find((r) => r.getCell(1).text === 'Rank')!;
    expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => header.getCell(c).text)).toEqual([
      'Issue',
      'n',
      'Mean',
      'Median',
      'SD',
      'Weighted median',
      'Polarisation',
      'Split',
    ]);
    const ceasefire = analysis.issues.find((i) => i.issueId === 'ceasefire-30-day')!;
    const row = rows.find((r) => r.getCell(2).text === name(m, 'issues', 'ceasefire-30-day'))!;
    expect([row.getCell(1).value, row.getCell(3).value, row.getCell(4).value, row.getCell(9).text]).toEqual([
      ceasefire.rank,
      ceasefire.n,
      ceasefire.mean,
      'split',
    ]);
    const pairHeader = rows.findIndex((r) => r.getCell(4).text === 'Agreement');
    expect(rows.length - pairHeader - 1).toBe(analysis.pairs.length);
  });
});

describe('Markdown: Analysis and How positions moved', () => {
  it("ranks issues from consensus to split, lists coalitions, and writes each cell's timeline with escaped events", () => {
    const m = timelineMatrix();
    const md = exportMarkdown(m, { exportedAt: EXPORTED_AT });
    const analysis = md.slice(md.indexOf('## Analysis'), md.indexOf('## How positions moved'));
    const ranked = analyseMatrix(m).issues.map((i) => name(m, 'issues', i.issueId));
    const order = ranked.map((n) => analysis.indexOf(`| ${n} |`));
    expect(order.every((x, k) => x > 0 && (k === 0 || x > order[k - 1]!))).toBe(true);
    expect(analysis).toMatch(/Closest coalitions/);
    const moved = md.slice(md.indexOf('## How positions moved'));
    expect(moved).toContain(
      `- **${name(m, 'parties', 'russia')} — ${name(m, 'issues', 'energy-truce')}:** 2025-03-12: ∅ No public position → 2025-03-18: +2 Supports`,
    );
    expect(moved).toContain('2025-03-21 =HYPERLINK("x")');
    // A matrix without dates has no such section.
    expect(exportMarkdown(readTimelineData(demoDoc()))).not.toContain('## How positions moved');
  });
});
