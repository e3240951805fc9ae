/**
 * The demo data file format (shared/demo/*.json) and how it becomes a matrix. The server
 * applies it once, when the demo matrix does not exist yet; clients never seed.
 */
import type * as Y from 'yjs';
import { addAxisItem, addSource, initMatrix, setNote, setStance } from './matrix.ts';
import { SEED_ORIGIN } from './origins.ts';
import type { DocumentMeta, QuoteSelector, SourceKind } from './schema.ts';

export const DEMO_MATRIX_ID = 'ukraine-ceasefire-2025-03';

export interface DemoArticle {
  title: string;
  outlet: string | null;
  date: string | null;
  note?: string;
}

export interface DemoSource {
  /** Seed article file the quote was copied from (older demo files; now `documentId`). */
  article?: string;
  /** Id of the demo document (shared/demo/documents.json) the quote is anchored in. */
  documentId?: string;
  /** Computed by scripts/anchor-demo.ts, never typed by hand. */
  selector?: QuoteSelector;
  kind?: SourceKind;
  quote: string;
  speaker: string;
  document: string;
  date: string;
  link: string;
}

/** One entry of shared/demo/documents.json: a seed article shipped in shared/demo/documents/. */
export interface DemoDocument extends DocumentMeta {
  id: string;
  /** File name in shared/demo/documents/ (identical to ../shared/seeds/). */
  file: string;
  /** How the metadata was read from the text (a headline given, a date inferred). */
  note: string;
  /** SHA-256 (hex) of the file's bytes, and its length in UTF-16 code units: checked by the demo test. */
  sha256: string;
  chars: number;
}

export interface DemoData {
  id: string;
  title: string;
  description: string;
  /** Older demo files described their articles here; now shared/demo/documents.json does. */
  articles?: Record<string, DemoArticle>;
  parties: { id: string; name: string; description?: string }[];
  issues: { id: string; name: string; description?: string }[];
  cells: { party: string; issue: string; stance: string | null; note?: string; sources: DemoSource[] }[];
}

/** Writes the demo data into an empty doc in one transaction. */
/** Adds one demo source as the demo's own author, with its anchor when it has one (scripts/anchor-demo.ts). */
export function addDemoSource(doc: Y.Doc, partyId: string, issueId: string, s: DemoSource, addedAt: string): string {
  return addSource(
    doc,
    partyId,
    issueId,
    {
      quote: s.quote,
      speaker: s.speaker,
      document: s.document,
      date: s.date,
      link: s.link,
      addedBy: 'Stance Grid demo',
      addedAt,
      ...(s.documentId !== undefined && { documentId: s.documentId }),
      ...(s.selector !== undefined && { selector: s.selector }),
      ...(s.kind !== undefined && { kind: s.kind }),
    },
    SEED_ORIGIN,
  );
}

export function applyDemoData(doc: Y.Doc, data: DemoData, addedAt = '2025-03-26T12:00:00.000Z'): void {
  doc.transact(() => {
    initMatrix(doc, { title: data.title, description: data.description, createdAt: addedAt }, SEED_ORIGIN);
    for (const p of data.parties) addAxisItem(doc, 'parties', { id: p.id, name: p.name, description: p.description ?? '' }, SEED_ORIGIN);
    for (const i of data.issues) addAxisItem(doc, 'issues', { id: i.id, name: i.name, description: i.description ?? '' }, SEED_ORIGIN);
    for (const cell of data.cells) {
      if (cell.stance) setStance(doc, cell.party, cell.issue, cell.stance, SEED_ORIGIN);
      if (cell.note) setNote(doc, cell.party, cell.issue, cell.note, SEED_ORIGIN);
      for (const s of cell.sources) addDemoSource(doc, cell.party, cell.issue, s, addedAt);
    }
  }, SEED_ORIGIN);
}
