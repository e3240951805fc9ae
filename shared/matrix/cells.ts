/** A cell's stance and note, each write recorded in the history. */
import * as Y from 'yjs';
import { MatrixError } from '../errors.ts';
import { LOCAL_ORIGIN } from '../origins.ts';
import { textEdit } from '../text-diff.ts';
import { HISTORY_NOTE_LIMIT, clip, headsConflict, recordHistory, stanceHeads } from '../history.ts';
import { followStance } from '../timeline/store.ts';
import { cellKey } from '../schema.ts';
import { notesMap, stancesMap, storedStance } from './maps.ts';
import { axisFields } from './axis.ts';
import { readScale } from './read.ts';
import { cleanText } from './validate.ts';

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
