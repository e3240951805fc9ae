/** Stores a new matrix and its share links in one transaction: a matrix never exists without links. */
import * as Y from 'yjs';
import type { ShareTokens } from '../shared/access.ts';
import { newMatrixId } from '../shared/ids.ts';
import { countMatrix, readMeta } from '../shared/matrix.ts';
import type { Storage } from './storage.ts';
import type { ShareLinks } from './share-links.ts';

export interface CreatedMatrix {
  id: string;
  title: string;
  tokens: ShareTokens;
}

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
