/** Issue 10 in the exports: positions, salience and events in JSON (lossless), CSV/XLSX columns, the analysis in XLSX and Markdown. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportJson, readExtras, type MatrixExport } from '../../shared/exports/json.ts';
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
