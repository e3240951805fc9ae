/** In-memory replicas for model tests: sync docs with Y.applyUpdate in chosen orders. */
import * as Y from 'yjs';
import { initMatrix, readMatrix } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';

/** A base doc (as the server would create it) and `n` replicas holding its state. */
export function replicas(n: number, title = 'Test'): Y.Doc[] {
  const base = new Y.Doc();
  initMatrix(base, { title, createdAt: '2025-03-01T00:00:00.000Z' }, SEED_ORIGIN);
  const state = Y.encodeStateAsUpdate(base);
  return Array.from({ length: n }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  });
}

/** Every doc receives every other doc's full state, in the order given (default: reversed). */
export function syncAll(docs: Y.Doc[], order: number[] = docs.map((_, i) => docs.length - 1 - i)): void {
  const states = docs.map((d) => Y.encodeStateAsUpdate(d));
  for (const target of docs) {
    for (const i of order) {
      const state = states[i];
      if (state) Y.applyUpdate(target, state);
    }
  }
}

/** Records each update a doc emits, so tests can replay them in any order. */
export function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return updates;
}

export function snapshot(doc: Y.Doc) {
  return JSON.stringify(readMatrix(doc));
}

/** A small seeded PRNG (mulberry32) for shuffles that replay. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
