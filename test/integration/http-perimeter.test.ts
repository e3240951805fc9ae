/**
 * Issue 12, item 8: security headers on every response (API, static files, errors, refusals),
 * and the Origin check on state-changing requests and websocket upgrades.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { demoToken, startServer, type TestServer } from '../utils/server.ts';

/** A request with exactly these headers (fetch may not send Origin or Host as given). */
function request(server: TestServer, method: string, pathname: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      `${server.url}${pathname}`,
      { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expectSecurityHeaders(headers: http.IncomingHttpHeaders) {
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).not.toContain('unsafe-inline');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
}

const newMatrix = JSON.stringify({ title: 'Origin test' });

describe('security headers (issue 12, item 8)', () => {
  it('are on API answers, errors, refusals and static files', async () => {
    const staticDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'sg-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const server = await startServer({ staticDir, security: { limits: { writesPerIp: { points: 1, seconds: 60 } } } });
    const answers = [
      await request(server, 'GET', '/healthz'),
      await request(server, 'GET', '/api/nothing-here'),
      await request(server, 'GET', `/api/matrices/${DEMO_MATRIX_ID}/access`),
      await request(server, 'GET', '/'),
      await request(server, 'GET', '/m/some-matrix'),
      await request(server, 'POST', '/api/matrices', {}, newMatrix),
      await request(server, 'POST', '/api/matrices', {}, newMatrix),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 200, 200, 201, 429]);
    for (const a of answers) expectSecurityHeaders(a.headers);
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('frame-ancestors can be configured', async () => {
    const server = await startServer({ security: { frameAncestors: 'https://intranet.example' } });
    const res = await request(server, 'GET', '/healthz');
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://intranet.example');
    expect(res.headers['x-frame-options']).toBeUndefined();
  });
});

describe('Origin check (issue 12, item 8)', () => {
  it("refuses a state-changing request from another site's page, creating nothing", async () => {
    const server = await startServer();
    const before = (await request(server, 'GET', '/api/matrices')).body;
    const res = await request(server, 'POST', '/api/matrices', { origin: 'https://evil.example' }, newMatrix);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'origin-not-allowed', message: expect.stringContaining('https://evil.example') } });
    expect((await request(server, 'POST', '/api/matrices', { origin: 'null' }, newMatrix)).status).toBe(403);
    expect((await request(server, 'GET', '/api/matrices')).body).toBe(before);
    // Reading is not state-changing: a GET from elsewhere is answered (its token is still needed).
    expect((await request(server, 'GET', '/api/config', { origin: 'https://evil.example' })).status).toBe(200);
  });

  it('accepts its own origin, an allowed one, and requests without Origin', async () => {
    const server = await startServer({ security: { allowedOrigins: ['https://stance.example.org'] } });
    const own = new URL(server.url).origin;
    expect((await request(server, 'POST', '/api/matrices', { origin: own }, newMatrix)).status).toBe(201);
    expect((await request(server, 'POST', '/api/matrices', { origin: 'https://stance.example.org' }, newMatrix)).status).toBe(201);
    expect((await request(server, 'POST', '/api/matrices', {}, newMatrix)).status).toBe(201);
  });

  it('trusts X-Forwarded-Host for the own origin only behind a configured proxy', async () => {
    const headers = { origin: 'https://grid.example.org', 'x-forwarded-host': 'grid.example.org' };
    const direct = await startServer();
    expect((await request(direct, 'POST', '/api/matrices', headers, newMatrix)).status).toBe(403);
    const proxied = await startServer({ security: { trustProxy: true } });
    expect((await request(proxied, 'POST', '/api/matrices', headers, newMatrix)).status).toBe(201);
  });

  it("refuses a websocket upgrade from another site's page; its own page connects", async () => {
    const server = await startServer();
    const url = `${server.syncUrl}/${DEMO_MATRIX_ID}?token=${demoToken(server, 'viewer')}`;
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    expect(await open('https://evil.example')).toBe(403);
    expect(await open(new URL(server.url).origin)).toBe(101);
  });
});
