/** The bundled server (`npm run build:server`): heavy packages are reached only through dynamic imports, so they load on first use. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../utils/server.ts';

interface Metafile {
  outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }>;
}

const HEAVY = ['exceljs', 'unpdf', 'linkedom', '@mozilla/readability', 'minisearch'];

describe('the bundled server', () => {
  it('imports no heavy package at start: exceljs and the document extractors only through dynamic imports', () => {
    const outdir = tempDataDir();
    const metafile = path.join(outdir, 'meta.json');
    // The same command as package.json's build:server, into a temporary directory.
    const script = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['build:server']!;
    const args = script
      .split(/\s+/)
      .slice(1)
      .filter((a) => !a.startsWith('--outdir='));
    execFileSync('node_modules/.bin/esbuild', [...args, `--outdir=${outdir}`, `--metafile=${metafile}`]);
    const { outputs } = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Metafile;
    const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === 'server/main.ts')!;
    // Everything reached from the entry through static imports: what `node dist-server/main.js` loads at start.
    const atStart = new Set<string>();
    const visit = (file: string) => {
      for (const imp of outputs[file]?.imports ?? []) {
        if (imp.kind !== 'import-statement' || atStart.has(imp.path)) continue;
        atStart.add(imp.path);
        if (!imp.external) visit(imp.path);
      }
    };
    visit(entry);
    expect(atStart.has('better-sqlite3')).toBe(true); // the walk does see packages
    expect(HEAVY.filter((pkg) => [...atStart].some((p) => p === pkg || p.startsWith(`${pkg}/`)))).toEqual([]);
    // …and they are still part of the build, as lazily loaded chunks.
    const dynamic = Object.values(outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import'));
    expect(dynamic.length).toBeGreaterThan(0);
  });
});
