/**
 * The demo data file format (shared/demo/*.json) and how it becomes a matrix. The server
 * applies it once, when the demo matrix does not exist yet; clients never seed.
 */
import type * as Y from 'yjs';
import { addAxisItem, addSource, initMatrix, setNote, setStance } from './matrix.ts';
import { SEED_ORIGIN } from './origins.ts';

export const DEMO_MATRIX_ID = 'ukraine-ceasefire-2025-03';

export interface DemoArticle {
  title: string;
  outlet: string | null;
  date: string | null;
  note?: string;
}

export interface DemoSource {
  /** Seed article file the quote is copied from. */
  article: string;
  quote: string;
  speaker: string;
  document: string;
  date: string;
  link: string;
}

export interface DemoData {
  id: string;
  title: string;
  description: string;
  articles: Record<string, DemoArticle>;
  parties: { id: string; name: string; description?: string }[];
  issues: { id: string; name: string; description?: string }[];
  cells: { party: string; issue: string; stance: string | null; note?: string; sources: DemoSource[] }[];
}

/** Writes the demo data into an empty doc in one transaction. */
export function applyDemoData(doc: Y.Doc, data: DemoData, addedAt = '2025-03-26T12:00:00.000Z'): void {
  doc.transact(() => {
    initMatrix(doc, { title: data.title, description: data.description, createdAt: addedAt }, SEED_ORIGIN);
    for (const p of data.parties) addAxisItem(doc, 'parties', { id: p.id, name: p.name, description: p.description ?? '' }, SEED_ORIGIN);
    for (const i of data.issues) addAxisItem(doc, 'issues', { id: i.id, name: i.name, description: i.description ?? '' }, SEED_ORIGIN);
    for (const cell of data.cells) {
      if (cell.stance) setStance(doc, cell.party, cell.issue, cell.stance, SEED_ORIGIN);
      if (cell.note) setNote(doc, cell.party, cell.issue, cell.note, SEED_ORIGIN);
      for (const s of cell.sources) {
        addSource(
          doc,
          cell.party,
          cell.issue,
          { quote: s.quote, speaker: s.speaker, document: s.document, date: s.date, link: s.link, addedBy: 'Stance Grid demo', addedAt },
          SEED_ORIGIN,
        );
      }
    }
  }, SEED_ORIGIN);
}
