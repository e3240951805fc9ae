/** Reading back what a server stored, and checking it against the schema guard. */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { validateUpdate } from '../../shared/doc-guard.ts';
import type { Storage } from '../../server/storage.ts';

/** The whole stored state of a matrix, as a fresh doc. */
export function storedDoc(storage: Storage, id: string): Y.Doc {
  const doc = new Y.Doc();
  for (const u of storage.load(id).updates) Y.applyUpdate(doc, u);
  return doc;
}

/** Every struct of `doc` passes the guard: its whole state, checked against an empty doc. */
export function expectValidState(doc: Y.Doc): void {
  expect(validateUpdate(new Y.Doc(), Y.encodeStateAsUpdate(doc), { allowServerOnlyRoots: true })).toEqual({ ok: true });
}
