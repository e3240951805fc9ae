/** The optional parts of an imported JSON file: history, comments, thread states and library documents. */
import { ITEM_ID_PATTERN } from '../ids.ts';
import { MAX_COMMENT_LENGTH } from '../comments.ts';
import { isHistoryEntry } from '../history.ts';
import { parseCellKey, type Comment, type HistoryEntry, type StoredThreadState } from '../schema.ts';
import type { MatrixExtras } from '../exports/json.ts';
import { parseExportedDocuments } from '../evidence/library-export.ts';
import { RECORDS, historyProblem, shape as guardShape } from '../doc-rules.ts';
import { isObj, validTimestamp, type Obj, type Report } from './json-fields.ts';

const HISTORY_FIELDS = ['id', 'at', 'by', 'byId', 'cell', 'kind', 'before', 'after', 'bases', 'fields'];
const MAX_HISTORY_ENTRIES = 100_000;
const MAX_COMMENTS = 100_000;
const isSummary = (v: unknown) => isObj(v) && typeof v.id === 'string' && typeof v.quote === 'string' && typeof v.speaker === 'string';
const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * History and comments (optional: older exports have none). They describe the past, so a cell
 * key may name a party or issue deleted since; only their shape and ids are checked.
 */
export function parseExtras(data: Obj, err: Report): Partial<MatrixExtras> {
  const out: Partial<MatrixExtras> = {};
  const history = optionalList(data, 'history', MAX_HISTORY_ENTRIES, 'entries', err, (e, path, seen) => readHistoryEntry(e, path, seen, err));
  if (history) out.history = history;
  const comments = optionalList(data, 'comments', MAX_COMMENTS, 'comments', err, (c, path, seen) => readComment(c, path, seen, err));
  if (comments) out.comments = comments;
  if (data.documents !== undefined) {
    const documents = parseExportedDocuments(data.documents, err);
    if (documents) out.documents = documents;
  }
  if (data.commentThreads !== undefined) {
    if (!isObj(data.commentThreads)) err('commentThreads', '"commentThreads" must be an object.');
    else {
      const threads: Record<string, StoredThreadState> = {};
      for (const [id, t] of Object.entries(data.commentThreads)) {
        if (
          !ITEM_ID_PATTERN.test(id) ||
          !isObj(t) ||
          typeof t.resolved !== 'boolean' ||
          typeof t.by !== 'string' ||
          typeof t.at !== 'string' ||
          guardShape({ resolved: t.resolved, by: t.by, at: t.at }, RECORDS.commentThreads)
        ) {
          err(`commentThreads.${id}`, 'A thread state is { resolved: true|false, by, at }.');
        } else threads[id] = { resolved: t.resolved, by: t.by, at: t.at };
      }
      out.commentThreads = threads;
    }
  }
  return out;
}

/**
 * The items `read` accepts of the optional list `data[key]` (at most `max`), each read with its
 * path and the ids seen so far; undefined when the file has no such list or it is not one.
 */
function optionalList<T>(
  data: Obj,
  key: 'history' | 'comments',
  max: number,
  noun: string,
  err: Report,
  read: (item: unknown, path: string, seen: Set<string>) => T | void,
): T[] | undefined {
  const list = data[key];
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length > max) {
    err(key, `"${key}" must be a list of at most ${max} ${noun}.`);
    return undefined;
  }
  const seen = new Set<string>();
  const out: T[] = [];
  list.forEach((item: unknown, i) => {
    const value = read(item, `${key}[${i}]`, seen);
    if (value !== undefined) out.push(value);
  });
  return out;
}

function readHistoryEntry(e: unknown, path: string, seen: Set<string>, err: Report): HistoryEntry | void {
  if (!isHistoryEntry(e) || !isObj(e)) return err(path, 'Not a history entry (needs id, at, by, cell, kind, before, after).');
  const valueOk =
    e.kind === 'stance' || e.kind === 'note'
      ? (e.before === null || typeof e.before === 'string') && (e.after === null || typeof e.after === 'string')
      : (e.before === null || isSummary(e.before)) && (e.after === null || isSummary(e.after));
  let read: HistoryEntry | undefined;
  if (!ITEM_ID_PATTERN.test(e.id) || seen.has(e.id)) err(`${path}.id`, `"${e.id}" is not a valid, unique id.`);
  else if (!parseCellKey(e.cell)) err(`${path}.cell`, `"${e.cell}" is not a cell key ("partyId|issueId").`);
  else if (!valueOk) err(path, `"before" and "after" do not fit a ${e.kind} entry.`);
  else if ((e.fields !== undefined && !isStringList(e.fields)) || (e.byId !== undefined && typeof e.byId !== 'string')) {
    err(path, '"fields" must be a list of names and "byId" text.');
  } else {
    // Only the fields of the data model are kept, and they must pass the schema guard's rule.
    // Checked before it is copied: the rule never walks a value deeper than a source summary.
    const entry = Object.fromEntries(HISTORY_FIELDS.filter((k) => k in e).map((k) => [k, e[k]]));
    const problem = historyProblem(entry);
    if (problem) err(path, `Not a valid history entry: ${problem}.`);
    else read = structuredClone(entry) as unknown as HistoryEntry;
  }
  seen.add(e.id);
  return read;
}

function readComment(c: unknown, path: string, seen: Set<string>, err: Report): Comment | void {
  if (!isObj(c)) return err(path, 'A comment must be an object.');
  const { id, cell, parent, author, authorId, at, text, editedAt } = c;
  if (typeof id !== 'string' || !ITEM_ID_PATTERN.test(id) || seen.has(id)) return err(`${path}.id`, 'A comment needs a valid, unique id.');
  seen.add(id);
  if (typeof cell !== 'string' || !parseCellKey(cell)) return err(`${path}.cell`, 'A comment needs a cell key ("partyId|issueId").');
  if (parent !== null && (typeof parent !== 'string' || !ITEM_ID_PATTERN.test(parent))) return err(`${path}.parent`, '"parent" must be a comment id or null.');
  if (typeof author !== 'string' || typeof at !== 'string' || !validTimestamp(at)) return err(path, 'A comment needs an author and an ISO time "at".');
  if (typeof text !== 'string' || !text.trim() || text.length > MAX_COMMENT_LENGTH) {
    return err(`${path}.text`, `A comment's text must be 1–${MAX_COMMENT_LENGTH} characters.`);
  }
  if ((authorId !== undefined && typeof authorId !== 'string') || (editedAt !== undefined && (typeof editedAt !== 'string' || !validTimestamp(editedAt)))) {
    return err(path, '"authorId" and "editedAt" must be text.');
  }
  const comment: Comment = { id, cell, parent, author, at, text };
  if (authorId !== undefined) comment.authorId = authorId;
  if (editedAt !== undefined) comment.editedAt = editedAt;
  const { id: _id, ...stored } = comment;
  const problem = guardShape(stored, RECORDS.comments);
  if (problem) return err(path, `Not a valid comment: ${problem.field ?? ''} ${problem.problem}.`);
  return comment;
}
