/** Parties and issues: add, rename, describe, move and delete (with every cell they hold). */
import * as Y from 'yjs';
import { MatrixError } from '../errors.ts';
import { newId } from '../ids.ts';
import { LOCAL_ORIGIN } from '../origins.ts';
import { deleteCellComments } from '../comments.ts';
import { deleteCellTimeline } from '../timeline/store.ts';
import { parseCellKey, type AxisKind } from '../schema.ts';
import { axisMap, isStoredSource, notesMap, sourceOrderMap, sourcesMap, stancesMap, str, type Fields } from './maps.ts';
import { orderAt } from './order.ts';
import { deleteCellRecords } from '../cell-records.ts';
import { readAxis } from './read.ts';
import { cleanName, cleanText } from './validate.ts';

export interface NewAxisItem {
  name: string;
  description?: string;
  /** Position in the list (default: the end). */
  index?: number;
  /** Use a given id (imports, seed data). */
  id?: string;
}

/** Two names are the same party or issue when they differ only in case and spaces ("Energy Truce" = "energy  truce"). */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, '').toLowerCase();
}

export function addAxisItem(doc: Y.Doc, kind: AxisKind, item: NewAxisItem, origin: unknown = LOCAL_ORIGIN): string {
  const name = cleanName(item.name, kind === 'parties' ? 'Party name' : 'Issue name');
  const id = item.id ?? newId();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new MatrixError('invalid-id', `"${id}" is not a valid id.`);
  const items = readAxis(doc, kind);
  if (items.some((i) => i.id === id)) throw new MatrixError('invalid-id', `An item with id "${id}" already exists.`);
  const same = items.find((i) => nameKey(i.name) === nameKey(name));
  if (same) throw new MatrixError('duplicate-name', `There is already ${kind === 'parties' ? 'a party' : 'an issue'} named “${same.name}”.`);
  const index = Math.max(0, Math.min(item.index ?? items.length, items.length));
  const { key, rekeys } = orderAt(items, index);
  doc.transact(() => {
    const map = axisMap(doc, kind);
    for (const [other, order] of rekeys) map.get(other)?.set('order', order);
    const fields = new Y.Map<unknown>();
    fields.set('name', name);
    fields.set('description', item.description?.trim() ?? '');
    fields.set('order', key);
    map.set(id, fields);
  }, origin);
  return id;
}

export function axisFields(doc: Y.Doc, kind: AxisKind, id: string): Fields {
  const fields = axisMap(doc, kind).get(id);
  if (!(fields instanceof Y.Map)) throw new MatrixError('not-found', `That ${kind === 'parties' ? 'party' : 'issue'} no longer exists.`);
  return fields;
}

export function renameAxisItem(doc: Y.Doc, kind: AxisKind, id: string, name: string, origin: unknown = LOCAL_ORIGIN): void {
  const clean = cleanName(name, kind === 'parties' ? 'Party name' : 'Issue name');
  const fields = axisFields(doc, kind, id);
  doc.transact(() => fields.set('name', clean), origin);
}

export function setAxisDescription(doc: Y.Doc, kind: AxisKind, id: string, description: string, origin: unknown = LOCAL_ORIGIN): void {
  const fields = axisFields(doc, kind, id);
  doc.transact(() => fields.set('description', cleanText(description.trim(), 'The description')), origin);
}

export const MAX_AXIS_WORDS_LENGTH = 1000;
/** Which extra field each axis may hold: a party's aliases, an issue's keywords. */
export const AXIS_WORDS_FIELD = { parties: 'aliases', issues: 'keywords' } as const;

/**
 * Sets a party's `aliases` or an issue's `keywords` (comma-separated words that find evidence
 * for it): each entry trimmed, empty ones dropped, at most 1000 characters; "" removes the field.
 */
export function setAxisField(doc: Y.Doc, kind: AxisKind, id: string, field: 'aliases' | 'keywords', value: string, origin: unknown = LOCAL_ORIGIN): void {
  if (AXIS_WORDS_FIELD[kind] !== field) throw new MatrixError('invalid-name', `${kind === 'parties' ? 'A party' : 'An issue'} has no "${field}".`);
  const clean = splitWords(value).join(', ');
  const label = field === 'aliases' ? 'The aliases' : 'The keywords';
  if (clean.length > MAX_AXIS_WORDS_LENGTH) throw new MatrixError('invalid-name', `${label} are longer than ${MAX_AXIS_WORDS_LENGTH} characters.`);
  const fields = axisFields(doc, kind, id);
  if (str(fields.get(field)) === clean) return;
  doc.transact(() => (clean ? fields.set(field, clean) : fields.delete(field)), origin);
}

/** "Kremlin, Moscow ,, Peskov" → ["Kremlin", "Moscow", "Peskov"]. */
export function splitWords(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((w) => w.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Moves an item so that it ends up at `toIndex` in the ordered list. Only its order key changes. */
export function moveAxisItem(doc: Y.Doc, kind: AxisKind, id: string, toIndex: number, origin: unknown = LOCAL_ORIGIN): void {
  const fields = axisFields(doc, kind, id);
  const others = readAxis(doc, kind).filter((i) => i.id !== id);
  const index = Math.max(0, Math.min(toIndex, others.length));
  const { key, rekeys } = orderAt(others, index);
  doc.transact(() => {
    const map = axisMap(doc, kind);
    for (const [other, order] of rekeys) map.get(other)?.set('order', order);
    fields.set('order', key);
  }, origin);
}

/** Whether a cell key lies in the party or issue `id`. */
function inAxisItem(kind: AxisKind, id: string): (key: string) => boolean {
  return (key) => {
    const parsed = parseCellKey(key);
    return parsed !== null && (kind === 'parties' ? parsed.partyId === id : parsed.issueId === id);
  };
}

/**
 * Deletes a party or issue and every stance, note, source, comment, position and salience of its cells. Their
 * history stays (the Activity feed shows it without the deleted name) until trimmed.
 */
export function deleteAxisItem(doc: Y.Doc, kind: AxisKind, id: string, origin: unknown = LOCAL_ORIGIN): void {
  axisFields(doc, kind, id);
  const belongs = inAxisItem(kind, id);
  doc.transact(() => {
    axisMap(doc, kind).delete(id);
    for (const map of [stancesMap(doc), notesMap(doc)]) {
      for (const key of [...map.keys()]) if (belongs(key)) map.delete(key);
    }
    deleteCellRecords(sourcesMap(doc), isStoredSource, belongs, [sourceOrderMap(doc)]);
    deleteCellComments(doc, belongs);
    deleteCellTimeline(doc, belongs);
  }, origin);
}

/** How much a delete would remove, for the confirmation dialog. */
export function axisItemContent(doc: Y.Doc, kind: AxisKind, id: string): { coded: number; sources: number } {
  const belongs = inAxisItem(kind, id);
  let coded = 0;
  for (const key of stancesMap(doc).keys()) if (belongs(key)) coded++;
  let sources = 0;
  sourcesMap(doc).forEach((stored) => {
    if (isStoredSource(stored) && belongs(stored.cell)) sources++;
  });
  return { coded, sources };
}
