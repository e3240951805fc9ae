/** Reads of a matrix: plain values from the Y.Doc, never a throw for odd stored data. */
import * as Y from 'yjs';
import { DEFAULT_SCALE, readableText, type StanceLevel } from '../scale.ts';
import { readSourceAnchor } from '../evidence/source-evidence.ts';
import {
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
} from '../schema.ts';
import {
  axisMap,
  isStoredSource,
  metaMap,
  notesMap,
  scaleMap,
  shownText,
  sourceOrderMap,
  sourcesMap,
  stancesMap,
  storedStance,
  str,
  type Fields,
  type StoredSource,
} from './maps.ts';
import { byOrder } from './order.ts';
import { groupByCell } from '../cell-records.ts';

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
  return groupByCell(sourcesMap(doc), isStoredSource, (stored, id) => readSource(doc, id, stored), byOrder);
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
