/**
 * (b) Cold load: time from createServer() on a DATA_DIR holding a 60 × 80 matrix (two sources
 * per cell) to a first y-websocket client holding the whole matrix. Baseline in the same run:
 * decoding the same stored bytes into a bare Y.Doc.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { countMatrix } from '../shared/matrix.ts';
import { startProcess } from './fanout.ts';
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
 * The server runs in its own process (as in production), so its work and the client's decode
 * are not serialised on one event loop. The clock starts when that process calls createServer.
 */
export async function runLoad(runs = 5) {
  const { dataDir, bytes } = prepareLargeDataDir();
  const stored = new Storage(dataDir).load(LARGE_ID).updates;
  const baseline: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const bare = new Y.Doc();
    for (const u of stored) Y.applyUpdate(bare, u);
    baseline.push(performance.now() - t0);
    bare.destroy();

    const { child, match } = await startProcess(['--import', 'tsx', 'bench/load-server.ts'], { DATA_DIR: dataDir }, /ready (\d+) (\S+)\n/);
    const startedAt = Number(match[1]);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(match[2]!, LARGE_ID, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
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
