import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyImport, parseImport, stanceLookup, type ImportIssue, type ImportResult } from '../../shared/imports/index.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { SCHEMA_VERSION } from '../../shared/schema.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';
const ok = (r: ImportResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const errorsOf = (text: string): ImportIssue[] => {
  const r = parseImport(text, 'csv', { now: NOW });
  if (r.ok) throw new Error('expected the import to fail');
  return r.errors;
};

const GRID = [
  'Party / Issue,Ceasefire,Energy truce,Black Sea',
  'Russia,Conditional,supports,−2',
  'Ukraine,+3 Demands / Proposes,DEMANDS / PROPOSES,',
  'United States,demands,+2,open',
];

describe('CSV import: simple grid', () => {
  it('reads parties down column A, issues across row 1, stances by label, symbol or id', () => {
    const r = ok(parseImport(csv(GRID), 'csv', { title: 'Grid', now: NOW }));
    expect(r.format).toBe('csv-grid');
    const m = r.matrix;
    expect(m.meta).toEqual({ schemaVersion: SCHEMA_VERSION, title: 'Grid', description: '', createdAt: NOW.toISOString() });
    expect(m.parties.map((p) => p.name)).toEqual(['Russia', 'Ukraine', 'United States']);
    expect(m.issues.map((i) => i.name)).toEqual(['Ceasefire', 'Energy truce', 'Black Sea']);
    const name = (id: string) => [...m.parties, ...m.issues].find((x) => x.id === id)?.name;
    expect(m.cells.map((c) => [name(c.partyId), name(c.issueId), c.stance])).toEqual([
      ['Russia', 'Ceasefire', 'conditional'],
      ['Russia', 'Energy truce', 'supports'],
      ['Russia', 'Black Sea', 'opposes'],
      ['Ukraine', 'Ceasefire', 'demands'],
      ['Ukraine', 'Energy truce', 'demands'],
      ['United States', 'Ceasefire', 'demands'],
      ['United States', 'Energy truce', 'supports'],
      ['United States', 'Black Sea', 'open'],
    ]);
    const doc = new Y.Doc();
    applyImport(doc, m);
    expect(readMatrix(doc).cells).toHaveLength(8);
  });

  it('reports an unknown stance label with its line and column, never guessing', () => {
    const lines = [...GRID, 'China,,,', 'France,,,', 'Germany,Supports,Maybe,Rejects'];
    const errors = errorsOf(csv(lines));
    expect(errors).toEqual([
      expect.objectContaining({
        line: 7,
        column: 3,
        field: 'Energy truce',
        message: expect.stringMatching(/^Unknown stance "Maybe" in column C\. Use one of: Rejects \(−3\)/),
      }),
    ]);
  });

  it('counts lines as the file has them when a quoted name spans lines', () => {
    const errors = errorsOf(csv(['Party,"Cease\nfire",B', '"Russia,\nthe state",Supports,x']));
    expect(errors[0]).toMatchObject({ line: 3, column: 3, field: 'B' });
  });

  it('reports a duplicate party and a duplicate issue', () => {
    const errors = errorsOf(csv(['Party,Ceasefire,ceasefire', 'Russia,,', 'Ukraine,,', 'russia,,']));
    expect(errors).toEqual([
      expect.objectContaining({ line: 1, column: 3, message: 'Duplicate issue "ceasefire" (also in column B).' }),
      expect.objectContaining({ line: 4, column: 1, message: 'Duplicate party "russia" (also on line 2).' }),
    ]);
  });

  it('accepts semicolons (European Excel), a BOM, blank lines and trailing empty columns', () => {
    const r = ok(parseImport('\uFEFFParty;Ceasefire;;\r\n\r\nRussia;Rejects;;\r\n;;;\r\n', 'csv'));
    expect(r.matrix.issues.map((i) => i.name)).toEqual(['Ceasefire']);
    expect(r.matrix.cells.map((c) => c.stance)).toEqual(['rejects']);
    expect(r.matrix.meta.title).toBe('Imported matrix');
  });

  it('refuses a value under a column without an issue, an empty party name and broken quoting', () => {
    expect(errorsOf(csv(['Party,Ceasefire', 'Russia,Rejects,Supports']))[0]).toMatchObject({ line: 2, column: 3 });
    expect(errorsOf(csv(['Party,Ceasefire', ',Rejects']))[0]).toMatchObject({ line: 2, column: 1, message: 'Party name cannot be empty.' });
    expect(errorsOf('Party,Ceasefire\r\nRussia,"Rejects\r\n')[0]?.message).toMatch(/not valid CSV/);
    expect(errorsOf('')[0]?.message).toBe('The file is empty.');
  });

  it('never maps one spelling to two levels', () => {
    const lookup = stanceLookup(DEFAULT_SCALE);
    expect(lookup.get('c')?.id).toBe('conditional');
    expect(lookup.get('-3')?.id).toBe('rejects');
    expect(lookup.get('∅')?.id).toBe('no-position');
    const clash = stanceLookup([
      { ...DEFAULT_SCALE[0]!, id: 'a', label: 'Same' },
      { ...DEFAULT_SCALE[1]!, id: 'b', label: 'same' },
    ]);
    expect(clash.has('same')).toBe(false);
  });
});

const LONG_HEADER = 'Party,Issue,Stance,Stance value,Quote,Speaker,Document,Date,Link,Note';

describe('CSV import: long form', () => {
  it('groups rows into cells with their sources', () => {
    const r = ok(
      parseImport(
        csv([
          LONG_HEADER,
          'Russia,Ceasefire,Conditional,,"We need ""guarantees"".",Peskov,Briefing,2025-03-12,https://example.org/a,A note',
          'Russia,Ceasefire,Conditional,,Second quote,,,,,A note',
          'Ukraine,Ceasefire,Supports,2,,,,,,',
          "Ukraine,Black Sea,,,'=1+1,,,,,",
        ]),
        'csv',
        { now: NOW, addedBy: 'Ana' },
      ),
    );
    expect(r.format).toBe('csv-long');
    const [russia, ukraine, blackSea] = r.matrix.cells;
    expect(russia).toMatchObject({ stance: 'conditional', note: 'A note' });
    expect(russia?.sources.map((s) => [s.quote, s.speaker, s.date, s.link, s.addedBy, s.addedAt])).toEqual([
      ['We need "guarantees".', 'Peskov', '2025-03-12', 'https://example.org/a', 'Ana', NOW.toISOString()],
      ['Second quote', '', '', '', 'Ana', NOW.toISOString()],
    ]);
    expect(ukraine).toMatchObject({ stance: 'supports', sources: [] });
    expect(blackSea).toMatchObject({ stance: null, sources: [expect.objectContaining({ quote: '=1+1' })] });
    const doc = new Y.Doc();
    applyImport(doc, r.matrix);
    expect(readMatrix(doc).cells[0]?.sources.map((s) => s.quote)).toEqual(['We need "guarantees".', 'Second quote']);
  });

  it('reports bad links, dates, stance values and conflicts with line and column', () => {
    const errors = errorsOf(
      csv([
        LONG_HEADER,
        'Russia,Ceasefire,Rejects,-3,Q,,,,javascript:alert(1),',
        'Russia,Truce,Rejects,-3,Q,,,2025-13-01,,',
        'Russia,Peace,Supports,1,Q,,,,,',
        'Russia,Sanctions,,,,Someone,,,,',
      ]),
    );
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, column: 9, field: 'Link', message: expect.stringMatching(/http/) }),
      expect.objectContaining({ line: 3, column: 8, field: 'Date' }),
      expect.objectContaining({ line: 4, column: 4, field: 'Stance value', message: expect.stringContaining('does not match "Supports" (2)') }),
      expect.objectContaining({ line: 5, column: 5, field: 'Quote', message: expect.stringContaining('needs a quote') }),
    ]);
    const conflict = errorsOf(csv([LONG_HEADER, 'Russia,Peace,Supports,,A,,,,,', 'Russia,Peace,Rejects,,B,,,,,']));
    expect(conflict).toEqual([expect.objectContaining({ line: 3, field: 'Stance', message: expect.stringContaining('on line 2') })]);
    const unknownColumn = errorsOf(csv([`${LONG_HEADER},Comment`, 'Russia,Peace,Supports,,A,,,,,,x']));
    expect(unknownColumn[0]).toMatchObject({ line: 1, column: 11, message: expect.stringContaining('Unknown column "Comment"') });
    const unknownStance = errorsOf(csv([LONG_HEADER, 'Russia,Peace,Kinda,,A,,,,,']));
    expect(unknownStance[0]).toMatchObject({ line: 2, column: 3, field: 'Stance', message: expect.stringContaining('Unknown stance "Kinda"') });
  });
});
