/**
 * The demo's timeline file (shared/demo/*.timeline.json): the dated moves the seed articles
 * document, applied by the server right after the demo data, once, when it seeds the demo.
 */
import type * as Y from 'yjs';
import { addDemoSource, type DemoSource } from '../demo.ts';
import { readCellSources, setStance, stancesMap } from '../matrix.ts';
import { SEED_ORIGIN } from '../origins.ts';
import { addEvent, addPosition, attachSource } from '../positions.ts';
import { cellKey } from '../schema.ts';

export interface DemoPosition {
  date: string;
  stance: string;
  note: string;
  sources: DemoSource[];
}

export interface DemoTimeline {
  /** The demo matrix id the file belongs to. */
  matrix: string;
  description: string;
  /** `article`: the seed file the event is documented in. */
  events: { id: string; date: string; label: string; article: string }[];
  /** Positions in date order; the last is the stance the demo data codes. */
  cells: { party: string; issue: string; positions: DemoPosition[] }[];
}

/**
 * Writes the timeline into a doc that holds the demo data, in one transaction, leaving no
 * history. A cell's dated positions replace its undated coding (the demo codes the latest state,
 * which is the last position). A source whose quote the cell already has is linked to its
 * position rather than added twice.
 */
export function applyDemoTimeline(doc: Y.Doc, timeline: DemoTimeline, addedAt = '2025-03-26T12:00:00.000Z'): void {
  doc.transact(() => {
    for (const e of timeline.events) addEvent(doc, { id: e.id, date: e.date, label: e.label }, SEED_ORIGIN);
    for (const cell of timeline.cells) {
      if (stancesMap(doc).has(cellKey(cell.party, cell.issue))) setStance(doc, cell.party, cell.issue, null, SEED_ORIGIN);
      for (const p of cell.positions) {
        const id = `${cell.party}-${cell.issue}-${p.date || 'undated'}`.slice(0, 64);
        addPosition(doc, cell.party, cell.issue, { id, stance: p.stance, date: p.date, note: p.note }, SEED_ORIGIN);
        for (const s of p.sources) {
          const known = readCellSources(doc, cell.party, cell.issue).find((x) => x.quote === s.quote.trim());
          const sourceId = known?.id ?? addDemoSource(doc, cell.party, cell.issue, s, addedAt);
          attachSource(doc, sourceId, id, SEED_ORIGIN);
        }
      }
    }
  }, SEED_ORIGIN);
}
