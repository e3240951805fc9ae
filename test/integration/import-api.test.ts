import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import type { ShareTokens } from '../../shared/access.ts';
import { DEMO } from '../unit/export-fixtures.ts';

async function importFile(server: TestServer, kind: string, body: string | Uint8Array<ArrayBuffer>, title?: string) {
  const q = new URLSearchParams({ kind, ...(title ? { title } : {}) });
  const res = await fetch(`${server.url}/api/import?${q}`, {
    method: 'POST',
    headers: { 'content-type': kind === 'json' ? 'application/json' : 'text/csv' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const list = async (server: TestServer) =>
  ((await (await fetch(`${server.url}/api/matrices`)).json()) as { matrices: { id: string; updatedAt: string }[] }).matrices;

const matrix = async (server: TestServer, id: string, token: string) =>
  (await (await fetch(`${server.url}/api/matrices/${id}`, { headers: bearer(token) })).json()) as MatrixData;

const demoExport = async (server: TestServer) =>
  (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=json`, { headers: bearer(demoToken(server, 'viewer')) })).text();

describe('import API', () => {
  it('imports our JSON export into a new matrix with identical content', async () => {
    const server = await startServer();
    const exported = await demoExport(server);
    const res = await importFile(server, 'json', exported);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: DEMO.title, format: 'json' });
    const id = res.body.id as string;
    const tokens = res.body.tokens as ShareTokens;
    expect(id).not.toBe(DEMO_MATRIX_ID);
    const { id: _a, updatedAt: _b, ...copy } = (await matrix(server, id, tokens.viewer)) as MatrixData & { updatedAt: string };
    const { id: _c, updatedAt: _d, ...original } = (await matrix(server, DEMO_MATRIX_ID, demoToken(server, 'viewer'))) as MatrixData & { updatedAt: string };
    expect(copy).toEqual(original);
    const again = JSON.parse(await (await fetch(`${server.url}/api/matrices/${id}/export?format=json`, { headers: bearer(tokens.viewer) })).text());
    expect(again.matrix).toEqual(JSON.parse(exported).matrix);
    expect((await list(server)).map((m) => m.id).sort()).toEqual([DEMO_MATRIX_ID, id].sort());
  });

  it('imports a CSV grid with the given title and a CSV long form', async () => {
    const server = await startServer({ seedDemo: false });
    const grid = await importFile(server, 'csv', 'Party,Ceasefire,Truce\r\nRussia,Conditional,−2\r\nUkraine,Supports,\r\n', 'Workshop grid');
    expect(grid.status).toBe(201);
    expect(grid.body).toMatchObject({ title: 'Workshop grid', format: 'csv-grid' });
    const m = await matrix(server, grid.body.id, grid.body.tokens.viewer);
    expect(m.cells.map((c) => c.stance)).toEqual(['conditional', 'opposes', 'supports']);

    const csv = await (await fetch(`${server.url}/api/matrices/${grid.body.id}/export?format=csv`, { headers: bearer(grid.body.tokens.viewer) })).text();
    const long = await importFile(server, 'csv', csv, 'Copy');
    expect(long.body).toMatchObject({ title: 'Copy', format: 'csv-long' });
    expect((await matrix(server, long.body.id, long.body.tokens.editor)).cells.map((c) => c.stance)).toEqual(['conditional', 'opposes', 'supports']);
  });

  it('refuses malformed files, naming line and field, and creates nothing', async () => {
    const server = await startServer();
    const before = await list(server);
    const exported = JSON.parse(await demoExport(server));

    const brokenJson = JSON.stringify(exported, null, 2).split('\n');
    brokenJson[4] = brokenJson[4]!.replace(/,$/, ''); // line 5 loses its comma
    const badLink = structuredClone(exported);
    badLink.matrix.cells[2].sources[0].link = 'ftp://example.org/file';
    const duplicateParty = structuredClone(exported);
    duplicateParty.matrix.parties[3].id = duplicateParty.matrix.parties[0].id;
    const grid = ['Party,Ceasefire,Truce', 'A,Supports,', 'B,,', 'C,,', 'D,,', 'E,,', 'F,Supports,Perhaps', 'G,,'].join('\r\n');
    const gridDuplicate = ['Party,Ceasefire', 'Russia,Supports', 'Ukraine,', 'Russia,Rejects'].join('\n');

    const cases = [
      [await importFile(server, 'json', brokenJson.join('\n')), { line: 6 }],
      [await importFile(server, 'json', JSON.stringify(badLink)), { field: 'matrix.cells[2].sources[0].link' }],
      [await importFile(server, 'json', JSON.stringify(duplicateParty)), { field: 'matrix.parties[3].id' }],
      [await importFile(server, 'csv', grid), { line: 7, column: 3, field: 'Truce' }],
      [await importFile(server, 'csv', gridDuplicate), { line: 4, column: 1 }],
      [await importFile(server, 'csv', new Uint8Array([0x50, 0x61, 0x72, 0x74, 0x79, 0x2c, 0xe9, 0x0a])), {}], // Latin-1, not UTF-8
    ] as const;
    for (const [res, where] of cases) {
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe('invalid-import');
      expect(res.body.error.message).toMatch(/nothing was imported/);
      expect(res.body.error.details[0]).toMatchObject({ ...where, message: expect.any(String) });
    }
    expect(cases[3][0].body.error.details[0].message).toContain('Unknown stance "Perhaps"');
    expect(cases[4][0].body.error.details[0].message).toContain('Duplicate party "Russia"');
    expect(await list(server)).toEqual(before);
  });

  it('limits the body to 10 MiB and needs a kind', async () => {
    const server = await startServer({ seedDemo: false });
    const big = await importFile(server, 'csv', 'x'.repeat(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload-too-large');
    const noKind = await importFile(server, 'xml', '<a/>');
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.code).toBe('invalid-kind');
    expect((await fetch(`${server.url}/api/import?kind=csv`)).status).toBe(405);
    expect(await list(server)).toEqual([]);
  });
});
