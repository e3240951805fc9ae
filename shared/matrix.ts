/**
 * Reads and mutations of a matrix over a Y.Doc. Pure functions: no Svelte, no sockets.
 * Every mutation runs in one transaction with a typed origin (LOCAL_ORIGIN by default).
 */
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { DEFAULT_SCALE, readableText, type StanceLevel } from './scale.ts';
import { MatrixError } from './errors.ts';
import { newId } from './ids.ts';
import { LOCAL_ORIGIN } from './origins.ts';
import { textEdit } from './text-diff.ts';
import { HISTORY_NOTE_LIMIT, clip, headsConflict, historyArray, recordHistory, stanceHeads, summarizeSource } from './history.ts';
import { commentsMap, deleteCellComments, threadsMap } from './comments.ts';
import { deleteCellTimeline, eventsMap, followStance, positionsMap, salienceMap } from './timeline/store.ts';
import { cleanSourceAnchor, readSourceAnchor, type SourceAnchor } from './evidence/source-evidence.ts';
import {
  ROOT,
  SCHEMA_VERSION,
  cellKey,
  parseCellKey,
  type AxisItem,
  type AxisKind,
  type Cell,
  type MatrixCounts,
  type MatrixData,
  type MatrixMeta,
  type Source,
  type SourceFields,
} from './schema.ts';

type Fields = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.meta);
export const scaleMap = (doc: Y.Doc) => doc.getMap<StanceLevel>(ROOT.scale);
export const axisMap = (doc: Y.Doc, kind: AxisKind) => doc.getMap<Fields>(kind === 'parties' ? ROOT.parties : ROOT.issues);
export const stancesMap = (doc: Y.Doc) => doc.getMap<string>(ROOT.stances);
export const notesMap = (doc: Y.Doc) => doc.getMap<string | Y.Text>(ROOT.notes);
/** Source content: one plain object per source (see StoredSource), replaced whole on edit. */
export const sourcesMap = (doc: Y.Doc) => doc.getMap<StoredSource>(ROOT.sources);
/** Source positions within their cell, kept apart so a move and an edit never conflict. */
export const sourceOrderMap = (doc: Y.Doc) => doc.getMap<string>(ROOT.sourceOrder);

/** What the `sources` map holds per source id: a Source without its id (the map key) and order (sourceOrder), plus its cell key. */
export type StoredSource = Omit<Source, 'id' | 'order'> & { cell: string };

function isStoredSource(v: unknown): v is StoredSource {
  return typeof v === 'object' && v !== null && !(v instanceof Y.AbstractType) && typeof (v as StoredSource).cell === 'string';
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Shown in place of a stored value of the wrong type (a number as a note, an object as a name),
 * which the schema guard refuses but older data may hold: visible, never a blank grid or a crash.
 */
export const INVALID_VALUE = '⚠ invalid value';

/** Text to show for a stored value: a string as is, nothing as "", a Y.Text as its text, anything else the marker. */
export function shownText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (v instanceof Y.Text) return v.toString();
  return INVALID_VALUE;
}

/** A stored stance id, or null for none or a value that is not one. */
const storedStance = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const HEX = /^#[0-9a-fA-F]{6}$/;

/** A scale level with every field of its type, or null for a value that is not a level at all. */
function readLevel(v: unknown): StanceLevel | null {
  if (typeof v !== 'object' || v === null || v instanceof Y.AbstractType || Array.isArray(v)) return null;
  const l = v as Record<string, unknown>;
  if (typeof l.id !== 'string') return null;
  const color = typeof l.color === 'string' && HEX.test(l.color) ? l.color : '#ffffff';
  return {
    id: l.id,
    label: shownText(l.label) || l.id,
    symbol: shownText(l.symbol),
    value: typeof l.value === 'number' && Number.isFinite(l.value) ? l.value : null,
    color,
    // Always legible (AA), whatever a stored or imported scale says.
    textColor: readableText(color, typeof l.textColor === 'string' && HEX.test(l.textColor) ? l.textColor : '#1a1a1a'),
    order: typeof l.order === 'number' && Number.isFinite(l.order) ? l.order : 0,
    description: shownText(l.description),
  };
}

/** Sorts by fractional order, then id, so every replica agrees even on equal keys. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order < b.order) return -1;
  if (a.order > b.order) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// ---------- validation ----------

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 20_000;

export function cleanName(name: string, what = 'Name'): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed) throw new MatrixError('invalid-name', `${what} cannot be empty.`);
  if (trimmed.length > MAX_NAME_LENGTH) throw new MatrixError('invalid-name', `${what} is longer than ${MAX_NAME_LENGTH} characters.`);
  return trimmed;
}

/** Accepts "" or an absolute http(s) URL; anything else (javascript:, data:, relative) is refused. */
export function cleanLink(link: string): string {
  const trimmed = link.trim();
  if (!trimmed) return '';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new MatrixError('invalid-link', `"${trimmed}" is not a web address. Links must start with http:// or https://.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MatrixError('invalid-link', `Only http:// and https:// links are allowed (got ${url.protocol}).`);
  }
  return url.href;
}

/** Accepts "" or a real calendar date YYYY-MM-DD. */
export function cleanDate(date: string): string {
  const trimmed = date.trim();
  if (!trimmed) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const d = m ? new Date(`${trimmed}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== trimmed) {
    throw new MatrixError('invalid-date', `"${trimmed}" is not a date. Use YYYY-MM-DD, e.g. 2025-03-18.`);
  }
  return trimmed;
}

function cleanText(text: string, what: string): string {
  if (text.length > MAX_TEXT_LENGTH) throw new MatrixError('invalid-quote', `${what} is longer than ${MAX_TEXT_LENGTH} characters.`);
  return text;
}

function cleanSourceFields(fields: Partial<SourceFields>): Partial<SourceFields> {
  const out: Partial<SourceFields> = {};
  if (fields.quote !== undefined) out.quote = cleanText(fields.quote.trim(), 'The quote');
  if (fields.speaker !== undefined) out.speaker = cleanText(fields.speaker.trim(), 'The speaker');
  if (fields.document !== undefined) out.document = cleanText(fields.document.trim(), 'The document');
  if (fields.date !== undefined) out.date = cleanDate(fields.date);
  if (fields.link !== undefined) out.link = cleanLink(fields.link);
  return out;
}

// ---------- creation (server side only: never seed from a client) ----------

export interface InitOptions {
  title: string;
  description?: string;
  scale?: readonly StanceLevel[];
  createdAt?: string;
}

/** Writes meta and the stance scale into an empty doc. Only the server calls this, once. */
export function initMatrix(doc: Y.Doc, options: InitOptions, origin: unknown = LOCAL_ORIGIN): void {
  const title = cleanName(options.title, 'Title');
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', title);
    meta.set('description', options.description ?? '');
    meta.set('createdAt', options.createdAt ?? new Date().toISOString());
    const scale = scaleMap(doc);
    for (const level of options.scale ?? DEFAULT_SCALE) scale.set(level.id, { ...level });
  }, origin);
}

// ---------- reads ----------

export function readMeta(doc: Y.Doc): MatrixMeta {
  const meta = metaMap(doc);
  const version = meta.get('schemaVersion');
  return {
    schemaVersion: typeof version === 'number' ? version : SCHEMA_VERSION,
    title: str(meta.get('title')) || 'Untitled matrix',
    description: str(meta.get('description')),
    createdAt: str(meta.get('createdAt')),
  };
}

/** The matrix's scale in legend order; the default scale when the doc has none. */
export function readScale(doc: Y.Doc): StanceLevel[] {
  const levels = [...scaleMap(doc).values()].map(readLevel).filter((l): l is StanceLevel => l !== null);
  if (levels.length === 0) return DEFAULT_SCALE.map((l) => ({ ...l }));
  return levels.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

function readItem(id: string, fields: Fields): AxisItem {
  const item: AxisItem = { id, name: shownText(fields.get('name')), description: shownText(fields.get('description')), order: str(fields.get('order')) };
  // Optional fields (evidence suggestions): present only when set, so older readers see no change.
  const aliases = str(fields.get('aliases'));
  const keywords = str(fields.get('keywords'));
  if (aliases) item.aliases = aliases;
  if (keywords) item.keywords = keywords;
  return item;
}

export function readAxis(doc: Y.Doc, kind: AxisKind): AxisItem[] {
  const items: AxisItem[] = [];
  axisMap(doc, kind).forEach((fields, id) => {
    if (fields instanceof Y.Map) items.push(readItem(id, fields));
  });
  return items.sort(byOrder);
}

export function readSource(doc: Y.Doc, id: string, stored: StoredSource): Source {
  return {
    id,
    quote: shownText(stored.quote),
    speaker: shownText(stored.speaker),
    document: shownText(stored.document),
    date: shownText(stored.date),
    // A link that is not text is dropped rather than shown: it would be made a hyperlink.
    link: str(stored.link),
    addedBy: shownText(stored.addedBy),
    addedAt: str(stored.addedAt),
    order: str(sourceOrderMap(doc).get(id)),
    ...readSourceAnchor(stored as unknown as Record<string, unknown>),
  };
}

/** The cell key a source belongs to, or null if it does not exist. */
export function sourceCell(doc: Y.Doc, sourceId: string): string | null {
  const stored = sourcesMap(doc).get(sourceId);
  return isStoredSource(stored) ? stored.cell : null;
}

/** Sources grouped by cell key, each list in order. */
export function readSourcesByCell(doc: Y.Doc): Map<string, Source[]> {
  const byCell = new Map<string, Source[]>();
  sourcesMap(doc).forEach((stored, id) => {
    if (!isStoredSource(stored)) return;
    let list = byCell.get(stored.cell);
    if (!list) byCell.set(stored.cell, (list = []));
    list.push(readSource(doc, id, stored));
  });
  for (const list of byCell.values()) list.sort(byOrder);
  return byCell;
}

export function readCellSources(doc: Y.Doc, partyId: string, issueId: string): Source[] {
  const key = cellKey(partyId, issueId);
  const list: Source[] = [];
  sourcesMap(doc).forEach((stored, id) => {
    if (isStoredSource(stored) && stored.cell === key) list.push(readSource(doc, id, stored));
  });
  return list.sort(byOrder);
}

export function readCell(doc: Y.Doc, partyId: string, issueId: string): Cell {
  const key = cellKey(partyId, issueId);
  return {
    partyId,
    issueId,
    stance: storedStance(stancesMap(doc).get(key)),
    note: shownText(notesMap(doc).get(key)),
    sources: readCellSources(doc, partyId, issueId),
  };
}

/**
 * The whole matrix as plain JSON. Cells whose party or issue no longer exists (left behind
 * when a delete raced a concurrent edit) are ignored, as the contract says.
 */
export function readMatrix(doc: Y.Doc): MatrixData {
  const parties = readAxis(doc, 'parties');
  const issues = readAxis(doc, 'issues');
  const stances = stancesMap(doc);
  const notes = notesMap(doc);
  const sources = readSourcesByCell(doc);
  const cells: Cell[] = [];
  for (const party of parties) {
    for (const issue of issues) {
      const key = cellKey(party.id, issue.id);
      const stance = storedStance(stances.get(key));
      const note = shownText(notes.get(key));
      const list = sources.get(key) ?? [];
      if (stance === null && !note && list.length === 0) continue;
      cells.push({ partyId: party.id, issueId: issue.id, stance, note, sources: list });
    }
  }
  return { meta: readMeta(doc), scale: readScale(doc), parties, issues, cells };
}

export function countMatrix(doc: Y.Doc): MatrixCounts {
  const parties = new Set(axisMap(doc, 'parties').keys());
  const issues = new Set(axisMap(doc, 'issues').keys());
  const live = (key: string) => {
    const parsed = parseCellKey(key);
    return parsed !== null && parties.has(parsed.partyId) && issues.has(parsed.issueId);
  };
  let coded = 0;
  stancesMap(doc).forEach((_v, key) => {
    if (live(key)) coded++;
  });
  let sources = 0;
  sourcesMap(doc).forEach((stored) => {
    if (isStoredSource(stored) && live(stored.cell)) sources++;
  });
  return { parties: parties.size, issues: issues.size, coded, sources };
}

// ---------- meta ----------

export function setTitle(doc: Y.Doc, title: string, origin: unknown = LOCAL_ORIGIN): void {
  const clean = cleanName(title, 'Title');
  doc.transact(() => metaMap(doc).set('title', clean), origin);
}

export function setDescription(doc: Y.Doc, description: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => metaMap(doc).set('description', cleanText(description, 'The description')), origin);
}

// ---------- parties and issues ----------

/**
 * A fractional key for position `index` in `items` (sorted by byOrder). When the neighbours
 * share a key (two concurrent inserts at one spot), there is no key between them: the tied
 * items after the gap get fresh keys too, returned in `rekeys` to apply in the same transaction.
 */
function orderAt(items: readonly { id: string; order: string }[], index: number): { key: string; rekeys: [string, string][] } {
  const before = index > 0 ? items[index - 1]?.order || null : null;
  const after = items[index]?.order || null;
  if (before === null || after === null || before < after) return { key: generateKeyBetween(before, after), rekeys: [] };
  let end = index;
  while (end < items.length && (items[end]?.order ?? '') <= before) end++;
  const upper = items[end]?.order || null;
  const keys = generateNKeysBetween(before, upper, end - index + 1);
  const rekeys = items.slice(index, end).map((item, k): [string, string] => [item.id, keys[k + 1] ?? '']);
  return { key: keys[0] ?? '', rekeys };
}

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

function axisFields(doc: Y.Doc, kind: AxisKind, id: string): Fields {
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

/**
 * Deletes a party or issue and every stance, note, source, comment, position and salience of its cells. Their
 * history stays (the Activity feed shows it without the deleted name) until trimmed.
 */
export function deleteAxisItem(doc: Y.Doc, kind: AxisKind, id: string, origin: unknown = LOCAL_ORIGIN): void {
  axisFields(doc, kind, id);
  const belongs = (key: string) => {
    const parsed = parseCellKey(key);
    return parsed !== null && (kind === 'parties' ? parsed.partyId === id : parsed.issueId === id);
  };
  doc.transact(() => {
    axisMap(doc, kind).delete(id);
    for (const map of [stancesMap(doc), notesMap(doc)]) {
      for (const key of [...map.keys()]) if (belongs(key)) map.delete(key);
    }
    const sources = sourcesMap(doc);
    const orders = sourceOrderMap(doc);
    for (const [sid, stored] of [...sources.entries()]) {
      if (isStoredSource(stored) && belongs(stored.cell)) {
        sources.delete(sid);
        orders.delete(sid);
      }
    }
    deleteCellComments(doc, belongs);
    deleteCellTimeline(doc, belongs);
  }, origin);
}

/** How much a delete would remove, for the confirmation dialog. */
export function axisItemContent(doc: Y.Doc, kind: AxisKind, id: string): { coded: number; sources: number } {
  const belongs = (key: string) => {
    const parsed = parseCellKey(key);
    return parsed !== null && (kind === 'parties' ? parsed.partyId === id : parsed.issueId === id);
  };
  let coded = 0;
  for (const key of stancesMap(doc).keys()) if (belongs(key)) coded++;
  let sources = 0;
  sourcesMap(doc).forEach((stored) => {
    if (isStoredSource(stored) && belongs(stored.cell)) sources++;
  });
  return { coded, sources };
}

// ---------- cells ----------

export function requireCell(doc: Y.Doc, partyId: string, issueId: string): string {
  axisFields(doc, 'parties', partyId);
  axisFields(doc, 'issues', issueId);
  return cellKey(partyId, issueId);
}

/** Sets a cell's stance to a level of the matrix's scale, or clears it with null. */
export function setStance(doc: Y.Doc, partyId: string, issueId: string, stance: string | null, origin: unknown = LOCAL_ORIGIN): void {
  const key = requireCell(doc, partyId, issueId);
  if (stance !== null && !readScale(doc).some((l) => l.id === stance)) {
    throw new MatrixError('invalid-stance', `"${stance}" is not a level of this matrix's stance scale.`);
  }
  writeStance(doc, key, stance, origin);
}

/**
 * Sets the stance of a contested cell to the agreed value (one of the candidates or another
 * level), which resolves it. Same as setStance, which also resolves a contested cell: every
 * stance write lists all current heads as its bases.
 */
export function confirmStance(doc: Y.Doc, partyId: string, issueId: string, stance: string | null, origin: unknown = LOCAL_ORIGIN): void {
  setStance(doc, partyId, issueId, stance, origin);
}

/**
 * Writes the stance and its history entry in one transaction. An unchanged value is skipped,
 * except on a contested cell: there, choosing the value already shown is the decision that
 * resolves it, so it is recorded.
 */
function writeStance(doc: Y.Doc, key: string, stance: string | null, origin: unknown): void {
  const map = stancesMap(doc);
  const before = storedStance(map.get(key));
  const heads = stanceHeads(doc, key);
  if (before === stance && !headsConflict(heads)) return;
  doc.transact((tr) => {
    if (before !== stance) {
      if (stance === null) map.delete(key);
      else map.set(key, stance);
    }
    followStance(doc, key, stance);
    recordHistory(doc, tr, origin, { cell: key, kind: 'stance', before, after: stance, bases: heads.map((h) => h.id) });
  }, origin);
}

export function setNote(doc: Y.Doc, partyId: string, issueId: string, note: string, origin: unknown = LOCAL_ORIGIN): void {
  const key = requireCell(doc, partyId, issueId);
  const clean = cleanText(note, 'The note');
  const map = notesMap(doc);
  const stored: unknown = map.get(key);
  // A stored value of the wrong type counts as no note (the guard would refuse it in the history entry).
  const before = typeof stored === 'string' ? stored : stored instanceof Y.Text ? stored.toString() : '';
  // A blank note is no note: compare what would be stored, so clearing twice records nothing.
  const after = clean.trim() === '' ? '' : clean;
  const readable = stored === undefined || typeof stored === 'string' || stored instanceof Y.Text;
  if (before === after && readable) return;
  doc.transact((tr) => {
    // A collaborative note (Y.Text) is edited in place, never replaced: a colleague typing in it keeps their text.
    if (stored instanceof Y.Text) {
      const edit = textEdit(before, after);
      if (edit) {
        if (edit.remove > 0) stored.delete(edit.index, edit.remove);
        if (edit.insert) stored.insert(edit.index, edit.insert);
      }
    } else if (after === '') map.delete(key);
    else map.set(key, after);
    recordHistory(doc, tr, origin, {
      cell: key,
      kind: 'note',
      before: clip(before, HISTORY_NOTE_LIMIT),
      after: clip(after, HISTORY_NOTE_LIMIT),
    });
  }, origin);
}

export interface NewSource extends Partial<SourceFields>, SourceAnchor {
  quote: string;
  addedBy: string;
  addedAt?: string;
  index?: number;
  id?: string;
}

export function addSource(doc: Y.Doc, partyId: string, issueId: string, source: NewSource, origin: unknown = LOCAL_ORIGIN): string {
  const key = requireCell(doc, partyId, issueId);
  const clean = cleanSourceFields(source);
  if (!clean.quote) throw new MatrixError('invalid-quote', 'A source needs a quote.');
  const evidence = cleanSourceAnchor(source);
  const existing = readCellSources(doc, partyId, issueId);
  const index = Math.max(0, Math.min(source.index ?? existing.length, existing.length));
  const id = source.id ?? newId();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id) || sourcesMap(doc).has(id)) throw new MatrixError('invalid-id', `"${id}" is not a free source id.`);
  const position = orderAt(existing, index);
  const stored: StoredSource = {
    cell: key,
    quote: clean.quote ?? '',
    speaker: clean.speaker ?? '',
    document: clean.document ?? '',
    date: clean.date ?? '',
    link: clean.link ?? '',
    addedBy: source.addedBy.trim() || 'Anonymous',
    addedAt: source.addedAt ?? new Date().toISOString(),
    ...evidence,
  };
  doc.transact((tr) => {
    const orders = sourceOrderMap(doc);
    for (const [other, order] of position.rekeys) orders.set(other, order);
    orders.set(id, position.key);
    sourcesMap(doc).set(id, stored);
    // Without an actor, the source's own addedBy is the best name for who added it.
    recordHistory(doc, tr, origin, { cell: key, kind: 'source-added', before: null, after: summarizeSource(id, stored) }, stored.addedBy);
  }, origin);
  return id;
}

function storedSource(doc: Y.Doc, sourceId: string): StoredSource {
  const stored = sourcesMap(doc).get(sourceId);
  if (!isStoredSource(stored)) throw new MatrixError('not-found', 'That source no longer exists.');
  return stored;
}

/**
 * Changes the given fields. A source is one record, so if two people edit the same source at
 * the same moment the later write wins for the whole record (moves are kept apart in sourceOrder).
 */
export function updateSource(doc: Y.Doc, sourceId: string, patch: Partial<SourceFields>, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  const clean = cleanSourceFields(patch);
  if (clean.quote !== undefined && !clean.quote) throw new MatrixError('invalid-quote', 'A source needs a quote.');
  const next = { ...stored, ...clean };
  const changed = Object.entries(clean)
    .filter(([k, v]) => stored[k as keyof StoredSource] !== v)
    .map(([k]) => k);
  if (changed.length === 0) return;
  doc.transact((tr) => {
    sourcesMap(doc).set(sourceId, next);
    recordHistory(doc, tr, origin, {
      cell: stored.cell,
      kind: 'source-edited',
      before: summarizeSource(sourceId, stored),
      after: summarizeSource(sourceId, next),
      fields: changed,
    });
  }, origin);
}

/**
 * Anchors a source to a library document (or, with null, unlinks it): sets documentId,
 * selector and kind together, as "Quote in cell…" and "Find in library" do.
 */
export function setSourceAnchor(doc: Y.Doc, sourceId: string, anchor: SourceAnchor | null, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  const { documentId: _d, selector: _s, kind: _k, ...rest } = stored;
  const next: StoredSource = { ...rest, ...(anchor ? cleanSourceAnchor(anchor) : {}) };
  const changed = (['documentId', 'selector', 'kind'] as const).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(next[k]));
  if (changed.length === 0) return;
  doc.transact((tr) => {
    sourcesMap(doc).set(sourceId, next);
    recordHistory(doc, tr, origin, {
      cell: stored.cell,
      kind: 'source-edited',
      before: summarizeSource(sourceId, stored),
      after: summarizeSource(sourceId, next),
      fields: [...changed],
    });
  }, origin);
}

export function removeSource(doc: Y.Doc, sourceId: string, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedSource(doc, sourceId);
  doc.transact((tr) => {
    sourcesMap(doc).delete(sourceId);
    sourceOrderMap(doc).delete(sourceId);
    recordHistory(doc, tr, origin, { cell: stored.cell, kind: 'source-removed', before: summarizeSource(sourceId, stored), after: null });
  }, origin);
}

/** Moves a source within its cell to `toIndex`. */
export function moveSource(doc: Y.Doc, sourceId: string, toIndex: number, origin: unknown = LOCAL_ORIGIN): void {
  const parsed = parseCellKey(storedSource(doc, sourceId).cell);
  if (!parsed) throw new MatrixError('not-found', 'That source no longer belongs to a cell.');
  const others = readCellSources(doc, parsed.partyId, parsed.issueId).filter((s) => s.id !== sourceId);
  const index = Math.max(0, Math.min(toIndex, others.length));
  const { key, rekeys } = orderAt(others, index);
  doc.transact(() => {
    const orders = sourceOrderMap(doc);
    for (const [other, order] of rekeys) orders.set(other, order);
    orders.set(sourceId, key);
  }, origin);
}

/**
 * The shared types a per-user Y.UndoManager should track. It includes `history`, so undoing an
 * edit also removes the entry that recorded it: the log and the data stay consistent (the
 * previous stance entry becomes the head again) instead of the log claiming a value the cell
 * no longer has. The scale is left out: only the server writes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Y.UndoManager's own scope type
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return [
    metaMap(doc),
    axisMap(doc, 'parties'),
    axisMap(doc, 'issues'),
    stancesMap(doc),
    notesMap(doc),
    sourcesMap(doc),
    sourceOrderMap(doc),
    historyArray(doc),
    commentsMap(doc),
    threadsMap(doc),
    positionsMap(doc),
    salienceMap(doc),
    eventsMap(doc),
  ];
}
