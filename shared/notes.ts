/**
 * Notes as collaborative text. A cell's note (`notes[cellKey]`) may be a string (older data,
 * imports, the seed) or a `Y.Text`; readers take either (`shownText`). A note becomes a Y.Text when
 * someone first opens it for editing (`openNoteText`), before anyone types, so two people typing
 * merge character by character. Two people opening the same plain note at the same moment both
 * create one; Yjs keeps one of them under the key, and the client whose text lost re-applies its own
 * typing onto the winner (`carryOverNote`), so no text is lost. History is written per editing
 * session (`recordNoteChange`, at blur or after a pause), not per keystroke.
 */
import * as Y from 'yjs';
import { MatrixError } from './errors.ts';
import { HISTORY_NOTE_LIMIT, clip, recordHistory } from './history.ts';
import { MAX_TEXT_LENGTH, notesMap, requireCell, shownText } from './matrix.ts';
import { LOCAL_ORIGIN } from './origins.ts';
import { applyEdit, rebaseEdit, textEdit, type TextEdit } from './text-diff.ts';

/** The cell's note as a Y.Text, or null when it is a string or absent. */
export function noteText(doc: Y.Doc, key: string): Y.Text | null {
  const stored: unknown = notesMap(doc).get(key);
  return stored instanceof Y.Text ? stored : null;
}

/**
 * The cell's note as a Y.Text, creating it from the stored string (or empty) when needed. Records
 * no history: the text does not change.
 */
export function openNoteText(doc: Y.Doc, partyId: string, issueId: string, origin: unknown = LOCAL_ORIGIN): Y.Text {
  const key = requireCell(doc, partyId, issueId);
  const existing = noteText(doc, key);
  if (existing) return existing;
  const stored: unknown = notesMap(doc).get(key);
  const text = new Y.Text(typeof stored === 'string' ? stored : '');
  doc.transact(() => (notesMap(doc) as Y.Map<unknown>).set(key, text), origin);
  return text;
}

/** Applies one local edit to a note's text (refused past the note length limit, nothing changed). */
export function editNote(text: Y.Text, edit: TextEdit, origin: unknown = LOCAL_ORIGIN): void {
  if (text.length - edit.remove + edit.insert.length > MAX_TEXT_LENGTH) {
    throw new MatrixError('invalid-quote', `The note is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  const run = () => {
    if (edit.remove > 0) text.delete(edit.index, edit.remove);
    if (edit.insert) text.insert(edit.index, edit.insert);
  };
  if (text.doc) text.doc.transact(run, origin);
  else run();
}

/** One history entry for a note's editing session (from `before` to the note's text now); none when unchanged. */
export function recordNoteChange(doc: Y.Doc, key: string, before: string, origin: unknown = LOCAL_ORIGIN): void {
  const after = shownText(notesMap(doc).get(key));
  if (after.trim() === before.trim()) return;
  doc.transact((tr) => {
    recordHistory(doc, tr, origin, { cell: key, kind: 'note', before: clip(before, HISTORY_NOTE_LIMIT), after: clip(after, HISTORY_NOTE_LIMIT) });
  }, origin);
}

/**
 * A concurrent creation replaced the Y.Text this client typed into: re-applies this client's own
 * edit (from `base`, what the lost text held when this client started, to `mine`, what it held
 * when it was replaced) onto the text Yjs kept.
 */
export function carryOverNote(winner: Y.Text, base: string, mine: string, origin: unknown = LOCAL_ORIGIN): void {
  const own = textEdit(base, mine);
  if (!own) return;
  const current = winner.toString();
  const rebased = rebaseEdit(own, textEdit(base, current));
  if (applyEdit(current, rebased) === current) return;
  editNote(winner, rebased, origin);
}
