import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MatrixError } from '../../shared/errors.ts';
import { addAxisItem, initMatrix, readAxis, readMatrix } from '../../shared/matrix.ts';
import { parseCsvImport } from '../../shared/imports/csv.ts';
import { parseJsonImport } from '../../shared/imports/json.ts';
import { buildJsonExport } from '../../shared/exports/json.ts';

function matrix() {
  const doc = new Y.Doc();
  initMatrix(doc, { title: 'Test' });
  return doc;
}

describe('duplicate party and issue names', () => {
  it('addAxisItem refuses a name that differs only in case and spaces, with a typed error', () => {
    const doc = matrix();
    addAxisItem(doc, 'issues', { name: 'Energy truce' });
    let error: unknown;
    try {
      addAxisItem(doc, 'issues', { name: '  energy   TRUCE ' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MatrixError);
    expect((error as MatrixError).code).toBe('duplicate-name');
    expect((error as MatrixError).message).toBe('There is already an issue named “Energy truce”.');
    expect(() => addAxisItem(doc, 'issues', { name: 'EnergyTruce' })).toThrow(MatrixError);
    expect(readAxis(doc, 'issues').map((i) => i.name)).toEqual(['Energy truce']);
    // A party may share an issue's name.
    addAxisItem(doc, 'parties', { name: 'Energy truce' });
  });

  it('a grid CSV reports names repeated with other spaces, with the line', () => {
    const result = parseCsvImport('Party,Ceasefire\r\nRussia,\r\nUkraine,\r\nRus sia,\r\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, column: 1, message: 'Duplicate party "Rus sia" (also on line 2).' })]);
  });

  it('a JSON import reports a repeated name with both places instead of failing later', () => {
    const doc = matrix();
    addAxisItem(doc, 'parties', { id: 'a', name: 'Russia' });
    addAxisItem(doc, 'parties', { id: 'b', name: 'Ukraine' });
    const file = JSON.parse(JSON.stringify(buildJsonExport(readMatrix(doc)))) as { matrix: { parties: { name: string }[] } };
    file.matrix.parties[1]!.name = 'RUSSIA';
    const result = parseJsonImport(JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ field: 'matrix.parties[1].name', message: 'Duplicate party "RUSSIA" (also matrix.parties[0]).' }),
    ]);
  });
});
