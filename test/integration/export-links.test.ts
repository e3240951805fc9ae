/**
 * Issue 12, item 9: exports without a token in any URL. The token goes in the Authorization
 * header; a plain link is a single-use download id (POST …/export-links), valid 60 s.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import type { ExportLink } from '../../shared/api.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const demo = `/api/matrices/${DEMO_MATRIX_ID}`;

async function exportLink(server: TestServer, body: unknown, token: string | null = demoToken(server, 'viewer')) {
  const res = await fetch(`${server.url}${demo}/export-links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ExportLink & { error?: { code: string } } };
}

const get = async (server: TestServer, url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${url}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
};

describe('exports without a token in the URL (issue 12, item 9)', () => {
  it('the export answers a token in the Authorization header', async () => {
    const server = await startServer();
    const res = await get(server, `${demo}/export?format=csv`, bearer(demoToken(server, 'viewer')));
    expect(res.status).toBe(200);
    expect(res.disposition).toMatch(/^attachment; filename=".*\.csv"/);
    expect((await get(server, `${demo}/export?format=csv`)).status).toBe(401);
  });

  it('a download link names no token, gives the same file once, then is refused', async () => {
    const server = await startServer();
    const viewer = demoToken(server, 'viewer');
    const link = await exportLink(server, { format: 'csv' });
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^\/api\/downloads\/[A-Za-z0-9_-]{32}$/);
    expect(link.body.url).not.toContain(viewer);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);

    const first = await get(server, link.body.url);
    const direct = await get(server, `${demo}/export?format=csv`, bearer(viewer));
    expect(first).toMatchObject({ status: 200, type: direct.type, text: direct.text });
    expect(first.disposition).toBe(direct.disposition);

    const again = await get(server, link.body.url);
    expect(again.status).toBe(404);
    expect(JSON.parse(again.text)).toEqual({ error: { code: 'download-expired', message: expect.stringContaining('Export again') } });
  });

  it('a download link of a snapshot; none for a snapshot that does not exist, nor without a token', async () => {
    const server = await startServer();
    const editor = demoToken(server, 'editor');
    const snap = (await (
      await fetch(`${server.url}${demo}/snapshots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(editor) },
        body: JSON.stringify({ name: 'Round one', createdBy: 'Ana' }),
      })
    ).json()) as { id: string };
    const link = await exportLink(server, { format: 'md', snapshot: snap.id });
    const file = await get(server, link.body.url);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain('Round');
    expect((await exportLink(server, { format: 'md', snapshot: 'nosuchsnapshot' })).status).toBe(404);
    expect((await exportLink(server, { format: 'md' }, null)).status).toBe(401);
    expect((await exportLink(server, { format: 'pdf' })).body.error?.code).toBe('invalid-format');
  });

  it('a download link expires', async () => {
    const server = await startServer({ security: { downloadLinkMs: 100 } });
    const link = await exportLink(server, { format: 'json' });
    const expiresAt = Date.parse(link.body.expiresAt);
    await waitFor(() => Date.now() > expiresAt, { message: 'the link expiry' });
    expect((await get(server, link.body.url)).status).toBe(404);
  });
});
