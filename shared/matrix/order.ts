/** Order of parties, issues and sources: fractional keys, ties broken by id. */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/** Sorts by fractional order, then id, so every replica agrees even on equal keys. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order < b.order) return -1;
  if (a.order > b.order) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A fractional key for position `index` in `items` (sorted by byOrder). When the neighbours
 * share a key (two concurrent inserts at one spot), there is no key between them: the tied
 * items after the gap get fresh keys too, returned in `rekeys` to apply in the same transaction.
 */
export function orderAt(items: readonly { id: string; order: string }[], index: number): { key: string; rekeys: [string, string][] } {
  const before = index > 0 ? items[index - 1]?.order || null : null;
  const after = items[index]?.order || null;
  if (before === null || after === null || before < after) return { key: generateKeyBetween(before, after), rekeys: [] };
  let end = index;
  while (end < items.length && (items[end]?.order ?? '') <= before) end++;
  const upper = items[end]?.order || null;
  const keys = generateNKeysBetween(before, upper, end - index + 1);
  const rekeys = items.slice(index, end).map((item, k): [string, string] => [item.id, keys[k + 1] ?? '']);
  return { key: keys[0] ?? '', rekeys };
}
