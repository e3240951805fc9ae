/**
 * Issue 11, item 14: GET /api/demo/links gives the demo's links to a browser on the server's own
 * machine only (loopback peer, a loopback Host, no forwarding header, no TRUST_PROXY), so a first
 * visit on the machine that runs the server can open the demo; a request through a proxy, under
 * another Host (DNS rebinding) or from another origin gets 404; it is on only where the links are
 * printed (a terminal, or --demo-links), and --no-demo-links turns it off.
 */
import http from 'node:http';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startServer } from '../utils/server.ts';
import { spawnServer } from '../utils/process.ts';
import { tempDataDir } from '../utils/server.ts';

interface Answer {
  status: number;
  body: string;
}

/** A GET with exactly these headers (fetch would not let a test set Host). */
function get(url: string, headers: Record<string, string> = {}, path = '/api/demo/links'): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path, headers: { host: target.host, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo links for this machine (issue 11, item 14)', () => {
  it('answers a loopback request with a loopback Host, and nothing with a forwarding header, another Host or Origin', async () => {
    const server = await startServer();
    const ok = await get(server.url);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ tokens: server.demoLinks });
    expect((await get(server.url, { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.url, { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);

    const refused: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-forwarded-host': 'grid.example.org' },
      { 'x-real-ip': '203.0.113.9' },
      { host: 'grid.example.org' },
      { host: `evil.example:${server.port}` },
      { origin: 'http://evil.example' },
    ];
    expect(JSON.parse((await get(server.url, {}, '/api/config')).body)).toMatchObject({ demoLinksHere: true });
    for (const headers of refused) {
      const answer = await get(server.url, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(404);
      expect(answer.body).not.toContain(server.demoLinks!.facilitator);
      expect(JSON.parse((await get(server.url, headers, '/api/config')).body)).toMatchObject({ demoLinksHere: false });
    }
  });

  it('answers nothing to another machine, behind TRUST_PROXY, when turned off, or without a demo', async () => {
    // Another address of this machine stands in for another machine: its peer address is not loopback.
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (lan) {
      const open = await startServer({ host: '0.0.0.0' });
      expect((await get(`http://${lan}:${open.port}`)).status).toBe(404);
      expect((await get(`http://127.0.0.1:${open.port}`)).status).toBe(200);
    }
    expect((await get((await startServer({ security: { trustProxy: true } })).url)).status).toBe(404);
    expect((await get((await startServer({ localDemoLinks: false })).url)).status).toBe(404);
    expect((await get((await startServer({ seedDemo: false })).url)).status).toBe(404);
  });

  /** `npm run serve` as a child (stdout is a pipe, not a terminal), once it answers /healthz. */
  async function spawned(args: string[]) {
    const server = await spawnServer({ DATA_DIR: tempDataDir() }, args);
    await expect
      .poll(
        () =>
          fetch(`${server.url}/healthz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 20_000 },
      )
      .toBe(200);
    return server;
  }

  it('is off with --no-demo-links, and off by default without a terminal (a deployed server); on with --demo-links', async () => {
    expect((await get((await spawned(['--no-demo-links'])).url)).status).toBe(404);
    // A same-host proxy without forwarding headers would look local: a server with no terminal never answers.
    expect((await get((await spawned([])).url)).status).toBe(404);
    expect((await get((await spawned(['--demo-links'])).url)).status).toBe(200);
  }, 60_000);
});
