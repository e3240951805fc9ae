/**
 * What each root of the Y.Doc may hold (README "Data model"), as checks over plain values: the
 * rules the schema guard (doc-guard.ts) applies to every struct of an incoming update. Each
 * check returns null when the value fits, else a short reason a person can read.
 */
import { ITEM_ID_PATTERN } from './ids.ts';
import { HISTORY_NOTE_LIMIT, HISTORY_QUOTE_LIMIT } from './history.ts';
import { MAX_COMMENT_LENGTH } from './comments.ts';
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './matrix.ts';
import { ROOT, SCHEMA_VERSION, SOURCE_KINDS, parseCellKey } from './schema.ts';

export type Problem = string | null;
type Obj = Record<string, unknown>;

/** Lengths beyond the model's own (names 200, text 20,000, comments 5,000, history notes 500). */
export const GUARD_LIMITS = {
  /** Timestamps, dates, language tags and other short machine text. */
  short: 100,
  /** Comma-separated aliases and keywords. */
  keywords: 1000,
  /** Stance symbols. */
  symbol: 8,
  /** Fractional order keys. */
  order: 200,
  /** Quote-selector context. */
  context: 200,
  /** Dated position notes. */
  positionNote: 2000,
  /** Stance heads listed in one history entry. */
  bases: 1000,
} as const;

export const LEVEL_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
const ORDER_KEY = /^[0-9A-Za-z]+$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export const AXIS_KEYS = { parties: ['name', 'description', 'order', 'aliases'], issues: ['name', 'description', 'order', 'keywords'] } as const;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `text of ${v.length} characters`;
  return `a ${typeof v}`;
}

export function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

export const isItemId = (v: unknown): v is string => typeof v === 'string' && ITEM_ID_PATTERN.test(v);

export function isCellKey(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const parsed = parseCellKey(v);
  return parsed !== null && ITEM_ID_PATTERN.test(parsed.partyId) && ITEM_ID_PATTERN.test(parsed.issueId);
}

export function text(v: unknown, max: number, { min = 0 } = {}): Problem {
  if (typeof v !== 'string') return `must be text (got ${describe(v)})`;
  if (v.length > max) return `is longer than ${max} characters (${v.length})`;
  if (min > 0 && v.trim().length < min) return 'cannot be empty';
  return null;
}

const date = (v: unknown, { optional = true } = {}): Problem =>
  typeof v !== 'string'
    ? `must be a date YYYY-MM-DD (got ${describe(v)})`
    : (v === '' && optional) || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      ? null
      : `"${v.slice(0, 40)}" is not a date YYYY-MM-DD`;

function link(v: unknown): Problem {
  const t = text(v, MAX_TEXT_LENGTH);
  if (t || v === '') return t;
  return /^https?:\/\/[^\s]+$/i.test(v as string) ? null : 'must be an http(s) address or empty';
}

export const orderKey = (v: unknown): Problem =>
  typeof v === 'string' && v.length <= GUARD_LIMITS.order && ORDER_KEY.test(v) ? null : `must be an order key (got ${describe(v)})`;

const integer = (v: unknown, min: number, max: number): Problem =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `must be a whole number ${min}–${max} (got ${describe(v)})`;

const level = (v: unknown): Problem => (typeof v === 'string' && LEVEL_ID_PATTERN.test(v) ? null : `must be a stance id (got ${describe(v)})`);
const itemId = (v: unknown): Problem => (isItemId(v) ? null : `must be an id (got ${describe(v)})`);
const cell = (v: unknown): Problem => (isCellKey(v) ? null : `must be a cell key "partyId|issueId" (got ${describe(v)})`);
const oneOf = (values: readonly string[]) => (v: unknown) => (typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`);
const name = (v: unknown) => text(v, GUARD_LIMITS.short * 2, { min: 1 });
const short = (v: unknown) => text(v, GUARD_LIMITS.short);
const long = (v: unknown) => text(v, MAX_TEXT_LENGTH);

type Field = (v: unknown) => Problem;
export interface Shape {
  required: Record<string, Field>;
  optional?: Record<string, Field>;
}

/** A plain object with exactly the given fields (optional ones may be absent). Reports the first problem as "field: reason". */
export function shape(v: unknown, s: Shape): { field?: string; problem: string } | null {
  if (!isPlainObject(v)) return { problem: `must be a plain object (got ${describe(v)})` };
  for (const [key, check] of Object.entries(s.required)) {
    if (!(key in v)) return { field: key, problem: 'is missing' };
    const p = check(v[key]);
    if (p) return { field: key, problem: p };
  }
  for (const key of Object.keys(v)) {
    if (key in s.required) continue;
    const check = s.optional?.[key];
    if (!check) return { field: key, problem: 'is not a field of this record' };
    const p = check(v[key]);
    if (p) return { field: key, problem: p };
  }
  return null;
}

const SELECTOR: Shape = {
  required: {
    exact: long,
    prefix: (v) => text(v, GUARD_LIMITS.context),
    suffix: (v) => text(v, GUARD_LIMITS.context),
    start: (v) => integer(v, 0, Number.MAX_SAFE_INTEGER),
    end: (v) => integer(v, 0, Number.MAX_SAFE_INTEGER),
  },
};

const SUMMARY: Shape = { required: { id: itemId, quote: (v) => text(v, HISTORY_QUOTE_LIMIT), speaker: long } };
const summaryOrNull = (v: unknown): Problem => (v === null ? null : fieldProblem(shape(v, SUMMARY)));
const fieldProblem = (p: { field?: string; problem: string } | null): Problem => (p ? (p.field ? `${p.field} ${p.problem}` : p.problem) : null);
const SOURCE_FIELD_NAMES = ['quote', 'speaker', 'document', 'date', 'link', 'documentId', 'selector', 'kind', 'position'];

/** Shapes of the plain records each map root holds per key. */
export const RECORDS = {
  [ROOT.scale]: {
    required: {
      id: level,
      label: name,
      symbol: (v) => text(v, GUARD_LIMITS.symbol),
      value: (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? null : `must be a number or null (got ${describe(v)})`),
      color: (v) => (typeof v === 'string' && HEX_COLOR.test(v) ? null : 'must be a colour like #4393c3'),
      textColor: (v) => (typeof v === 'string' && HEX_COLOR.test(v) ? null : 'must be a colour like #4393c3'),
      order: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number'),
      description: (v) => text(v, GUARD_LIMITS.keywords),
    },
  },
  [ROOT.sources]: {
    required: { cell, quote: (v) => text(v, MAX_TEXT_LENGTH, { min: 1 }), speaker: long, document: long, date, link, addedBy: name, addedAt: short },
    optional: {
      documentId: itemId,
      selector: (v) => fieldProblem(shape(v, SELECTOR)),
      kind: oneOf(SOURCE_KINDS),
      position: itemId,
    },
  },
  [ROOT.comments]: {
    required: {
      cell,
      parent: (v) => (v === null ? null : itemId(v)),
      author: name,
      at: short,
      text: (v) => text(v, MAX_COMMENT_LENGTH, { min: 1 }),
    },
    optional: { authorId: name, editedAt: short },
  },
  [ROOT.commentThreads]: {
    required: { resolved: (v) => (typeof v === 'boolean' ? null : 'must be true or false'), by: name, at: short },
  },
  [ROOT.positions]: {
    required: { cell, stance: level, date, note: (v) => text(v, GUARD_LIMITS.positionNote), by: name, at: short },
  },
  [ROOT.events]: { required: { date: (v) => date(v, { optional: false }), label: (v) => text(v, MAX_NAME_LENGTH, { min: 1 }) } },
  [ROOT.documents]: {
    required: {
      title: (v) => text(v, GUARD_LIMITS.keywords),
      outlet: (v) => text(v, GUARD_LIMITS.keywords),
      author: (v) => text(v, GUARD_LIMITS.keywords),
      date,
      url: link,
      lang: short,
      chars: (v) => integer(v, 0, Number.MAX_SAFE_INTEGER),
      sha256: (v) => (typeof v === 'string' && SHA256.test(v) ? null : 'must be a SHA-256 in hex'),
      addedBy: name,
      addedAt: short,
    },
  },
} satisfies Record<string, Shape>;

const HISTORY_KINDS = ['stance', 'note', 'source-added', 'source-edited', 'source-removed'];

/** One history entry (root `history`): the before/after values must fit its kind. */
export function historyProblem(v: unknown): Problem {
  const base = shape(v, {
    required: { id: itemId, at: short, by: name, cell, kind: oneOf(HISTORY_KINDS), before: () => null, after: () => null },
    optional: {
      byId: name,
      bases: (b) => (Array.isArray(b) && b.length <= GUARD_LIMITS.bases && b.every(isItemId) ? null : `must be a list of at most ${GUARD_LIMITS.bases} ids`),
      fields: (f) => (Array.isArray(f) && f.every((x) => SOURCE_FIELD_NAMES.includes(x as string)) ? null : 'must list source field names'),
    },
  });
  if (base) return fieldProblem(base);
  const e = v as Obj;
  const value =
    e.kind === 'stance'
      ? (x: unknown) => (x === null ? null : level(x))
      : e.kind === 'note'
        ? (x: unknown) => (x === null ? null : text(x, HISTORY_NOTE_LIMIT))
        : summaryOrNull;
  for (const key of ['before', 'after'] as const) {
    const p = value(e[key]);
    if (p) return `${key} ${p}`;
  }
  return null;
}

/** A record's fields, one rule each: the problem of a value under `key`, or that `key` is not a field of `what`. */
function fieldRules(rules: Record<string, Field>, what: string): (key: string, v: unknown) => Problem {
  return (key, v) => {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    return rule ? rule(v) : `"${key.slice(0, 64)}" is not a field of ${what}`;
  };
}

const itemName: Field = (v) => text(v, MAX_NAME_LENGTH, { min: 1 });
const words: Field = (v) => text(v, GUARD_LIMITS.keywords);

/** A value of `meta` under `key`. */
export const metaProblem = fieldRules({ schemaVersion: (v) => integer(v, 1, SCHEMA_VERSION), title: itemName, description: long, createdAt: short }, 'meta');

/** A field of a party's or issue's Y.Map. */
export const axisFieldProblem = fieldRules({ name: itemName, description: long, order: orderKey, aliases: words, keywords: words }, 'a party or issue');

/** How each map root is keyed. */
export const KEYS: Record<string, (key: string) => boolean> = {
  [ROOT.meta]: (k) => ['schemaVersion', 'title', 'description', 'createdAt'].includes(k),
  [ROOT.scale]: (k) => LEVEL_ID_PATTERN.test(k),
  [ROOT.parties]: isItemId,
  [ROOT.issues]: isItemId,
  [ROOT.stances]: isCellKey,
  [ROOT.notes]: isCellKey,
  [ROOT.sources]: isItemId,
  [ROOT.sourceOrder]: isItemId,
  [ROOT.comments]: isItemId,
  [ROOT.commentThreads]: isItemId,
  [ROOT.positions]: isItemId,
  [ROOT.salience]: isCellKey,
  [ROOT.events]: isItemId,
  [ROOT.documents]: isItemId,
};

/** A plain value stored under `key` in the map root `root` (nested types are checked by the guard). */
export function mapValueProblem(root: string, key: string, v: unknown): Problem {
  switch (root) {
    case ROOT.meta:
      return metaProblem(key, v);
    case ROOT.stances:
      return level(v);
    case ROOT.notes:
      return long(v);
    case ROOT.sourceOrder:
      return orderKey(v);
    case ROOT.salience:
      return integer(v, 0, 100);
    case ROOT.parties:
    case ROOT.issues:
      return `must be a Y.Map of ${AXIS_KEYS[root].join(', ')} (got ${describe(v)})`;
  }
  const record = (RECORDS as Partial<Record<string, Shape>>)[root];
  if (!record) return `"${root}" holds no plain values`;
  const p = shape(v, record);
  if (!p) return root === ROOT.scale && (v as Obj).id !== key ? 'id must equal its key' : null;
  return fieldProblem(p);
}
