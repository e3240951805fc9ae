/**
 * The schema guard: checks an incoming Yjs update against the Y.Doc contract (README "Data
 * model", rules in doc-rules.ts) *before* it is applied, stored or relayed. The update is
 * decoded, never applied: each new struct is placed (root, key, and for a struct inside a
 * party's Y.Map or a note's Y.Text, the key inside it) by its explicit parent, or through its
 * origin, looked up in the same update or in the room's doc by binary search. So the cost
 * follows the update's size, not the doc's. Deletions are allowed (outside server-only roots).
 */
import * as Y from 'yjs';
import { AXIS_KEYS, KEYS, axisFieldProblem, historyProblem, mapValueProblem, type Problem } from './doc-rules.ts';
import { MAX_TEXT_LENGTH } from './matrix.ts';
import { DEFAULT_SCALE } from './scale.ts';
import { ROOT } from './schema.ts';

export type GuardResult = { ok: true } | { ok: false; reason: string; path: string };

export interface GuardOptions {
  /** Let the update write roots only the server writes (`documents`). Default false: a client's update may not. */
  allowServerOnlyRoots?: boolean;
  /** The update is in Yjs's V2 encoding. Default false (V1, what y-websocket sends). */
  v2?: boolean;
  /** `update` already decoded (Y.decodeUpdate / decodeUpdateV2) by the caller: it is not decoded again. */
  decoded?: { structs: unknown[]; ds: unknown };
}

/** Roots only the server writes. */
export const SERVER_ONLY_ROOTS: ReadonlySet<string> = new Set([ROOT.documents]);
const ROOTS: ReadonlySet<string> = new Set(Object.values(ROOT));

/** Where a struct sits. `inner` is set for a struct inside a nested type (a party's Y.Map, a note's Y.Text). */
interface Place {
  root: string;
  key: string | null;
  inner?: { container: Y.AbstractType<unknown>; key: string | null };
}
/** A struct whose neighbour or parent was garbage-collected: Yjs drops it on arrival, so nothing to check. */
const COLLECTED = 'collected';
type Placed = Place | typeof COLLECTED | { fail: string };

const MISSING = 'The update depends on changes the server does not have.';
const fail = (reason: string, path: string): GuardResult => ({ ok: false, reason, path });
const pathOf = (p: Place): string => {
  const key = (k: string | null) => (k === null ? '[+]' : `[${JSON.stringify(k.length > 80 ? `${k.slice(0, 80)}…` : k)}]`);
  return `${p.root.slice(0, 64)}${key(p.key)}${p.inner ? (p.inner.key === null ? '' : `.${p.inner.key.slice(0, 80)}`) : ''}`;
};

export function validateUpdate(doc: Y.Doc, update: Uint8Array, options: GuardOptions = {}): GuardResult {
  type Decoded = { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  let decoded: Decoded;
  try {
    decoded = (options.decoded ?? (options.v2 ? Y.decodeUpdateV2 : Y.decodeUpdate)(update)) as Decoded;
  } catch {
    return fail('The update could not be decoded.', '');
  }
  const store = doc.store;
  // Every client's structs must follow on from what the room has: Yjs would hold anything after a
  // gap (or a Skip) in memory, unapplied, until the missing part arrives, which may be never.
  const reach = new Map<number, number>();
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) return fail(MISSING, '');
    const start = reach.get(s.id.client) ?? Y.getState(store, s.id.client);
    if (s.id.clock > start) return fail(MISSING, '');
    reach.set(s.id.client, Math.max(start, s.id.clock + s.length));
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const end = reach.get(client) ?? Y.getState(store, client);
    for (const { clock, len } of ranges) if (clock + len > end) return fail(MISSING, '');
  }
  // The update's items by client, in clock order (as decoded), for origin and parent look-ups.
  const own = new Map<number, Y.Item[]>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    let list = own.get(s.id.client);
    if (!list) own.set(s.id.client, (list = []));
    list.push(s);
  }
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const list = own.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid] as Y.Item;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  };
  const inDoc = (id: Y.ID): Y.Item | Y.GC | null => {
    const structs = store.clients.get(id.client);
    if (!structs || id.clock >= Y.getState(store, id.client)) return null;
    return structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC;
  };

  /** The place of an item already in the doc. */
  const docPlace = (item: Y.Item | Y.GC, depth: number): Placed => {
    if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) return COLLECTED;
    const type = item.parent as Y.AbstractType<unknown>;
    if (type._item === null) return { root: Y.findRootTypeKey(type), key: item.parentSub };
    if (depth > 2) return { fail: 'Nested too deeply.' };
    const outer = docPlace(type._item, depth + 1);
    return nest(outer, type, item.parentSub);
  };
  const nest = (outer: Placed, container: Y.AbstractType<unknown>, key: string | null): Placed => {
    if (outer === COLLECTED || 'fail' in outer) return outer;
    if (outer.inner) return { fail: 'Nested too deeply: only a party, an issue and a note hold a nested type.' };
    return { root: outer.root, key: outer.key, inner: { container, key } };
  };

  const memo = new Map<Y.Item, Placed>();
  /** Follows origins to an item with an explicit parent; all on the way share its place. */
  const place = (start: Y.Item, depth = 0): Placed => {
    // The common case, a struct directly in a root, needs no walk.
    if (typeof (start.parent as unknown) === 'string') return { root: start.parent as unknown as string, key: start.parentSub };
    const chain: Y.Item[] = [];
    const seen = new Set<Y.Item>();
    let result: Placed | undefined;
    for (let item = start; result === undefined; ) {
      const known = memo.get(item);
      if (known) {
        result = known;
        break;
      }
      if (seen.has(item)) {
        result = { fail: 'The update refers to itself in a loop.' };
        break;
      }
      seen.add(item);
      chain.push(item);
      const parent: unknown = item.parent;
      if (typeof parent === 'string') {
        result = { root: parent, key: item.parentSub };
      } else if (parent instanceof Y.ID) {
        result = nestedIn(parent, item.parentSub, depth);
      } else {
        const neighbour = item.origin ?? item.rightOrigin;
        if (!neighbour) result = { fail: 'A struct has neither a parent nor a neighbour.' };
        else {
          const doc = inDoc(neighbour);
          const next = doc ? null : inUpdate(neighbour);
          if (doc) result = docPlace(doc, depth);
          else if (next) item = next;
          else result = { fail: MISSING };
        }
      }
    }
    for (const item of chain) memo.set(item, result);
    return result;
  };
  const nestedIn = (parentId: Y.ID, key: string | null, depth: number): Placed => {
    if (depth > 2) return { fail: 'Nested too deeply.' };
    const known = inDoc(parentId);
    const parent = known ?? inUpdate(parentId);
    if (!parent) return { fail: MISSING };
    if (!(parent instanceof Y.Item)) return COLLECTED;
    if (parent.content instanceof Y.ContentDeleted) return COLLECTED;
    if (!(parent.content instanceof Y.ContentType)) return { fail: 'A struct names a parent that is not a shared type.' };
    const outer = known ? docPlace(parent, depth + 1) : place(parent, depth + 1);
    return nest(outer, parent.content.type as Y.AbstractType<unknown>, key);
  };

  // Stance ids must name a level of the matrix's scale (or one this update adds). Read from the
  // root's entries directly: getMap() could throw on a doc whose root has another type.
  const scale = doc.share.get(ROOT.scale)?._map;
  const live = (id: string) => {
    const item = scale?.get(id);
    return item !== undefined && !item.deleted;
  };
  const hasScale = scale !== undefined && [...scale.values()].some((item) => !item.deleted);
  const added = new Set<string>();
  for (const s of decoded.structs) if (s instanceof Y.Item && (s.parent as unknown) === ROOT.scale && s.parentSub) added.add(s.parentSub);
  const knownLevel = (id: string) => added.has(id) || (hasScale ? live(id) : DEFAULT_SCALE.some((l) => l.id === id));

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip hold no content
    // Structs the doc already has are ignored by Yjs: nothing new to check.
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue;
    const at = place(struct);
    if (at === COLLECTED) continue;
    if ('fail' in at) return fail(at.fail, '');
    const problem = checkStruct(struct, at, options, knownLevel);
    if (problem) return fail(problem, pathOf(at));
  }
  if (!options.allowServerOnlyRoots) {
    for (const [client, ranges] of decoded.ds.clients) {
      const structs = store.clients.get(client);
      if (!structs) continue;
      const state = Y.getState(store, client);
      for (const { clock, len } of ranges) {
        if (clock >= state) continue;
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const s = structs[i] as Y.Item | Y.GC;
          if (s.id.clock >= clock + len) break;
          if (s instanceof Y.Item && s.deleted) continue;
          const at = docPlace(s, 0);
          if (at !== COLLECTED && !('fail' in at) && SERVER_ONLY_ROOTS.has(at.root)) {
            return fail(`Only the server changes "${at.root}".`, pathOf(at));
          }
        }
      }
    }
  }
  return { ok: true };
}

/** Why `item` at `at` breaks the contract, or null. */
function checkStruct(item: Y.Item, at: Place, options: GuardOptions, knownLevel: (id: string) => boolean): Problem {
  const { root, key } = at;
  if (!ROOTS.has(root)) return `"${root.slice(0, 64)}" is not a part of a matrix.`;
  if (SERVER_ONLY_ROOTS.has(root) && !options.allowServerOnlyRoots) return `Only the server writes "${root}".`;
  const isList = root === ROOT.history;
  if (isList !== (key === null)) return isList ? '"history" is a list, not a map.' : `"${root}" is a map, not a list.`;
  if (key !== null && !KEYS[root]?.(key)) return `"${key.slice(0, 80)}" is not a valid key of "${root}".`;
  const content = item.content;
  if (at.inner) return checkNested(item, at, at.inner);
  if (content instanceof Y.ContentDeleted) return null;
  if (content instanceof Y.ContentType) {
    const type = content.type;
    if ((root === ROOT.parties || root === ROOT.issues) && type.constructor === Y.Map) return null;
    if (root === ROOT.notes && type.constructor === Y.Text) return null;
    return `"${root}" may not hold a nested ${type.constructor.name.replace(/^_?Y/, 'Y.')}.`;
  }
  if (!(content instanceof Y.ContentAny)) return `"${root}" holds only plain values (got ${content.constructor.name}).`;
  const values: unknown[] = content.arr;
  if (isList) {
    for (const value of values) {
      const problem = historyProblem(value);
      if (problem) return `A history entry: ${problem}.`;
    }
    return null;
  }
  if (values.length !== 1) return 'A map entry holds exactly one value.';
  const value = values[0];
  const problem = mapValueProblem(root, key ?? '', value);
  if (problem) return `${root === ROOT.meta ? `The ${key}` : label(root)} ${problem}.`;
  if (root === ROOT.stances && typeof value === 'string' && !knownLevel(value)) return `"${value}" is not a level of this matrix's stance scale.`;
  if (root === ROOT.positions && !knownLevel((value as { stance: string }).stance)) return 'The position names a stance outside the scale.';
  return null;
}

/** A struct inside a party's or issue's Y.Map, or a note's Y.Text. */
function checkNested(item: Y.Item, at: Place, inner: NonNullable<Place['inner']>): Problem {
  const content = item.content;
  const { root } = at;
  if ((root === ROOT.parties || root === ROOT.issues) && inner.container.constructor === Y.Map) {
    if (inner.key === null) return `A ${root === ROOT.parties ? 'party' : 'issue'} is a map, not a list.`;
    if (!(AXIS_KEYS[root] as readonly string[]).includes(inner.key))
      return `"${inner.key.slice(0, 64)}" is not a field of a ${root === ROOT.parties ? 'party' : 'issue'}.`;
    if (content instanceof Y.ContentDeleted) return null;
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return `A ${inner.key} must be plain text.`;
    const problem = axisFieldProblem(inner.key, content.arr[0]);
    return problem ? `The ${inner.key} ${problem}.` : null;
  }
  if (root === ROOT.notes && inner.container.constructor === Y.Text) {
    if (inner.key !== null) return 'A note holds text only, no attributes.';
    if (content instanceof Y.ContentDeleted) return null;
    if (!(content instanceof Y.ContentString)) return 'A note holds text only.';
    return content.str.length > MAX_TEXT_LENGTH ? `The note is longer than ${MAX_TEXT_LENGTH} characters.` : null;
  }
  return `"${root}" may not hold a nested type.`;
}

const LABELS: Record<string, string> = {
  scale: 'A stance level',
  stances: 'A stance',
  notes: 'A note',
  sources: 'A source',
  sourceOrder: "A source's order",
  comments: 'A comment',
  commentThreads: "A thread's state",
  positions: 'A dated position',
  salience: 'A salience',
  events: 'An event',
  documents: 'A document',
};
const label = (root: string) => LABELS[root] ?? `A value of "${root}"`;
