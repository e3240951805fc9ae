/**
 * Minimal edits between two versions of a text, and positions carried across a Yjs text delta:
 * what a plain textarea needs to edit a shared `Y.Text` without losing anyone's caret.
 */

/** Replace `remove` characters at `index` with `insert`. */
export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The one region that changed from `before` to `after` (common prefix and suffix kept), or null
 * when equal. `caret` (where the caret is after the edit) places an insertion among repeated
 * characters where it was typed ("aa" → "aaa" with the caret at 1 inserts at 0).
 */
export function textEdit(before: string, after: string, caret?: number): TextEdit | null {
  if (before === after) return null;
  const grown = Math.max(0, after.length - before.length);
  let prefix = 0;
  const maxPrefix = Math.min(before.length, after.length, caret === undefined ? Infinity : Math.max(0, caret - grown));
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const maxSuffix = Math.min(before.length, after.length) - prefix;
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.remove);
}

/** One operation of a Yjs text delta (`event.delta`). */
export interface DeltaOp {
  retain?: number;
  insert?: unknown;
  delete?: number;
}

/**
 * Where a position ends up after a remote delta: text inserted before it pushes it right, text
 * deleted before it pulls it left; an insertion exactly at it stays after the caret.
 */
export function mapPosition(pos: number, delta: readonly DeltaOp[]): number {
  let at = 0;
  let out = pos;
  for (const op of delta) {
    if (op.retain !== undefined) at += op.retain;
    else if (op.insert !== undefined) {
      const n = typeof op.insert === 'string' ? op.insert.length : 1;
      if (at < out) out += n;
      at += n;
    } else if (op.delete !== undefined) {
      if (at < out) out -= Math.min(op.delete, out - at);
    }
  }
  return out;
}

/**
 * Moves `mine` (an edit of `base`) onto `theirs` (another edit of the same base), so both survive:
 * applied to the text `theirs` produced. Overlapping edits keep their text and never delete the other's.
 */
export function rebaseEdit(mine: TextEdit, theirs: TextEdit | null): TextEdit {
  if (!theirs) return mine;
  const theirsEnd = theirs.index + theirs.remove;
  const shift = theirs.insert.length - theirs.remove;
  if (mine.index + mine.remove <= theirs.index) return mine;
  if (mine.index >= theirsEnd) return { ...mine, index: mine.index + shift };
  // Overlap: keep all of theirs, add mine after it, remove nothing of theirs.
  return { index: theirs.index + theirs.insert.length, remove: 0, insert: mine.insert };
}
