/**
 * Cell discussions. Pure functions over a Y.Doc.
 *
 * `comments` maps comment id → plain StoredComment; `commentThreads` maps a root comment id →
 * its resolved state. Both are flat Y.Maps of plain values under fresh random ids, so concurrent
 * comments never collide and nested containers are never created concurrently. Replies are one
 * level deep (their parent is always a root), which keeps threads flat and easy to read.
 * A reply whose root was deleted concurrently is ignored by readers, like cell data whose party
 * is gone.
 */
import * as Y from 'yjs';
import { getActor } from './actor.ts';
import { MatrixError } from './errors.ts';
import { newId } from './ids.ts';
import { LOCAL_ORIGIN } from './origins.ts';
import { deleteCellRecords, existingRecord } from './cell-records.ts';
import { ROOT, cellKey, parseCellKey, type Comment, type CommentThread, type StoredComment, type StoredThreadState } from './schema.ts';

export const commentsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.comments);
export const threadsMap = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.commentThreads);

export const MAX_COMMENT_LENGTH = 5000;

export function isStoredComment(v: unknown): v is StoredComment {
  if (typeof v !== 'object' || v === null || v instanceof Y.AbstractType) return false;
  const c = v as Partial<StoredComment>;
  return (
    typeof c.cell === 'string' &&
    (c.parent === null || typeof c.parent === 'string') &&
    typeof c.author === 'string' &&
    typeof c.at === 'string' &&
    typeof c.text === 'string'
  );
}

export function isThreadState(v: unknown): v is StoredThreadState {
  if (typeof v !== 'object' || v === null || v instanceof Y.AbstractType) return false;
  const t = v as Partial<StoredThreadState>;
  return typeof t.resolved === 'boolean' && typeof t.by === 'string' && typeof t.at === 'string';
}

function cleanComment(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new MatrixError('invalid-comment', 'A comment cannot be empty.');
  if (trimmed.length > MAX_COMMENT_LENGTH) {
    throw new MatrixError('invalid-comment', `A comment is longer than ${MAX_COMMENT_LENGTH} characters.`);
  }
  return trimmed;
}

function liveCell(doc: Y.Doc, key: string): boolean {
  const parsed = parseCellKey(key);
  return (
    parsed !== null &&
    doc.getMap<unknown>(ROOT.parties).get(parsed.partyId) instanceof Y.Map &&
    doc.getMap<unknown>(ROOT.issues).get(parsed.issueId) instanceof Y.Map
  );
}

function storedComment(doc: Y.Doc, id: string): StoredComment {
  return existingRecord(commentsMap(doc), id, isStoredComment, 'comment');
}

export interface NewComment {
  /** Root comment to reply to (replies to replies are refused: threads are one level deep). */
  parent?: string | null;
}

/**
 * Adds a comment to a cell, or a reply to one of its threads; returns its id. The author is the
 * doc's actor. Replying to a resolved thread reopens it, so the reply is not hidden in a closed thread.
 */
export function addComment(doc: Y.Doc, partyId: string, issueId: string, text: string, options: NewComment = {}, origin: unknown = LOCAL_ORIGIN): string {
  const key = cellKey(partyId, issueId);
  if (!liveCell(doc, key)) throw new MatrixError('not-found', 'That cell no longer exists.');
  const clean = cleanComment(text);
  const parent = options.parent ?? null;
  if (parent !== null) {
    const root = storedComment(doc, parent);
    if (root.parent !== null) throw new MatrixError('invalid-comment', 'Replies go to the first comment of a thread.');
    if (root.cell !== key) throw new MatrixError('invalid-comment', 'A reply must be in the same cell as its thread.');
  }
  const actor = getActor(doc);
  const at = new Date().toISOString();
  const comment: StoredComment = { cell: key, parent, author: actor.name, at, text: clean };
  if (actor.id) comment.authorId = actor.id;
  const id = newId(12);
  doc.transact(() => {
    commentsMap(doc).set(id, comment);
    if (parent !== null) {
      const state = threadsMap(doc).get(parent);
      if (isThreadState(state) && state.resolved) threadsMap(doc).set(parent, { resolved: false, by: actor.name, at });
    }
  }, origin);
  return id;
}

/** Replaces a comment's text (author and time stay; editedAt is set). */
export function editComment(doc: Y.Doc, commentId: string, text: string, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedComment(doc, commentId);
  const clean = cleanComment(text);
  if (clean === stored.text) return;
  doc.transact(() => commentsMap(doc).set(commentId, { ...stored, text: clean, editedAt: new Date().toISOString() }), origin);
}

/** Deletes a comment; deleting a thread's root deletes its replies and resolved state too. */
export function deleteComment(doc: Y.Doc, commentId: string, origin: unknown = LOCAL_ORIGIN): void {
  const stored = storedComment(doc, commentId);
  const comments = commentsMap(doc);
  doc.transact(() => {
    comments.delete(commentId);
    if (stored.parent !== null) return;
    threadsMap(doc).delete(commentId);
    for (const [id, other] of [...comments.entries()]) if (isStoredComment(other) && other.parent === commentId) comments.delete(id);
  }, origin);
}

/** Resolves or reopens the thread rooted at `rootId`, recording who did it and when. */
export function setThreadResolved(doc: Y.Doc, rootId: string, resolved: boolean, origin: unknown = LOCAL_ORIGIN): void {
  const root = storedComment(doc, rootId);
  if (root.parent !== null) throw new MatrixError('invalid-comment', 'Only a whole thread can be resolved.');
  const state = threadsMap(doc).get(rootId);
  if ((isThreadState(state) && state.resolved) === resolved) return;
  const next: StoredThreadState = { resolved, by: getActor(doc).name, at: new Date().toISOString() };
  doc.transact(() => threadsMap(doc).set(rootId, next), origin);
}

/** Oldest first by the writer's time; ties (and equal clocks) break by id, the same everywhere. */
const byTime = (a: Comment, b: Comment) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function toThread(doc: Y.Doc, root: Comment, replies: Comment[]): CommentThread {
  const state = threadsMap(doc).get(root.id);
  const resolved = isThreadState(state) && state.resolved;
  return {
    root,
    replies: replies.sort(byTime),
    resolved,
    resolvedBy: resolved ? str(state.by) : null,
    resolvedAt: resolved ? str(state.at) : null,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A cell's threads, oldest first, each with its replies oldest first. */
export function readCellComments(doc: Y.Doc, partyId: string, issueId: string): CommentThread[] {
  const key = cellKey(partyId, issueId);
  const roots: Comment[] = [];
  const replies = new Map<string, Comment[]>();
  commentsMap(doc).forEach((stored, id) => {
    if (!isStoredComment(stored) || stored.cell !== key) return;
    const comment: Comment = { ...stored, id };
    if (stored.parent === null) roots.push(comment);
    else {
      let list = replies.get(stored.parent);
      if (!list) replies.set(stored.parent, (list = []));
      list.push(comment);
    }
  });
  return roots.sort(byTime).map((root) => toThread(doc, root, replies.get(root.id) ?? []));
}

/** Number of open (unresolved) threads per cell key, for live cells that have any. */
export function openCommentCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  const threads = threadsMap(doc);
  commentsMap(doc).forEach((stored, id) => {
    if (!isStoredComment(stored) || stored.parent !== null) return;
    const state = threads.get(id);
    if (isThreadState(state) && state.resolved) return;
    counts.set(stored.cell, (counts.get(stored.cell) ?? 0) + 1);
  });
  for (const key of [...counts.keys()]) if (!liveCell(doc, key)) counts.delete(key);
  return counts;
}

/** Deletes the comments and thread states of every cell `belongs` accepts (call inside a transaction). */
export function deleteCellComments(doc: Y.Doc, belongs: (cell: string) => boolean): void {
  deleteCellRecords(commentsMap(doc), isStoredComment, belongs, [threadsMap(doc)]);
}
