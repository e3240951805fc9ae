/**
 * Records kept by id in a Y.Map, each naming its cell key (sources, positions, comments): the
 * look-up by id, the grouping by cell and the deleting of a cell's records that they all need.
 */
import type * as Y from 'yjs';
import { MatrixError } from './errors.ts';

/** The record `id` of `map`, which `is` accepts; else a not-found MatrixError: "That <what> no longer exists." */
export function existingRecord<V, S extends V>(map: Y.Map<V>, id: string, is: (v: V | undefined) => v is S, what: string): S {
  const stored = map.get(id);
  if (!is(stored)) throw new MatrixError('not-found', `That ${what} no longer exists.`);
  return stored;
}

/** The records `is` accepts, each made a value by `read`, grouped by cell key, each list sorted by `order`. */
export function groupByCell<V, S extends V & { cell: string }, T>(
  map: Y.Map<V>,
  is: (v: V) => v is S,
  read: (stored: S, id: string) => T,
  order: (a: T, b: T) => number,
): Map<string, T[]> {
  const byCell = new Map<string, T[]>();
  map.forEach((stored, id) => {
    if (!is(stored)) return;
    let list = byCell.get(stored.cell);
    if (!list) byCell.set(stored.cell, (list = []));
    list.push(read(stored, id));
  });
  for (const list of byCell.values()) list.sort(order);
  return byCell;
}

/** Deletes the records of every cell `belongs` accepts, and the same ids from `companions`. Call inside a transaction. */
export function deleteCellRecords<V, S extends V & { cell: string }>(
  map: Y.Map<V>,
  is: (v: V) => v is S,
  belongs: (cell: string) => boolean,
  companions: readonly Pick<Y.Map<unknown>, 'delete'>[] = [],
): void {
  for (const [id, stored] of [...map.entries()]) {
    if (is(stored) && belongs(stored.cell)) {
      map.delete(id);
      for (const other of companions) other.delete(id);
    }
  }
}
