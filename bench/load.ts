/**
 * (b) Cold load: time from createServer() on a DATA_DIR holding a 60 × 80 matrix (two sources
 * per cell) to a first y-websocket client holding the whole matrix. Baseline in the same run:
 * decoding the same stored bytes into a bare Y.Doc.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { countMatrix } from '../shared/matrix.ts';
import type { ShareTokens } from '../shared/access.ts';
import { benchProvider, startProcess } from './fanout.ts';
import { Storage } from '../server/storage.ts';
import { buildLargeMatrix } from './large-matrix.ts';
import { median } from './stats.ts';

export const LARGE_ID = 'large-matrix-bench';

/** Writes the large matrix into a fresh DATA_DIR and returns it with the update size. */
export function prepareLargeDataDir(): { dataDir: string; bytes: number } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-bench-'));
  const doc = buildLargeMatrix();
  const update = Y.encodeStateAsUpdate(doc);
  const storage = new Storage(dataDir);
  storage.create(LARGE_ID, 'Large matrix', update, countMatrix(doc));
  storage.close();
  doc.destroy();
  return { dataDir, bytes: update.byteLength };
}

/**
 * Starts bench/load-server.ts on dataDir. `links` holds the tokens of matrices given share links
 * at this start: the large matrix's at the first start on a fresh DATA_DIR, none later.
 */
export async function startLargeServer(dataDir: string) {
  const { child, match } = await startProcess(['--import', 'tsx', 'bench/load-server.ts'], { DATA_DIR: dataDir }, /ready (\d+) (\S+) (\S+)\n/);
  return { child, startedAt: Number(match[1]), syncUrl: match[2]!, links: JSON.parse(match[3]!) as Record<string, ShareTokens> };
}

/**
 * The server runs in its own process (as in production), so its work and the client's decode
 * are not serialised on one event loop. The clock starts when that process calls createServer.
 */
export async function runLoad(runs = 5) {
  const { dataDir, bytes } = prepareLargeDataDir();
  const stored = new Storage(dataDir).load(LARGE_ID).updates;
  const baseline: number[] = [];
  const full: number[] = [];
  let token: string | undefined;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const bare = new Y.Doc();
    for (const u of stored) Y.applyUpdate(bare, u);
    baseline.push(performance.now() - t0);
    bare.destroy();

    const { child, startedAt, syncUrl, links } = await startLargeServer(dataDir);
    token ??= links[LARGE_ID]?.editor;
    if (!token) throw new Error(`the server printed no share links for ${LARGE_ID}`);
    const doc = new Y.Doc();
    const provider = benchProvider(syncUrl, LARGE_ID, doc, token);
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    full.push(Date.now() - startedAt);
    const counts = countMatrix(doc);
    if (counts.coded !== 60 * 80 || counts.sources !== 60 * 80 * 2) throw new Error(`incomplete load: ${JSON.stringify(counts)}`);
    provider.destroy();
    doc.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { bytes, baseline: median(baseline), full: median(full), runs };
}
