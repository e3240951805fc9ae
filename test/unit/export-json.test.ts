import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportJson, buildJsonExport, readExtras, EXPORT_FORMAT_VERSION, type MatrixExport } from '../../shared/exports/json.ts';
import { readActivity } from '../../shared/history.ts';
import { readCellComments } from '../../shared/comments.ts';
import { applyImport, parseImport } from '../../shared/imports/index.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { IMPORT_ORIGIN, isOrigin } from '../../shared/origins.ts';
import { SCHEMA_VERSION, type MatrixData } from '../../shared/schema.ts';
import { DEMO, DEMO_COUNTS, EXPORTED_AT, demoDoc, demoMatrix, richDoc, richMatrix } from './export-fixtures.ts';

/** export JSON -> parseImport -> applyImport -> export JSON again. */
function roundTrip(source: Y.Doc): { first: MatrixExport; second: MatrixExport; doc: Y.Doc } {
  const text = exportJson(readMatrix(source), { exportedAt: EXPORTED_AT }, readExtras(source));
  const parsed = parseImport(text, 'json');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const doc = new Y.Doc();
  applyImport(doc, parsed.matrix);
  const again = exportJson(readMatrix(doc), { exportedAt: new Date() }, readExtras(doc));
  return { first: JSON.parse(text) as MatrixExport, second: JSON.parse(again) as MatrixExport, doc };
}

describe('JSON export', () => {
  it('is versioned and holds exactly the model (no API extras)', () => {
    const matrix = { ...demoMatrix(), id: 'ukraine-ceasefire-2025-03', updatedAt: 'x' } as MatrixData;
    const out = buildJsonExport(matrix, { exportedAt: EXPORTED_AT, matrixId: 'ukraine-ceasefire-2025-03' });
    expect(out).toMatchObject({
      format: 'stance-grid',
      formatVersion: EXPORT_FORMAT_VERSION,
      schemaVersion: SCHEMA_VERSION,
      exportedAt: EXPORTED_AT.toISOString(),
    });
    expect(out.origin).toEqual({ matrixId: 'ukraine-ceasefire-2025-03' });
    expect(Object.keys(out.matrix).sort()).toEqual(['cells', 'issues', 'meta', 'parties', 'scale']);
    expect(out.matrix.cells.flatMap((c) => c.sources).every((s) => s.addedBy && s.addedAt && s.order)).toBe(true);
  });

  it('round-trips the demo matrix to an identical matrix', () => {
    const { first, second } = roundTrip(demoDoc());
    expect({ ...second, exportedAt: undefined }).toEqual({ ...first, exportedAt: undefined });
    expect(second.matrix).toEqual(first.matrix);
    expect(second.matrix.cells).toHaveLength(DEMO.cells.length);
    expect(second.matrix.cells.reduce((n, c) => n + c.sources.length, 0)).toBe(DEMO_COUNTS.sources);
  });

  it('round-trips order keys, links, note-only and source-only cells, history and comments exactly', () => {
    const source = richDoc();
    const { first, second, doc } = roundTrip(source);
    expect({ ...second, exportedAt: undefined }).toEqual({ ...first, exportedAt: undefined });
    expect(second.matrix).toEqual(first.matrix);
    expect(first.history?.map((e) => [e.kind, e.cell, e.by])).toEqual([
      ['stance', 'hamas|rafah', 'Ana'],
      ['stance', 'hamas|rafah', 'Ana'],
      ['source-edited', 'hamas|hostages', 'Ana'],
    ]);
    expect(first.comments).toHaveLength(3);
    expect(Object.values(first.commentThreads ?? {})).toEqual([expect.objectContaining({ resolved: true, by: 'Ana' })]);
    // The imported doc reads back the same way through the model's own readers.
    expect(readActivity(doc)).toEqual(readActivity(source));
    expect(readCellComments(doc, 'israel', 'ceasefire')).toEqual(readCellComments(source, 'israel', 'ceasefire'));
    expect(second.matrix.parties.map((p) => p.name)).toEqual(['=Qatar', 'Israel', 'Hamas', 'Égypte']);
    const israel = second.matrix.cells.find((c) => c.partyId === 'israel' && c.issueId === 'ceasefire');
    expect(israel?.sources.map((s) => s.id)).toEqual(['src-c', 'src-a', 'src-b']);
    expect(israel?.sources[1]?.link).toBe('https://example.org/a?b=1&c=2');
    expect(second.matrix.meta).toEqual(first.matrix.meta);
    expect(doc.getMap('meta').get('title')).toBe('Gaza talks, Genève 2026');
  });

  it('applyImport writes with IMPORT_ORIGIN in one transaction', () => {
    const parsed = parseImport(exportJson(richMatrix()), 'json');
    if (!parsed.ok) throw new Error('import failed');
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    applyImport(doc, parsed.matrix);
    expect(origins).toHaveLength(1);
    expect(isOrigin(origins[0]) && origins[0]).toBe(IMPORT_ORIGIN);
  });
});
