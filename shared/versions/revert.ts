/**
 * Reverting a live matrix to a snapshot's content as one ordinary change on top of it (README
 * "Snapshots"): every root key that differs is set or deleted, so it merges with concurrent edits
 * like any edit, and the cells it changes get history entries (stance, note, sources). History,
 * comments' authorship and the server-written `documents` index are left as they are.
 */
import * as Y from 'yjs';
import { HISTORY_NOTE_LIMIT, clip, recordHistory, stanceHeads, summarizeSource } from '../history.ts';
import { shownText } from '../matrix.ts';
import { ROOT } from '../schema.ts';
import { textEdit } from '../text-diff.ts';

/** Plain-valued map roots, reverted key by key. */
const PLAIN_ROOTS = [ROOT.scale, ROOT.stances, ROOT.sources, ROOT.sourceOrder, ROOT.comments, ROOT.commentThreads, ROOT.positions, ROOT.salience, ROOT.events];
const META_KEYS = ['title', 'description'];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Counts of what a revert changed. */
export interface RevertSummary {
  changedKeys: number;
}

/** Writes `target`'s content into `doc` in one transaction with `origin`; `by` names who asked, in the history. */
export function revertDoc(doc: Y.Doc, target: Y.Doc, origin: unknown, by: string): RevertSummary {
  let changedKeys = 0;
  doc.transact((tr) => {
    const history = (fields: Parameters<typeof recordHistory>[3]) => recordHistory(doc, tr, origin, fields, by);
    const meta = doc.getMap<unknown>(ROOT.meta);
    const metaWas = target.getMap<unknown>(ROOT.meta);
    for (const key of META_KEYS) {
      if (!metaWas.has(key) || same(meta.get(key), metaWas.get(key))) continue;
      meta.set(key, metaWas.get(key));
      changedKeys++;
    }
    for (const root of [ROOT.parties, ROOT.issues]) changedKeys += revertAxis(doc.getMap<unknown>(root), target.getMap<unknown>(root));
    for (const root of PLAIN_ROOTS) {
      const live = doc.getMap<unknown>(root);
      const was = target.getMap<unknown>(root);
      for (const key of [...live.keys()]) {
        if (was.has(key)) continue;
        const before = live.get(key);
        live.delete(key);
        changedKeys++;
        if (root === ROOT.stances) history({ cell: key, kind: 'stance', before: String(before), after: null, bases: stanceHeads(doc, key).map((h) => h.id) });
        if (root === ROOT.sources) sourceHistory(history, key, before, undefined);
      }
      for (const [key, value] of was.entries()) {
        const before = live.get(key);
        if (same(before, value)) continue;
        live.set(key, value);
        changedKeys++;
        if (root === ROOT.stances) {
          history({
            cell: key,
            kind: 'stance',
            before: typeof before === 'string' ? before : null,
            after: String(value),
            bases: stanceHeads(doc, key).map((h) => h.id),
          });
        }
        if (root === ROOT.sources) sourceHistory(history, key, before, value);
      }
    }
    changedKeys += revertNotes(doc, target, history);
  }, origin);
  return { changedKeys };
}

type History = (fields: Parameters<typeof recordHistory>[3]) => void;

function sourceHistory(history: History, id: string, before: unknown, after: unknown): void {
  const cellOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { cell?: unknown }).cell === 'string' ? (v as { cell: string }).cell : null);
  const summary = (v: unknown) => {
    const s = v as { quote?: unknown; speaker?: unknown } | undefined;
    return s && typeof s.quote === 'string' ? summarizeSource(id, { quote: s.quote, speaker: typeof s.speaker === 'string' ? s.speaker : '' }) : null;
  };
  const cell = cellOf(after) ?? cellOf(before);
  if (!cell) return;
  const kind = before === undefined ? 'source-added' : after === undefined ? 'source-removed' : 'source-edited';
  const entry: Parameters<History>[0] = { cell, kind, before: summary(before), after: summary(after) };
  if (kind === 'source-edited') {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    entry.fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !same(a[k], b[k]));
  }
  history(entry);
}

function revertAxis(live: Y.Map<unknown>, was: Y.Map<unknown>): number {
  let changed = 0;
  for (const id of [...live.keys()])
    if (!was.has(id)) {
      live.delete(id);
      changed++;
    }
  for (const [id, item] of was.entries()) {
    if (!(item instanceof Y.Map)) continue;
    const current = live.get(id);
    if (current instanceof Y.Map) {
      for (const [field, value] of item.entries())
        if (!same(current.get(field), value)) {
          current.set(field, value);
          changed++;
        }
      for (const field of [...current.keys()])
        if (!item.has(field)) {
          current.delete(field);
          changed++;
        }
    } else {
      const copy = new Y.Map<unknown>();
      for (const [field, value] of item.entries()) copy.set(field, value);
      live.set(id, copy);
      changed++;
    }
  }
  return changed;
}

/** Notes: a live Y.Text is edited in place (whoever types in it keeps their caret); others are set as strings. */
function revertNotes(doc: Y.Doc, target: Y.Doc, history: History): number {
  let changed = 0;
  const live = doc.getMap<unknown>(ROOT.notes);
  const was = target.getMap<unknown>(ROOT.notes);
  for (const key of new Set([...live.keys(), ...was.keys()])) {
    const before = shownText(live.get(key));
    const after = was.has(key) ? shownText(was.get(key)) : '';
    if (before === after && (live.has(key) || !was.has(key))) continue;
    const stored = live.get(key);
    if (stored instanceof Y.Text) {
      const edit = textEdit(before, after);
      if (edit) {
        if (edit.remove) stored.delete(edit.index, edit.remove);
        if (edit.insert) stored.insert(edit.index, edit.insert);
      }
    } else if (after === '') live.delete(key);
    else live.set(key, after);
    changed++;
    if (before !== after) history({ cell: key, kind: 'note', before: clip(before, HISTORY_NOTE_LIMIT), after: clip(after, HISTORY_NOTE_LIMIT) });
  }
  return changed;
}
