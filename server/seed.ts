/** Creates the demo matrix on first start, exactly once (the matrices row marks it done). */
import fs from 'node:fs';
import * as Y from 'yjs';
import { applyDemoData, DEMO_MATRIX_ID, type DemoData } from '../shared/demo.ts';
import type { Storage } from './storage.ts';
import type { ShareLinks } from './share-links.ts';
import { storeNewMatrix } from './new-matrix.ts';
import { writeDocumentIndex } from '../shared/evidence/library-index.ts';
import { SEED_ORIGIN } from '../shared/origins.ts';
import { demoDocumentIndex, seedDemoDocuments } from './documents/demo.ts';
import { DocumentStore } from './documents/store.ts';

export const DEMO_DATA_FILE = new URL('../shared/demo/ukraine-ceasefire-2025-03.json', import.meta.url);

export function loadDemoData(): DemoData {
  return JSON.parse(fs.readFileSync(DEMO_DATA_FILE, 'utf8')) as DemoData;
}

/** Returns true when the demo was created now (with its links), false when it already existed. */
export function seedDemo(storage: Storage, links: ShareLinks): boolean {
  if (storage.exists(DEMO_MATRIX_ID)) return false;
  const data = loadDemoData();
  const doc = new Y.Doc();
  try {
    applyDemoData(doc, data);
    writeDocumentIndex(doc, demoDocumentIndex(), SEED_ORIGIN);
    const documents = new DocumentStore(storage.database);
    // One transaction: the library needs the matrix row (foreign key), and neither exists without the other.
    return storage.database.transaction(() => {
      const created = storeNewMatrix(storage, links, doc, DEMO_MATRIX_ID) !== null;
      if (created) seedDemoDocuments(documents);
      return created;
    })();
  } finally {
    doc.destroy();
  }
}
