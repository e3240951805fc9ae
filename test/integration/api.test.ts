import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { loadDemoData } from '../../server/seed.ts';
import { bearer, createMatrix, demoToken, startServer, tempDataDir } from '../utils/server.ts';
import { isToken, type ShareTokens } from '../../shared/access.ts';

async function json(res: Response) {
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

describe('HTTP API', () => {
  it('GET /healthz reports status, rooms and connections', async () => {
    const server = await startServer({ seedDemo: false });
    const { status, body } = await json(await fetch(`${server.url}/healthz`));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', rooms: 0, connections: 0 });
  });

  it('POST /api/matrices creates an empty matrix with the default scale', async () => {
    const server = await startServer({ seedDemo: false });
    const res = await json(
      await fetch(`${server.url}/api/matrices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Gaza talks, 2026' }),
      }),
    );
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(id).toMatch(/^gaza-talks-2026-[a-z0-9]{6}$/);
    const tokens = res.body.tokens as ShareTokens;
    expect(Object.keys(tokens).sort()).toEqual(['editor', 'facilitator', 'viewer']);
    expect(Object.values(tokens).every(isToken)).toBe(true);
    expect(new Set(Object.values(tokens)).size).toBe(3);
    const matrix = (await (await fetch(`${server.url}/api/matrices/${id}`, { headers: bearer(tokens.viewer) })).json()) as MatrixData;
    expect(matrix.meta.title).toBe('Gaza talks, 2026');
    expect(matrix.scale.map((l) => l.id)).toEqual(DEFAULT_SCALE.map((l) => l.id));
    expect(matrix.parties).toEqual([]);
    const list = (await (await fetch(`${server.url}/api/matrices`)).json()) as { matrices: { id: string; title: string; updatedAt: string }[] };
    expect(list.matrices.map((m) => m.id)).toEqual([id]);
    expect(list.matrices[0]?.updatedAt).toMatch(/^\d{4}-/);
  });

  it('errors are JSON with a message and the right status', async () => {
    const server = await startServer({ seedDemo: false });
    const post = (body: string, type = 'application/json') => fetch(`${server.url}/api/matrices`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases = [
      [await post('{"title": ""}'), 400, 'invalid-title'],
      [await post('{nope'), 400, 'invalid-json'],
      [await post('{}'), 400, 'invalid-title'],
      [await post('title=x', 'text/plain'), 415, 'unsupported-media-type'],
      [await post(JSON.stringify({ title: 'x'.repeat(70_000) })), 413, 'payload-too-large'],
      [await fetch(`${server.url}/api/matrices/no-such-one`), 404, 'not-found'],
      [await fetch(`${server.url}/api/matrices/BAD!`), 400, 'invalid-matrix-id'],
      [await fetch(`${server.url}/api/nothing`), 404, 'not-found'],
      [await fetch(`${server.url}/api/matrices`, { method: 'DELETE' }), 405, 'method-not-allowed'],
    ] as const;
    for (const [res, status, code] of cases) {
      const { body, type } = await json(res);
      expect(res.status, code).toBe(status);
      expect(type).toContain('application/json');
      expect(body.error).toMatchObject({ code });
      expect(typeof (body.error as { message: string }).message).toBe('string');
    }
  });

  it('serves the built client for / and /m/:id when dist/ exists', async () => {
    const staticDir = tempDataDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SG</title>');
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    const server = await startServer({ seedDemo: false, staticDir });
    for (const p of ['/', '/m/ukraine-ceasefire-2025-03']) {
      const res = await fetch(server.url + p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>SG</title>');
    }
    const js = await fetch(`${server.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)).status).toBe(200); // index.html, never the file
  });
});

describe('the demo matrix', () => {
  it('is created on first start, exactly once', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    const a = (await (await fetch(`${first.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(demoToken(first, 'viewer')) })).json()) as MatrixData;
    const data = loadDemoData();
    expect(a.meta.title).toBe('Ukraine ceasefire talks, March 2025');
    expect(a.parties.map((p) => p.id)).toEqual(data.parties.map((p) => p.id));
    expect(a.issues.map((i) => i.id)).toEqual(data.issues.map((i) => i.id));
    expect(a.cells.filter((c) => c.stance).length).toBe(data.cells.filter((c) => c.stance).length);
    await first.close();
    const second = await startServer({ dataDir });
    await createMatrix(second, 'Another');
    const b = (await (await fetch(`${second.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(demoToken(second, 'viewer')) })).json()) as MatrixData;
    expect(b.parties.length).toBe(a.parties.length);
    expect(b.cells.flatMap((c) => c.sources).length).toBe(a.cells.flatMap((c) => c.sources).length);
    expect(second.storage.updateCount(DEMO_MATRIX_ID)).toBe(1);
  });
});
