/** Starts the real server on port 0 with a temporary DATA_DIR; tears down after the test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { createServer, type ServerOptions, type StanceGridServer } from '../../server/server.ts';
import { memoryLogger } from '../../server/log.ts';
import { shareUrl, type Role } from '../../shared/access.ts';
import type { CreatedMatrix } from '../../shared/api.ts';

export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-test-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type TestServer = StanceGridServer & { logs: string[] };

/** A server that is closed when the current test finishes (close() may also be called early). */
export async function startServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const logger = memoryLogger();
  // TEST_STATIC_DIR lets parallel work build the client elsewhere than dist/ (vite build --outDir).
  const staticDir = process.env.TEST_STATIC_DIR;
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir ?? tempDataDir(),
    logger,
    idleUnloadMs: 50,
    ...(staticDir ? { staticDir } : {}),
    ...options,
  });
  onTestFinished(() => server.close());
  return Object.assign(server, { logs: logger.lines });
}

export type { CreatedMatrix };

/** Creates an empty matrix through the HTTP API; returns its id and its three share-link tokens. */
export async function createMatrix(server: StanceGridServer, title = 'Test matrix', { createToken }: { createToken?: string } = {}): Promise<CreatedMatrix> {
  const res = await fetch(`${server.url}/api/matrices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(createToken ? { authorization: `Bearer ${createToken}` } : {}) },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedMatrix;
}

/** The demo matrix's token for a role (the server derives them; see server/secret.ts). */
export function demoToken(server: StanceGridServer, role: Role = 'editor'): string {
  if (!server.demoLinks) throw new Error('this server has no demo matrix (seedDemo: false?)');
  return server.demoLinks[role];
}

/** `Authorization: Bearer <token>` for fetch. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** The share link a browser opens: `${url}/m/${id}#token=${token}`. */
export function matrixUrl(server: StanceGridServer, id: string, token: string): string {
  return shareUrl(server.url, id, token);
}
