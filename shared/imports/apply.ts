/**
 * Writes a validated import plan into an empty doc, in one transaction. Parties, issues,
 * stances and notes go through the model's own mutations, so every value passes the same
 * checks as a live edit. Order keys from the plan are kept, so a JSON round trip keeps moved
 * rows and tied orders exactly.
 */
import type * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { MatrixError } from '../errors.ts';
import { ITEM_ID_PATTERN } from '../ids.ts';
import {
  MAX_TEXT_LENGTH,
  addAxisItem,
  axisMap,
  cleanDate,
  cleanLink,
  initMatrix,
  metaMap,
  scaleMap,
  setNote,
  setStance,
  sourceOrderMap,
  sourcesMap,
  type StoredSource,
} from '../matrix.ts';
import { IMPORT_ORIGIN } from '../origins.ts';
import { commentsMap, threadsMap } from '../comments.ts';
import { historyArray } from '../history.ts';
import { cellKey, type Cell, type Source } from '../schema.ts';
import { DEFAULT_SALIENCE, eventsMap, positionsMap, salienceMap } from '../timeline/store.ts';
import type { ImportPlan } from './types.ts';

export class ImportTargetNotEmptyError extends Error {
  constructor() {
    super('An import is written only into a new, empty matrix.');
    this.name = 'ImportTargetNotEmptyError';
  }
}

/**
 * The record addSource would store, after the same checks. addSource itself scans every source
 * in the doc to place the new one: right for one live edit, quadratic for an import of
 * thousands (10,000 sources took 2 s), so imports write the same record directly.
 */
function storedSource(cell: string, s: Source): StoredSource {
  const quote = s.quote.trim();
  if (!quote) throw new MatrixError('invalid-quote', 'A source needs a quote.');
  for (const text of [quote, s.speaker, s.document]) {
    if (text.length > MAX_TEXT_LENGTH) throw new MatrixError('invalid-quote', `A source field is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  return {
    cell,
    quote,
    speaker: s.speaker.trim(),
    document: s.document.trim(),
    date: cleanDate(s.date),
    link: cleanLink(s.link),
    addedBy: s.addedBy.trim() || 'Anonymous',
    addedAt: s.addedAt || new Date().toISOString(),
  };
}

/**
 * A cell's stored positions (kept as they were: by, at), its salience when not the default, and
 * which earlier position each source supports (a source of the latest needs no link). Written
 * after the cell's stance, which the import checked is the latest position's.
 */
function writeTimeline(doc: Y.Doc, key: string, cell: Cell): Map<string, string> {
  const supports = new Map<string, string>();
  const stored = (cell.positions ?? []).filter((p) => p.id !== '');
  stored.forEach((p, k) => {
    positionsMap(doc).set(p.id, { cell: key, stance: p.stance, date: p.date, note: p.note, by: p.by, at: p.at });
    if (k < stored.length - 1) for (const id of p.sources) supports.set(id, p.id);
  });
  if (cell.salience !== undefined && cell.salience !== DEFAULT_SALIENCE) salienceMap(doc).set(key, cell.salience);
  return supports;
}

export function applyImport(doc: Y.Doc, plan: ImportPlan, origin: unknown = IMPORT_ORIGIN): void {
  doc.transact(() => {
    // Checked inside the transaction: a first getArray() outside one would open an empty
    // transaction of its own, with no origin.
    if (
      metaMap(doc).size ||
      scaleMap(doc).size ||
      axisMap(doc, 'parties').size ||
      axisMap(doc, 'issues').size ||
      sourcesMap(doc).size ||
      historyArray(doc).length
    ) {
      throw new ImportTargetNotEmptyError();
    }
    initMatrix(doc, { title: plan.meta.title, description: plan.meta.description, scale: plan.scale, createdAt: plan.meta.createdAt || undefined }, origin);
    for (const kind of ['parties', 'issues'] as const) {
      const map = axisMap(doc, kind);
      for (const item of plan[kind]) {
        // Appending never re-keys earlier items; the plan's own key then replaces the new one.
        addAxisItem(doc, kind, { id: item.id, name: item.name, description: item.description }, origin);
        if (item.order) map.get(item.id)?.set('order', item.order);
      }
    }
    const parties = axisMap(doc, 'parties');
    const issues = axisMap(doc, 'issues');
    const sources = sourcesMap(doc);
    const orders = sourceOrderMap(doc);
    for (const cell of plan.cells) {
      if (cell.stance !== null) setStance(doc, cell.partyId, cell.issueId, cell.stance, origin);
      if (cell.note) setNote(doc, cell.partyId, cell.issueId, cell.note, origin);
      if (cell.sources.length && (!parties.has(cell.partyId) || !issues.has(cell.issueId))) {
        throw new MatrixError('not-found', `A source belongs to a cell whose party or issue is not in the import.`);
      }
      const key = cellKey(cell.partyId, cell.issueId);
      let last: string | null = null;
      const supports = writeTimeline(doc, key, cell);
      for (const s of cell.sources) {
        if (!ITEM_ID_PATTERN.test(s.id) || sources.has(s.id)) throw new MatrixError('invalid-id', `"${s.id}" is not a free source id.`);
        const order: string = s.order || generateKeyBetween(last, null);
        if (last === null || order > last) last = order;
        const position = supports.get(s.id);
        sources.set(s.id, position ? { ...storedSource(key, s), position } : storedSource(key, s));
        orders.set(s.id, order);
      }
    }
    // History and comments are records of the past, kept as they were (the model's own
    // mutations would stamp them "now" and by whoever imports).
    for (const e of plan.events ?? []) eventsMap(doc).set(e.id, { date: e.date, label: e.label });
    if (plan.history?.length) historyArray(doc).push(plan.history.map((e) => structuredClone(e)));
    for (const { id, ...comment } of plan.comments ?? []) commentsMap(doc).set(id, comment);
    for (const [id, state] of Object.entries(plan.commentThreads ?? {})) threadsMap(doc).set(id, { ...state });
  }, origin);
}
