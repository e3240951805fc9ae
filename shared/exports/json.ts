/**
 * The JSON export: lossless and versioned, so a later release can still read it. It holds the
 * matrix (every field of the model, order keys included) and, read from the doc, the change
 * history and the comment threads. Re-imported by shared/imports/json.ts.
 */
import type * as Y from 'yjs';
import { commentsMap, isStoredComment, isThreadState, threadsMap } from '../comments.ts';
import { historyArray, isHistoryEntry } from '../history.ts';
import type { Comment, HistoryEntry, MatrixData, StoredThreadState } from '../schema.ts';
import { plainMatrix, type ExportContext } from './common.ts';
import type { ExportedDocument } from '../evidence/library-export.ts';

export const EXPORT_FORMAT = 'stance-grid';
/** Bumped only when the file layout changes; the model's own version is `schemaVersion`. */
export const EXPORT_FORMAT_VERSION = 1;

/** What the doc holds beyond MatrixData: the roots `history`, `comments` and `commentThreads`. */
export interface MatrixExtras {
  /** The change log in log order (oldest first). */
  history: HistoryEntry[];
  /** Every comment, oldest first (ties by id). */
  comments: Comment[];
  /** Resolved state per root comment id (absent = open). */
  commentThreads: Record<string, StoredThreadState>;
  /** The library with its texts (only the server has them: absent from client-side exports). */
  documents?: ExportedDocument[];
}

export interface MatrixExport extends Partial<MatrixExtras> {
  format: typeof EXPORT_FORMAT;
  formatVersion: typeof EXPORT_FORMAT_VERSION;
  schemaVersion: number;
  exportedAt: string;
  /** Informational: where the file came from. Ignored on import (an import is a new matrix). */
  origin?: { matrixId?: string; snapshot?: { id: string; name: string; createdAt: string } };
  matrix: MatrixData;
}

/** History and comments of a doc as plain data (copies: nothing shared with the doc). */
export function readExtras(doc: Y.Doc): MatrixExtras {
  const history = historyArray(doc)
    .toArray()
    .filter(isHistoryEntry)
    .map((e) => structuredClone(e));
  const comments: Comment[] = [];
  commentsMap(doc).forEach((stored, id) => {
    if (isStoredComment(stored)) comments.push({ id, ...structuredClone(stored) });
  });
  // Map iteration order is not the same on every replica: sort for a stable file.
  comments.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const commentThreads: Record<string, StoredThreadState> = {};
  const ids = [...threadsMap(doc).keys()].sort();
  for (const id of ids) {
    const state = threadsMap(doc).get(id);
    if (isThreadState(state)) commentThreads[id] = { resolved: state.resolved, by: state.by, at: state.at };
  }
  return { history, comments, commentThreads };
}

export function buildJsonExport(matrix: MatrixData, context: ExportContext = {}, extras?: MatrixExtras): MatrixExport {
  const out: MatrixExport = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    schemaVersion: matrix.meta.schemaVersion,
    exportedAt: (context.exportedAt ?? new Date()).toISOString(),
    matrix: plainMatrix(matrix),
  };
  if (context.matrixId || context.snapshot) {
    out.origin = {};
    if (context.matrixId) out.origin.matrixId = context.matrixId;
    if (context.snapshot) out.origin.snapshot = { ...context.snapshot };
  }
  if (extras) {
    out.history = extras.history;
    out.comments = extras.comments;
    out.commentThreads = extras.commentThreads;
    if (extras.documents) out.documents = extras.documents;
  }
  return out;
}

/** Pretty-printed so a diff of two exports is readable. */
export function exportJson(matrix: MatrixData, context: ExportContext = {}, extras?: MatrixExtras): string {
  return JSON.stringify(buildJsonExport(matrix, context, extras), null, 2) + '\n';
}
