/**
 * Writes a validated import plan into an empty doc in one linear pass. Every value passes the
 * same checks as a live edit (names, stance ids against the plan's scale, text lengths, dates,
 * links), but records are written directly: the model's one-item mutations re-read and sort a
 * whole axis or the source list per call, which made an import of 20,000 rows quadratic (68 s).
 * Order keys from the plan are kept, so a JSON round trip keeps moved rows and tied orders
 * exactly; missing ones are generated in bulk.
 */
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { MatrixError } from '../errors.ts';
import { ITEM_ID_PATTERN } from '../ids.ts';
import {
  MAX_TEXT_LENGTH,
  axisMap,
  cleanDate,
  cleanLink,
  cleanName,
  initMatrix,
  metaMap,
  notesMap,
  scaleMap,
  sourceOrderMap,
  sourcesMap,
  stancesMap,
  type StoredSource,
} from '../matrix.ts';
import { IMPORT_ORIGIN } from '../origins.ts';
import { DEFAULT_SCALE } from '../scale.ts';
import { commentsMap, threadsMap } from '../comments.ts';
import { historyArray } from '../history.ts';
import { cellKey, type AxisItem, type AxisKind, type Cell, type Source } from '../schema.ts';
import { DEFAULT_SALIENCE, eventsMap, positionsMap, salienceMap } from '../timeline/store.ts';
import type { ImportPlan } from './types.ts';
import { cleanSourceAnchor } from '../evidence/source-evidence.ts';
import { DEFAULT_YIELD_EVERY, chunker, runChunked, runSync, type ChunkOptions, type Steps } from './steps.ts';

export class ImportTargetNotEmptyError extends Error {
  constructor() {
    super('An import is written only into a new, empty matrix.');
    this.name = 'ImportTargetNotEmptyError';
  }
}

/** The record addSource would store, after the same checks. */
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
    ...cleanSourceAnchor(s),
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

/**
 * Order keys for a list in file order: an item's own key is kept; a run of items without one
 * gets keys after the largest key so far, generated together (what appending them one by one
 * would give, without re-reading the list).
 */
export function fillOrderKeys(orders: readonly string[]): string[] {
  const out: string[] = [];
  let last: string | null = null;
  for (let i = 0; i < orders.length; ) {
    const own = orders[i];
    if (own) {
      out.push(own);
      if (last === null || own > last) last = own;
      i++;
      continue;
    }
    let end = i;
    while (end < orders.length && !orders[end]) end++;
    const keys = generateNKeysBetween(last, null, end - i);
    out.push(...keys);
    last = keys[keys.length - 1] ?? last;
    i = end;
  }
  return out;
}

function isEmpty(doc: Y.Doc): boolean {
  return !(
    metaMap(doc).size ||
    scaleMap(doc).size ||
    axisMap(doc, 'parties').size ||
    axisMap(doc, 'issues').size ||
    sourcesMap(doc).size ||
    historyArray(doc).length
  );
}

/**
 * The import as steps: each chunk of `every` items is one transaction, and the steps pause
 * between chunks. Run straight through inside one outer transaction, it is a single one.
 */
export function* applyImportSteps(doc: Y.Doc, plan: ImportPlan, origin: unknown = IMPORT_ORIGIN, every = DEFAULT_YIELD_EVERY): Steps<void> {
  // Checked inside a transaction: a first getArray() outside one would open an empty
  // transaction of its own, with no origin.
  doc.transact(() => {
    if (!isEmpty(doc)) throw new ImportTargetNotEmptyError();
    initMatrix(doc, { title: plan.meta.title, description: plan.meta.description, scale: plan.scale, createdAt: plan.meta.createdAt || undefined }, origin);
  }, origin);
  const tick = chunker(every);
  /** Runs `write` for each item, one transaction per chunk, pausing between chunks. */
  function* each<T>(items: readonly T[], write: (item: T, index: number) => void): Steps<void> {
    let i = 0;
    while (i < items.length) {
      doc.transact(() => {
        for (; i < items.length; ) {
          const item = items[i] as T;
          write(item, i++);
          if (tick()) break;
        }
      }, origin);
      if (i < items.length) yield;
    }
  }

  const ids: Record<AxisKind, Set<string>> = { parties: new Set(), issues: new Set() };
  for (const kind of ['parties', 'issues'] as const) {
    const map = axisMap(doc, kind);
    const what = kind === 'parties' ? 'Party name' : 'Issue name';
    const keys = fillOrderKeys(plan[kind].map((item) => item.order));
    yield* each(plan[kind], (item: AxisItem, index) => {
      if (!ITEM_ID_PATTERN.test(item.id) || ids[kind].has(item.id)) throw new MatrixError('invalid-id', `"${item.id}" is not a free id.`);
      ids[kind].add(item.id);
      const fields = new Y.Map<unknown>();
      fields.set('name', cleanName(item.name, what));
      const description = item.description.trim();
      if (description.length > MAX_TEXT_LENGTH) throw new MatrixError('invalid-quote', `The description is longer than ${MAX_TEXT_LENGTH} characters.`);
      fields.set('description', description);
      fields.set('order', keys[index] ?? '');
      map.set(item.id, fields);
    });
  }

  // initMatrix writes the default scale for a plan without one.
  const levels = new Set((plan.scale.length ? plan.scale : DEFAULT_SCALE).map((l) => l.id));
  const stances = stancesMap(doc);
  const notes = notesMap(doc);
  const sources = sourcesMap(doc);
  const orders = sourceOrderMap(doc);
  yield* each(plan.cells, (cell) => {
    if (!ids.parties.has(cell.partyId) || !ids.issues.has(cell.issueId)) {
      throw new MatrixError('not-found', 'A cell belongs to a party or issue that is not in the import.');
    }
    const key = cellKey(cell.partyId, cell.issueId);
    if (cell.stance !== null) {
      if (!levels.has(cell.stance)) throw new MatrixError('invalid-stance', `"${cell.stance}" is not a level of this matrix's stance scale.`);
      stances.set(key, cell.stance);
    }
    if (cell.note.trim()) {
      if (cell.note.length > MAX_TEXT_LENGTH) throw new MatrixError('invalid-quote', `The note is longer than ${MAX_TEXT_LENGTH} characters.`);
      notes.set(key, cell.note);
    }
    const supports = writeTimeline(doc, key, cell);
    const keys = fillOrderKeys(cell.sources.map((s) => s.order));
    cell.sources.forEach((s, k) => {
      if (!ITEM_ID_PATTERN.test(s.id) || sources.has(s.id)) throw new MatrixError('invalid-id', `"${s.id}" is not a free source id.`);
      const position = supports.get(s.id);
      sources.set(s.id, position ? { ...storedSource(key, s), position } : storedSource(key, s));
      orders.set(s.id, keys[k] ?? '');
    });
  });
  yield* each(plan.events ?? [], (e) => eventsMap(doc).set(e.id, { date: e.date, label: e.label }));

  // History and comments are records of the past, kept as they were (the model's own
  // mutations would stamp them "now" and by whoever imports).
  const history = plan.history ?? [];
  for (let at = 0; at < history.length; at += Math.max(1, every)) {
    if (at > 0) yield;
    const part = history.slice(at, at + Math.max(1, every)).map((e) => structuredClone(e));
    doc.transact(() => historyArray(doc).push(part), origin);
  }
  yield* each(plan.comments ?? [], ({ id, ...comment }) => commentsMap(doc).set(id, comment));
  yield* each(Object.entries(plan.commentThreads ?? {}), ([id, state]) => threadsMap(doc).set(id, { ...state }));
}

/** Writes the plan into an empty doc, in one transaction. */
export function applyImport(doc: Y.Doc, plan: ImportPlan, origin: unknown = IMPORT_ORIGIN): void {
  doc.transact(() => runSync(applyImportSteps(doc, plan, origin)), origin);
}

/**
 * The same, pausing every `yieldEvery` items so the event loop keeps serving others, e.g.
 * `await applyImportChunked(doc, plan, { yieldEvery: 500, yield: () => new Promise((r) => setImmediate(r)) })`.
 * Write into a doc nobody else sees yet: other code may run between the chunks.
 */
export async function applyImportChunked(doc: Y.Doc, plan: ImportPlan, options: ChunkOptions = {}, origin: unknown = IMPORT_ORIGIN): Promise<void> {
  await runChunked(applyImportSteps(doc, plan, origin, options.yieldEvery), options.yield);
}
