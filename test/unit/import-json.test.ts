import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportJson, readExtras, type MatrixExport } from '../../shared/exports/json.ts';
import { ImportTargetNotEmptyError, applyImport, parseImport, type ImportIssue } from '../../shared/imports/index.ts';
import { locateJsonSyntaxError } from '../../shared/imports/json-syntax.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { richDoc, richMatrix } from './export-fixtures.ts';

const good = () => JSON.parse(exportJson(richMatrix())) as MatrixExport;

function errorsOf(value: unknown): ImportIssue[] {
  const result = parseImport(typeof value === 'string' ? value : JSON.stringify(value, null, 2), 'json');
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors;
}

describe('JSON import', () => {
  it('accepts our export and keeps ids, order keys and provenance', () => {
    const result = parseImport(exportJson(richMatrix()), 'json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('json');
    expect(result.matrix).toEqual(richMatrix());
  });

  it('uses the given title instead of the file’s', () => {
    const result = parseImport(exportJson(richMatrix()), 'json', { title: '  Copy  of it ' });
    expect(result.ok && result.matrix.meta.title).toBe('Copy of it');
  });

  it('reports broken JSON with its line and column', () => {
    const text = exportJson(richMatrix()).split('\n');
    text[6] = text[6] + ' oops'; // line 7
    const [error] = errorsOf(text.join('\n'));
    expect(error).toMatchObject({ line: 7 });
    expect(error?.message).toMatch(/^This is not valid JSON: /);
    expect(errorsOf('{\n  "format": "stance-grid",\n  "x": [1, 2,]\n}')[0]).toMatchObject({ line: 3, column: 14 });
    expect(errorsOf('{"a": "unterminated')[0]?.message).toContain('not closed');
    expect(errorsOf('')[0]?.message).toContain('ends before');
  });

  it('refuses other JSON and files from a newer version', () => {
    expect(errorsOf({ hello: 'world' })[0]).toMatchObject({ field: 'format' });
    expect(errorsOf([1, 2])[0]).toMatchObject({ field: 'format' });
    expect(errorsOf({ ...good(), formatVersion: 2 })[0]?.message).toContain('newer version');
    expect(errorsOf({ ...good(), schemaVersion: 99 })[0]).toMatchObject({ field: 'schemaVersion' });
  });

  it('names the field of every problem, all at once', () => {
    const file = good();
    const m = file.matrix;
    m.parties[1]!.id = m.parties[0]!.id; // duplicate party
    m.issues[0]!.name = '   ';
    m.cells[0]!.stance = 'maybe';
    m.cells[1]!.sources[0]!.link = 'javascript:alert(1)';
    m.cells[1]!.sources[1]!.date = '2026-02-30';
    m.cells[1]!.sources[2]!.quote = '';
    m.cells.push({ partyId: 'nobody', issueId: 'ceasefire', stance: null, note: '', sources: [] });
    m.scale[0]!.color = 'red';
    const errors = errorsOf(file);
    const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    expect(byField['matrix.parties[1].id']).toMatch(/Duplicate party/);
    expect(byField['matrix.issues[0].name']).toMatch(/cannot be empty/);
    expect(byField['matrix.cells[0].stance']).toMatch(/Unknown stance "maybe"/);
    expect(byField['matrix.cells[1].sources[0].link']).toMatch(/http/);
    expect(byField['matrix.cells[1].sources[1].date']).toMatch(/not a date/);
    expect(byField['matrix.cells[1].sources[2].quote']).toMatch(/needs a quote/);
    expect(byField[`matrix.cells[${m.cells.length - 1}].partyId`]).toMatch(/No party has the id "nobody"/);
    expect(byField['matrix.scale[0].color']).toMatch(/colour/);
    expect(errors.every((e) => e.line === undefined)).toBe(true);
    // Each problem once: the cells of the unnamed issue are not reported again.
    expect(errors.filter((e) => e.message.includes('No issue'))).toEqual([]);
    expect(byField['matrix.cells[1].partyId']).toMatch(/"israel"/); // its id was overwritten by the duplicate
    expect(errors).toHaveLength(9);
  });

  it('checks types, ids and references', () => {
    const file = good() as unknown as { matrix: Record<string, unknown> };
    file.matrix.parties = 'nope';
    const errors = errorsOf(file);
    expect(errors.map((e) => e.field)).toContain('matrix.parties');
    // Every cell now points at a missing party.
    expect(errors.filter((e) => /partyId$/.test(e.field ?? '')).length).toBeGreaterThan(0);
    const bad = good();
    bad.matrix.cells[1]!.sources[0]!.id = 'has space';
    bad.matrix.cells[2]!.sources[0]!.id = bad.matrix.cells[1]!.sources[1]!.id;
    bad.matrix.parties[0]!.order = '!!';
    const fields = errorsOf(bad).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['matrix.cells[1].sources[0].id', 'matrix.cells[2].sources[0].id', 'matrix.parties[0].order']));
  });

  it('checks history and comments when the file has them', () => {
    const doc = richDoc();
    const file = JSON.parse(exportJson(readMatrix(doc), {}, readExtras(doc))) as MatrixExport;
    expect(parseImport(JSON.stringify(file), 'json').ok).toBe(true);
    file.history![1]!.kind = 'vote' as never;
    file.history![2]!.id = file.history![0]!.id;
    file.comments![0]!.text = '  ';
    file.comments![1]!.cell = 'no-separator';
    (file.commentThreads as Record<string, unknown>)['bad id'] = { resolved: 'yes' };
    expect(errorsOf(file).map((e) => e.field)).toEqual(['history[1]', 'history[2].id', 'comments[0].text', 'comments[1].cell', 'commentThreads.bad id']);
  });

  it('caps a very long error list', () => {
    const file = good();
    for (let i = 0; i < 150; i++) file.matrix.parties.push({ id: 'bad id', name: 'x', description: '', order: '' });
    const errors = errorsOf(file);
    expect(errors).toHaveLength(101);
    expect(errors.at(-1)?.message).toMatch(/and \d+ more problems/);
  });

  it('applyImport refuses a doc that already holds a matrix', () => {
    const result = parseImport(exportJson(richMatrix()), 'json');
    if (!result.ok) throw new Error('import failed');
    const doc = new Y.Doc();
    applyImport(doc, result.matrix);
    const before = JSON.stringify(readMatrix(doc));
    expect(() => applyImport(doc, result.matrix)).toThrow(ImportTargetNotEmptyError);
    expect(JSON.stringify(readMatrix(doc))).toBe(before);
  });

  it('locates syntax errors itself only for invalid text', () => {
    expect(locateJsonSyntaxError('{"a": [1, {"b": null}], "c": "\\u00e9"}')).toBeNull();
    expect(locateJsonSyntaxError('{"a": 1}\n\n x')).toMatchObject({ line: 3, column: 2 });
  });
});
