/** Stores a new matrix and its share links in one transaction: a matrix never exists without links. */
import * as Y from 'yjs';
import type { CreatedMatrix } from '../shared/api.ts';
import { newMatrixId } from '../shared/ids.ts';
import { countMatrix, readMeta } from '../shared/matrix.ts';
import { applyImport, type ImportPlan } from '../shared/imports/index.ts';
import { writeDocumentIndex } from '../shared/evidence/library-index.ts';
import { IMPORT_ORIGIN } from '../shared/origins.ts';
import type { Storage } from './storage.ts';
import type { ShareLinks } from './share-links.ts';
import { indexEntry, type DocumentStore } from './documents/store.ts';

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

/**
 * Stores a new matrix built from `plan` (an import, a restored snapshot), with its links and,
 * when the plan has them, its library's documents under their own ids (so every anchor still
 * points to its document) and their index in the doc. All in one transaction: a refused document
 * (DocumentError) leaves nothing behind.
 */
export function createMatrixFrom(storage: Storage, links: ShareLinks, plan: ImportPlan, documents?: DocumentStore): CreatedMatrix {
  const doc = new Y.Doc();
  try {
    applyImport(doc, plan);
    return storage.database.transaction(() => {
      const created = storeNewMatrix(storage, links, doc)!;
      if (!documents || !plan.documents?.length) return created;
      // The documents need the matrix row (foreign key); their index follows as the matrix's second update.
      const stored = plan.documents.map(({ id, text, title, outlet, author, date, url, lang, addedBy, addedAt }) =>
        documents.add(created.id, { id, text, title, outlet, author, date, url, lang, addedBy, addedAt }),
      );
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      writeDocumentIndex(
        doc,
        stored.map((d) => ({ id: d.id, ...indexEntry(d) })),
        IMPORT_ORIGIN,
      );
      for (const u of updates) storage.append(created.id, u);
      return created;
    })();
  } finally {
    doc.destroy();
  }
}
