/**
 * Reads our own JSON export (shared/exports/json.ts) back into an import plan. Everything is
 * checked before anything is written: types, ids (format and uniqueness), references between
 * cells and parties/issues, stance ids against the file's scale, dates, links, order keys.
 * Unknown extra properties are ignored, so files from a later release within the same
 * formatVersion still import.
 */
import { generateKeyBetween } from 'fractional-indexing';
import { MatrixError } from '../errors.ts';
import { ITEM_ID_PATTERN } from '../ids.ts';
import { MAX_TEXT_LENGTH, cleanDate, cleanLink, cleanName, nameKey } from '../matrix.ts';
import type { StanceLevel } from '../scale.ts';
import { MAX_COMMENT_LENGTH } from '../comments.ts';
import { isHistoryEntry } from '../history.ts';
import {
  SCHEMA_VERSION,
  cellKey,
  parseCellKey,
  type AxisItem,
  type AxisKind,
  type Cell,
  type Comment,
  type HistoryEntry,
  type Source,
  type StoredThreadState,
} from '../schema.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type MatrixExtras } from '../exports/json.ts';
import { importSourceAnchor } from '../evidence/source-evidence.ts';
import { parseExportedDocuments } from '../evidence/library-export.ts';
import { locateJsonSyntaxError } from './json-syntax.ts';
import { parseCellTimeline, parseEvents } from './json-timeline.ts';
import { RECORDS, historyProblem, orderKey, shape as guardShape } from '../doc-rules.ts';

const HISTORY_FIELDS = ['id', 'at', 'by', 'byId', 'cell', 'kind', 'before', 'after', 'bases', 'fields'];
import { IssueList, type ImportOptions, type ImportResult } from './types.ts';
import { IMPORT_LIMITS, checkLimit } from './limits.ts';
import { checkJsonLimits } from './json-limits.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const LEVEL_ID = /^[a-z0-9-]{1,64}$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_SCALE_LEVELS = 50;

/** A fractional-indexing key, or "" (meaning: append). */
function validOrderKey(key: string): boolean {
  if (key === '') return true;
  // fractional-indexing checks only parts of a key; the schema guard's rule checks every character.
  if (orderKey(key) !== null) return false;
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

function validTimestamp(text: string): boolean {
  return text === '' || (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)));
}

export function parseJsonImport(text: string, options: ImportOptions = {}): ImportResult {
  checkLimit(options.limits ?? IMPORT_LIMITS, 'bytes', text.length);
  const issues = new IssueList();
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const where = locateJsonSyntaxError(text.replace(/^\uFEFF/, ''));
    return {
      ok: false,
      errors: [
        where ? { line: where.line, column: where.column, message: `This is not valid JSON: ${where.message}` } : { message: 'This is not valid JSON.' },
      ],
    };
  }
  const err = (field: string, message: string) => issues.add({ field, message });

  if (!isObj(data) || data.format !== EXPORT_FORMAT) {
    return { ok: false, errors: [{ field: 'format', message: 'This is not a Stance Grid export (expected "format": "stance-grid").' }] };
  }
  if (typeof data.formatVersion !== 'number' || !Number.isInteger(data.formatVersion) || data.formatVersion < 1) {
    err('formatVersion', 'formatVersion must be a whole number.');
  } else if (data.formatVersion > EXPORT_FORMAT_VERSION) {
    err(
      'formatVersion',
      `This file was made by a newer version of Stance Grid (format ${data.formatVersion}); this one reads format ${EXPORT_FORMAT_VERSION}.`,
    );
  }
  if (typeof data.schemaVersion !== 'number' || !Number.isInteger(data.schemaVersion) || data.schemaVersion < 1) {
    err('schemaVersion', 'schemaVersion must be a whole number.');
  } else if (data.schemaVersion > SCHEMA_VERSION) {
    err('schemaVersion', `This file uses data model version ${data.schemaVersion}; this Stance Grid knows version ${SCHEMA_VERSION}.`);
  }
  const m = data.matrix;
  if (!isObj(m)) {
    err('matrix', 'The file has no "matrix" object.');
    return { ok: false, errors: issues.result() };
  }
  checkJsonLimits(data, m, options.limits ?? IMPORT_LIMITS);

  /** A string field of `o`, or undefined after reporting why not. */
  const str = (o: Obj, key: string, path: string, { required = true, max = MAX_TEXT_LENGTH } = {}): string | undefined => {
    const v = o[key];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string') {
      err(`${path}.${key}`, `"${key}" must be text.`);
      return undefined;
    }
    if (v.length > max) {
      err(`${path}.${key}`, `"${key}" is longer than ${max} characters.`);
      return undefined;
    }
    return v;
  };
  const clean = <T>(path: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof MatrixError) {
        err(path, e.message);
        return undefined;
      }
      throw e;
    }
  };

  // ---- meta
  const metaIn = isObj(m.meta) ? m.meta : (err('matrix.meta', 'The matrix has no "meta" object.'), {});
  const rawTitle = options.title ?? str(metaIn, 'title', 'matrix.meta');
  const title = rawTitle === undefined ? undefined : clean(options.title !== undefined ? 'title' : 'matrix.meta.title', () => cleanName(rawTitle, 'Title'));
  const description = str(metaIn, 'description', 'matrix.meta', { required: false }) ?? '';
  const createdAt = str(metaIn, 'createdAt', 'matrix.meta', { required: false, max: 100 }) ?? '';
  if (!validTimestamp(createdAt)) err('matrix.meta.createdAt', `"${createdAt}" is not an ISO timestamp.`);

  // ---- scale
  const scale: StanceLevel[] = [];
  if (!Array.isArray(m.scale) || m.scale.length === 0) err('matrix.scale', 'The stance scale must be a non-empty list.');
  else if (m.scale.length > MAX_SCALE_LEVELS) err('matrix.scale', `The stance scale has more than ${MAX_SCALE_LEVELS} levels.`);
  else {
    const seen = new Set<string>();
    m.scale.forEach((l: unknown, i) => {
      const path = `matrix.scale[${i}]`;
      if (!isObj(l)) return err(path, 'A stance level must be an object.');
      const id = str(l, 'id', path, { max: 64 });
      if (id !== undefined && !LEVEL_ID.test(id)) err(`${path}.id`, `"${id}" is not a valid stance id (lowercase letters, digits, "-").`);
      else if (id !== undefined && seen.has(id)) err(`${path}.id`, `The stance id "${id}" is used twice.`);
      if (id) seen.add(id);
      const label = str(l, 'label', path, { max: 200 });
      if (label !== undefined && !label.trim()) err(`${path}.label`, 'A stance level needs a label.');
      const symbol = str(l, 'symbol', path, { max: 8 });
      const levelDescription = str(l, 'description', path, { required: false, max: 1000 });
      const value = l.value;
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) err(`${path}.value`, '"value" must be a number or null.');
      const order = l.order;
      if (typeof order !== 'number' || !Number.isFinite(order)) err(`${path}.order`, '"order" must be a number.');
      const color = str(l, 'color', path, { max: 7 });
      const textColor = str(l, 'textColor', path, { max: 7 });
      for (const [key, c] of [
        ['color', color],
        ['textColor', textColor],
      ] as const) {
        if (c !== undefined && !HEX_COLOR.test(c)) err(`${path}.${key}`, `"${c}" is not a colour like #4393c3.`);
      }
      if (id !== undefined && label !== undefined && symbol !== undefined && color !== undefined && textColor !== undefined) {
        scale.push({
          id,
          label: label.trim(),
          symbol,
          value: typeof value === 'number' ? value : null,
          color,
          textColor,
          order: typeof order === 'number' ? order : i,
          description: levelDescription ?? '',
        });
      }
    });
  }
  const levelIds = new Set(scale.map((l) => l.id));

  // ---- parties and issues
  /** The valid items, and every well-formed id (so a bad name is not reported again on each cell). */
  const axis = (kind: AxisKind): { items: AxisItem[]; seen: Set<string> } => {
    const list = m[kind];
    const what = kind === 'parties' ? 'party' : 'issue';
    const out: AxisItem[] = [];
    const seen = new Set<string>();
    const names = new Map<string, string>();
    if (!Array.isArray(list)) {
      err(`matrix.${kind}`, `"${kind}" must be a list.`);
      return { items: out, seen };
    }
    list.forEach((item: unknown, i) => {
      const path = `matrix.${kind}[${i}]`;
      if (!isObj(item)) return err(path, `A ${what} must be an object.`);
      const id = str(item, 'id', path, { max: 64 });
      if (id !== undefined && !ITEM_ID_PATTERN.test(id)) err(`${path}.id`, `"${id}" is not a valid id (letters, digits, "-", "_"; at most 64).`);
      else if (id !== undefined && seen.has(id)) err(`${path}.id`, `Duplicate ${what}: the id "${id}" is used twice.`);
      if (id !== undefined && ITEM_ID_PATTERN.test(id)) seen.add(id);
      const rawName = str(item, 'name', path, { max: 10_000 });
      const name = rawName === undefined ? undefined : clean(`${path}.name`, () => cleanName(rawName, what === 'party' ? 'Party name' : 'Issue name'));
      // The same name twice (case and spaces aside) is refused here, as adding it in the grid would be.
      const first = name === undefined ? undefined : names.get(nameKey(name));
      if (name !== undefined && first !== undefined) err(`${path}.name`, `Duplicate ${what} "${name}" (also ${first}).`);
      else if (name !== undefined) names.set(nameKey(name), path);
      const itemDescription = str(item, 'description', path, { required: false });
      const order = str(item, 'order', path, { required: false, max: 200 });
      // A party's aliases or an issue's keywords (optional; absent in older files).
      const wordsField = kind === 'parties' ? 'aliases' : 'keywords';
      const words = str(item, wordsField, path, { required: false, max: 1000 });
      if (order !== undefined && !validOrderKey(order)) err(`${path}.order`, `"${order}" is not a valid order key.`);
      if (id !== undefined && name !== undefined && itemDescription !== undefined && order !== undefined) {
        out.push({ id, name, description: itemDescription, order, ...(words ? { [wordsField]: words } : {}) });
      }
    });
    return { items: out, seen };
  };
  const { items: parties, seen: partyIds } = axis('parties');
  const { items: issueList, seen: issueIds } = axis('issues');

  // ---- cells
  const cells: Cell[] = [];
  if (!Array.isArray(m.cells)) err('matrix.cells', '"cells" must be a list.');
  else {
    const seenCells = new Set<string>();
    const seenSources = new Set<string>();
    const seenPositions = new Set<string>();
    m.cells.forEach((c: unknown, i) => {
      const path = `matrix.cells[${i}]`;
      if (!isObj(c)) return err(path, 'A cell must be an object.');
      const partyId = str(c, 'partyId', path, { max: 64 });
      const issueId = str(c, 'issueId', path, { max: 64 });
      if (partyId !== undefined && !partyIds.has(partyId)) err(`${path}.partyId`, `No party has the id "${partyId}".`);
      if (issueId !== undefined && !issueIds.has(issueId)) err(`${path}.issueId`, `No issue has the id "${issueId}".`);
      if (partyId !== undefined && issueId !== undefined) {
        const key = cellKey(partyId, issueId);
        if (seenCells.has(key)) err(path, `The cell ${partyId} × ${issueId} appears twice.`);
        seenCells.add(key);
      }
      let stance: string | null = null;
      if (c.stance !== null && c.stance !== undefined) {
        if (typeof c.stance !== 'string') err(`${path}.stance`, '"stance" must be a stance id or null.');
        else if (!levelIds.has(c.stance)) err(`${path}.stance`, `Unknown stance "${c.stance}": it is not a level of the file's stance scale.`);
        else stance = c.stance;
      }
      const note = str(c, 'note', path, { required: false });
      const sources: Source[] = [];
      if (c.sources !== undefined && !Array.isArray(c.sources)) err(`${path}.sources`, '"sources" must be a list.');
      (Array.isArray(c.sources) ? c.sources : []).forEach((s: unknown, j) => {
        const spath = `${path}.sources[${j}]`;
        if (!isObj(s)) return err(spath, 'A source must be an object.');
        const id = str(s, 'id', spath, { max: 64 });
        if (id !== undefined && !ITEM_ID_PATTERN.test(id)) err(`${spath}.id`, `"${id}" is not a valid id.`);
        else if (id !== undefined && seenSources.has(id)) err(`${spath}.id`, `Duplicate source: the id "${id}" is used twice.`);
        if (id !== undefined) seenSources.add(id);
        const quote = str(s, 'quote', spath)?.trim();
        if (quote === '') err(`${spath}.quote`, 'A source needs a quote.');
        const speaker = str(s, 'speaker', spath, { required: false })?.trim();
        const document = str(s, 'document', spath, { required: false })?.trim();
        const rawDate = str(s, 'date', spath, { required: false, max: 100 });
        const date = rawDate === undefined ? undefined : clean(`${spath}.date`, () => cleanDate(rawDate));
        const rawLink = str(s, 'link', spath, { required: false, max: 4000 });
        const link = rawLink === undefined ? undefined : clean(`${spath}.link`, () => cleanLink(rawLink));
        const addedBy = str(s, 'addedBy', spath, { required: false, max: 200 });
        const addedAt = str(s, 'addedAt', spath, { required: false, max: 100 });
        if (addedAt !== undefined && !validTimestamp(addedAt)) err(`${spath}.addedAt`, `"${addedAt}" is not an ISO timestamp.`);
        const order = str(s, 'order', spath, { required: false, max: 200 });
        if (order !== undefined && !validOrderKey(order)) err(`${spath}.order`, `"${order}" is not a valid order key.`);
        const evidence = importSourceAnchor(s, spath, err);
        if (
          id !== undefined &&
          quote &&
          speaker !== undefined &&
          document !== undefined &&
          date !== undefined &&
          link !== undefined &&
          addedBy !== undefined &&
          addedAt !== undefined &&
          order !== undefined
        ) {
          sources.push({ id, quote, speaker, document, date, link, addedBy, addedAt, order, ...evidence });
        }
      });
      const sourceIds = new Set(sources.map((x) => x.id));
      const timeline = parseCellTimeline(c, { path, stance, sourceIds, levelIds, seenPositions }, err);
      if (partyId !== undefined && issueId !== undefined && note !== undefined) cells.push({ partyId, issueId, stance, note, sources, ...timeline });
    });
  }

  const events = parseEvents(m, err);
  const extras = parseExtras(data, err);

  if (!issues.empty || title === undefined) return { ok: false, errors: issues.result() };
  return {
    ok: true,
    format: 'json',
    matrix: {
      meta: { schemaVersion: SCHEMA_VERSION, title, description, createdAt },
      scale,
      parties,
      issues: issueList,
      cells,
      ...(events ? { events } : {}),
      ...extras,
    },
  };
}

const MAX_HISTORY_ENTRIES = 100_000;
const MAX_COMMENTS = 100_000;
const isSummary = (v: unknown) => isObj(v) && typeof v.id === 'string' && typeof v.quote === 'string' && typeof v.speaker === 'string';
const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * History and comments (optional: older exports have none). They describe the past, so a cell
 * key may name a party or issue deleted since; only their shape and ids are checked.
 */
function parseExtras(data: Obj, err: (field: string, message: string) => void): Partial<MatrixExtras> {
  const out: Partial<MatrixExtras> = {};
  if (data.history !== undefined) {
    if (!Array.isArray(data.history) || data.history.length > MAX_HISTORY_ENTRIES) {
      err('history', `"history" must be a list of at most ${MAX_HISTORY_ENTRIES} entries.`);
    } else {
      const seen = new Set<string>();
      const history: HistoryEntry[] = [];
      data.history.forEach((e: unknown, i) => {
        const path = `history[${i}]`;
        if (!isHistoryEntry(e) || !isObj(e)) return err(path, 'Not a history entry (needs id, at, by, cell, kind, before, after).');
        const valueOk =
          e.kind === 'stance' || e.kind === 'note'
            ? (e.before === null || typeof e.before === 'string') && (e.after === null || typeof e.after === 'string')
            : (e.before === null || isSummary(e.before)) && (e.after === null || isSummary(e.after));
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
          else history.push(structuredClone(entry) as unknown as HistoryEntry);
        }
        seen.add(e.id);
      });
      out.history = history;
    }
  }
  if (data.comments !== undefined) {
    if (!Array.isArray(data.comments) || data.comments.length > MAX_COMMENTS) {
      err('comments', `"comments" must be a list of at most ${MAX_COMMENTS} comments.`);
    } else {
      const seen = new Set<string>();
      const comments: Comment[] = [];
      data.comments.forEach((c: unknown, i) => {
        const path = `comments[${i}]`;
        if (!isObj(c)) return err(path, 'A comment must be an object.');
        const { id, cell, parent, author, authorId, at, text, editedAt } = c;
        if (typeof id !== 'string' || !ITEM_ID_PATTERN.test(id) || seen.has(id)) return err(`${path}.id`, 'A comment needs a valid, unique id.');
        seen.add(id);
        if (typeof cell !== 'string' || !parseCellKey(cell)) return err(`${path}.cell`, 'A comment needs a cell key ("partyId|issueId").');
        if (parent !== null && (typeof parent !== 'string' || !ITEM_ID_PATTERN.test(parent)))
          return err(`${path}.parent`, '"parent" must be a comment id or null.');
        if (typeof author !== 'string' || typeof at !== 'string' || !validTimestamp(at)) return err(path, 'A comment needs an author and an ISO time "at".');
        if (typeof text !== 'string' || !text.trim() || text.length > MAX_COMMENT_LENGTH) {
          return err(`${path}.text`, `A comment's text must be 1–${MAX_COMMENT_LENGTH} characters.`);
        }
        if (
          (authorId !== undefined && typeof authorId !== 'string') ||
          (editedAt !== undefined && (typeof editedAt !== 'string' || !validTimestamp(editedAt)))
        ) {
          return err(path, '"authorId" and "editedAt" must be text.');
        }
        const comment: Comment = { id, cell, parent, author, at, text };
        if (authorId !== undefined) comment.authorId = authorId;
        if (editedAt !== undefined) comment.editedAt = editedAt;
        const { id: _id, ...stored } = comment;
        const problem = guardShape(stored, RECORDS.comments);
        if (problem) return err(path, `Not a valid comment: ${problem.field ?? ''} ${problem.problem}.`);
        comments.push(comment);
      });
      out.comments = comments;
    }
  }
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
