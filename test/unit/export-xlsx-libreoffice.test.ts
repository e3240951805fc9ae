/**
 * Opens the XLSX export in LibreOffice (headless) and converts it to CSV (every sheet) and PDF.
 * A file LibreOffice has to repair, or cannot read, fails the conversion or loses content.
 * `npm test` installs LibreOffice first where it may (scripts/pretest.sh); without it these tests
 * fail, saying what to install, rather than pass by skipping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { exportXlsx } from '../../shared/exports/xlsx.ts';
import { DANGEROUS, EXPORTED_AT, demoMatrix, richMatrix, sourceCount } from './export-fixtures.ts';

function findOffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not on PATH
    }
  }
  return null;
}

const office = findOffice();

// All sheets, one CSV each (the trailing -1), UTF-8 (76), comma and double quote.
const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

async function convert(file: string, to: string, profile: string): Promise<void> {
  await promisify(execFile)(office!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', path.dirname(file), file], {
    timeout: 60_000,
  });
}

describe('XLSX export opens in LibreOffice', () => {
  beforeAll(() => {
    if (!office) throw new Error('LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui (or run scripts/pretest.sh)');
  });
  // One LibreOffice profile for both tests: creating a profile is most of a cold start.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-lo-profile-'));
  afterAll(() => fs.rmSync(profile, { recursive: true, force: true }));

  it('converts to CSV with the grid and all sources, and to PDF', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-lo-'));
    try {
      const matrix = demoMatrix();
      const file = path.join(dir, 'demo.xlsx');
      fs.writeFileSync(file, await exportXlsx(matrix, { exportedAt: EXPORTED_AT }));
      await convert(file, CSV_ALL_SHEETS, profile);
      await convert(file, 'pdf', profile);

      const grid = parse(fs.readFileSync(path.join(dir, 'demo-Matrix.csv'), 'utf8'), { relax_column_count: true }) as string[][];
      expect(grid[0]).toEqual(['Party / Issue', ...matrix.issues.map((i) => i.name)]);
      expect(grid.slice(1, 1 + matrix.parties.length).map((r) => r[0])).toEqual(matrix.parties.map((p) => p.name));
      const known = matrix.cells.find((c) => c.stance === 'demands')!;
      const row = grid[1 + matrix.parties.findIndex((p) => p.id === known.partyId)]!;
      expect(row[1 + matrix.issues.findIndex((i) => i.id === known.issueId)]).toBe('+3 Demands / Proposes');
      expect(grid.some((r) => r[0] === 'Legend')).toBe(true);

      const sources = parse(fs.readFileSync(path.join(dir, 'demo-Sources.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(sources).toHaveLength(sourceCount(matrix));
      expect(sources[0]?.Quote).toBe(matrix.cells[0]?.sources[0]?.quote);

      const pdf = fs.readFileSync(path.join(dir, 'demo.pdf'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows formula-like text as text, not as computed formulas', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-lo-'));
    try {
      const file = path.join(dir, 'rich.xlsx');
      fs.writeFileSync(file, await exportXlsx(richMatrix()));
      await convert(file, CSV_ALL_SHEETS, profile);
      const sources = parse(fs.readFileSync(path.join(dir, 'rich-Sources.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(sources.map((s) => s.Quote)).toEqual(expect.arrayContaining(Object.values(DANGEROUS)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
