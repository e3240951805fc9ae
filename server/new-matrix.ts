/** Stores a new matrix and its share links in one transaction: a matrix never exists without links. */
import * as Y from 'yjs';
import type { CreatedMatrix } from '../shared/api.ts';
import { newMatrixId } from '../shared/ids.ts';
import { countMatrix, readMeta } from '../shared/matrix.ts';
import { applyImport, type ImportPlan } from '../shared/imports/index.ts';
import type { Storage } from './storage.ts';
import type { ShareLinks } from './share-links.ts';

export type { CreatedMatrix };

/** Stores `doc` under a fresh id (or `id`, returning null if taken). The doc is left as is. */
export function storeNewMatrix(storage: Storage, links: ShareLinks, doc: Y.Doc, id?: string): CreatedMatrix | null {
  const title = readMeta(doc).title;
  const state = Y.encodeStateAsUpdate(doc);
  const counts = countMatrix(doc);
  return storage.database.transaction(() => {
    let matrixId = id ?? newMatrixId(title);
    while (!storage.create(matrixId, title, state, counts)) {
      if (id) return null;
      matrixId = newMatrixId(title);
    }
    return { id: matrixId, title, tokens: links.create(matrixId) };
  })();
}

/** Stores a new matrix built from `plan` (an import, a restored snapshot), with its links. */
export function createMatrixFrom(storage: Storage, links: ShareLinks, plan: ImportPlan): CreatedMatrix {
  const doc = new Y.Doc();
  try {
    applyImport(doc, plan);
    return storeNewMatrix(storage, links, doc)!;
  } finally {
    doc.destroy();
  }
}
