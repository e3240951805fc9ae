/**
 * The demo matrix's library: the five seed articles shipped in shared/demo/documents/, with
 * the metadata of shared/demo/documents.json, stored under their manifest ids (the ids the
 * demo's sources cite). Called once when the demo is seeded; safe to call again.
 */
import fs from 'node:fs';
import { DEMO_MATRIX_ID, type DemoDocument } from '../../shared/demo.ts';
import type { DocumentIndexEntry } from '../../shared/schema.ts';
import { documentMeta } from '../../shared/evidence/library-index.ts';
import { DEMO_DIR } from '../demo-dir.ts';
import { type DocumentStore, canonicalText, sha256Hex, type DocumentRecord } from './store.ts';

const DEMO_ADDED_BY = 'Stance Grid demo';
/** The demo matrix's own creation time (applyDemoData's default). */
const DEMO_ADDED_AT = '2025-03-26T12:00:00.000Z';

export const DEMO_DOCUMENTS_MANIFEST = new URL('documents.json', DEMO_DIR);
const DEMO_DOCUMENTS_DIR = new URL('documents/', DEMO_DIR);

export function loadDemoDocuments(): (DemoDocument & { text: string })[] {
  const manifest = JSON.parse(fs.readFileSync(DEMO_DOCUMENTS_MANIFEST, 'utf8')) as DemoDocument[];
  return manifest.map((d) => {
    const text = fs.readFileSync(new URL(d.file, DEMO_DOCUMENTS_DIR), 'utf8');
    // A copy changed by a checkout (line ends, encoding) would no longer verify every quote.
    if (sha256Hex(text) !== d.sha256) throw new Error(`shared/demo/documents/${d.file} does not match its SHA-256 in documents.json.`);
    return { ...d, text };
  });
}

/**
 * Stores the demo documents in `matrixId`'s library (the matrix row must exist) and returns
 * them all, those stored earlier included. The caller writes their index into the matrix's
 * Y.Doc (writeDocumentIndex in shared/evidence/library-index.ts).
 */
export function seedDemoDocuments(store: DocumentStore, matrixId = DEMO_MATRIX_ID, addedAt = DEMO_ADDED_AT): DocumentRecord[] {
  return loadDemoDocuments().map((d) => {
    const existing = store.get(matrixId, d.id);
    if (existing) return existing;
    return store.add(matrixId, {
      id: d.id,
      text: d.text,
      ...documentMeta(d),
      addedBy: DEMO_ADDED_BY,
      addedAt,
    });
  });
}

/**
 * The demo library's index entries, exactly as seedDemoDocuments stores the documents, without
 * storing anything: the seeding writes them into the demo's Y.Doc before the matrix row (which
 * the documents' foreign key needs) exists.
 */
export function demoDocumentIndex(addedAt = DEMO_ADDED_AT): (DocumentIndexEntry & { id: string })[] {
  return loadDemoDocuments().map((d) => {
    const text = canonicalText(d.text);
    return {
      id: d.id,
      ...documentMeta(d),
      chars: text.length,
      sha256: sha256Hex(text),
      addedBy: DEMO_ADDED_BY,
      addedAt,
    };
  });
}
