/** Where each root of the matrix lives in the Y.Doc, and how a stored value is read back safely. */
import * as Y from 'yjs';
import type { StanceLevel } from '../scale.ts';
import { ROOT, type AxisKind, type Source } from '../schema.ts';

export type Fields = Y.Map<unknown>;

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

export function isStoredSource(v: unknown): v is StoredSource {
  return typeof v === 'object' && v !== null && !(v instanceof Y.AbstractType) && typeof (v as StoredSource).cell === 'string';
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

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
export const storedStance = (v: unknown): string | null => (typeof v === 'string' ? v : null);
