/**
 * Issue 12, item 3 (HTTP): per-address and per-route-class budgets, creates per token and per
 * address, 401s per address, each refused with 429 rate-limited and Retry-After; the snapshot
 * quota per matrix; X-Forwarded-For trusted only when configured. And the defaults leave a
 * 30-person workshop behind one address alone.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';

const demo = `/api/matrices/${DEMO_MATRIX_ID}`;
const call = async (server: TestServer, pathname: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}${pathname}`, init);
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') && text;
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: json ? (JSON.parse(text) as { error?: { code: string; message: string } }) : {},
  };
};
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const snapshot = (token: string, headers: Record<string, string> = {}) => post({ name: 'Round', createdBy: 'Ana' }, { ...bearer(token), ...headers });

function expectRateLimited(answer: Awaited<ReturnType<typeof call>>) {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ error: { code: 'rate-limited', message: expect.stringMatching(/^Too many .*; try again in \d+ s\.$/) } });
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
}

describe('HTTP rate limits (issue 12, item 3)', () => {
  it('reads per address: past the budget 429 with Retry-After; writes have their own budget', async () => {
    const server = await startServer({ security: { limits: { readsPerIp: { points: 5, seconds: 60 } } } });
    for (let i = 0; i < 5; i++) expect((await call(server, '/api/config')).status).toBe(200);
    expectRateLimited(await call(server, '/api/config'));
    expect((await call(server, '/api/matrices', post({ title: 'Still allowed' }))).status).toBe(201);
  });

  it('every request per address, static files included', async () => {
    const server = await startServer({ security: { limits: { requestsPerIp: { points: 3, seconds: 60 } } } });
    for (let i = 0; i < 3; i++) await call(server, '/healthz');
    expectRateLimited(await call(server, '/healthz'));
    const page = await fetch(`${server.url}/m/some-matrix`);
    expect(page.status).toBe(429);
    await page.text();
  });

  it('X-Forwarded-For picks the address only when TRUST_PROXY is set', async () => {
    const limits = { readsPerIp: { points: 2, seconds: 60 } };
    const direct = await startServer({ security: { limits } });
    for (let i = 0; i < 2; i++) await call(direct, '/api/config', { headers: { 'x-forwarded-for': `10.0.0.${i}` } });
    // A client cannot pick a fresh key by sending the header itself.
    expectRateLimited(await call(direct, '/api/config', { headers: { 'x-forwarded-for': '10.0.0.9' } }));

    const proxied = await startServer({ security: { limits, trustProxy: true } });
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': `203.0.113.7, ${ip}` } });
    for (let i = 0; i < 2; i++) expect((await call(proxied, '/api/config', from('198.51.100.1'))).status).toBe(200);
    expectRateLimited(await call(proxied, '/api/config', from('198.51.100.1')));
    expect((await call(proxied, '/api/config', from('198.51.100.2'))).status).toBe(200);
  });

  it('failed auths per address: past the budget even a good token is refused', async () => {
    const server = await startServer({ security: { limits: { authFailuresPerIp: { points: 3, seconds: 60 } } } });
    for (let i = 0; i < 3; i++) expect((await call(server, `${demo}/access`, { headers: bearer(`wrong-token-${i}`) })).status).toBe(401);
    expectRateLimited(await call(server, `${demo}/access`, { headers: bearer(demoToken(server, 'viewer')) }));
  });

  it('creates per address: a third new matrix is refused and not created', async () => {
    const server = await startServer({ security: { limits: { createsPerIp: { points: 2, seconds: 60 } } } });
    expect((await call(server, '/api/matrices', post({ title: 'One' }))).status).toBe(201);
    expect((await call(server, '/api/matrices', post({ title: 'Two' }))).status).toBe(201);
    expectRateLimited(await call(server, '/api/matrices', post({ title: 'Three' })));
    const list = (await (await fetch(`${server.url}/api/matrices`)).json()) as { matrices: { title: string }[] };
    expect(list.matrices.map((m) => m.title)).not.toContain('Three');
  });

  it('snapshots per token: one link from many addresses still meets its budget', async () => {
    const server = await startServer({ security: { trustProxy: true, limits: { createsPerToken: { points: 2, seconds: 60 } } } });
    const editor = demoToken(server, 'editor');
    for (let i = 0; i < 2; i++) expect((await call(server, `${demo}/snapshots`, snapshot(editor, { 'x-forwarded-for': `198.51.100.${i}` }))).status).toBe(201);
    expectRateLimited(await call(server, `${demo}/snapshots`, snapshot(editor, { 'x-forwarded-for': '198.51.100.77' })));
    // The facilitator's link has its own budget.
    expect((await call(server, `${demo}/snapshots`, snapshot(demoToken(server, 'facilitator')))).status).toBe(201);
  });
});

describe('snapshot quota per matrix (issue 12, item 3)', () => {
  it('refuses a snapshot past the count with 422 snapshot-quota', async () => {
    const server = await startServer({ security: { limits: { snapshotsPerMatrix: 2 } } });
    const editor = demoToken(server, 'editor');
    for (let i = 0; i < 2; i++) expect((await call(server, `${demo}/snapshots`, snapshot(editor))).status).toBe(201);
    const refused = await call(server, `${demo}/snapshots`, snapshot(editor));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toEqual({ code: 'snapshot-quota', message: expect.stringContaining('the most it may keep (2)') });
    const list = (await (await fetch(`${server.url}${demo}/snapshots`, { headers: bearer(editor) })).json()) as { snapshots: unknown[] };
    expect(list.snapshots).toHaveLength(2);
  });

  it('refuses a snapshot past the stored bytes with 413 snapshot-quota', async () => {
    const server = await startServer({ security: { limits: { snapshotBytesPerMatrix: 1024 } } });
    const refused = await call(server, `${demo}/snapshots`, snapshot(demoToken(server, 'editor')));
    expect(refused.status).toBe(413);
    expect(refused.body.error?.code).toBe('snapshot-quota');
  });
});

describe('default limits', () => {
  it('a 30-person workshop behind one address never meets them', async () => {
    const server = await startServer();
    const viewer = demoToken(server, 'viewer');
    const editor = demoToken(server, 'editor');
    const statuses: number[] = [];
    // Each participant opens the app, reads the matrix and its snapshots, a few mistype the link,
    // then everyone snapshots twice and exports three times, all at once.
    await Promise.all(
      Array.from({ length: 30 }, async (_, n) => {
        const token = n % 2 ? viewer : editor;
        for (const p of ['/m/x', '/api/config', `${demo}/access`, demo, `${demo}/snapshots`])
          statuses.push((await call(server, p, { headers: bearer(token) })).status);
        if (n % 5 === 0) statuses.push((await call(server, `${demo}/access`, { headers: bearer('an-old-link') })).status);
        for (let i = 0; i < 2; i++) statuses.push((await call(server, `${demo}/snapshots`, snapshot(editor))).status);
        for (const f of ['csv', 'json', 'md']) {
          const res = await fetch(`${server.url}${demo}/export?format=${f}`, { headers: bearer(token) });
          statuses.push(res.status);
          await res.arrayBuffer();
        }
      }),
    );
    expect(statuses).not.toContain(429);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
  }, 60_000);
});
