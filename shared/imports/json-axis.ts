/** The parties and issues of an imported JSON file. */
import { ITEM_ID_PATTERN } from '../ids.ts';
import { cleanName, nameKey } from '../matrix.ts';
import type { AxisItem, AxisKind } from '../schema.ts';
import { isObj, validOrderKey, type FieldReader, type Obj } from './json-fields.ts';

/** The valid items, and every well-formed id (so a bad name is not reported again on each cell). */
export function parseAxis(m: Obj, kind: AxisKind, { err, str, clean }: FieldReader): { items: AxisItem[]; seen: Set<string> } {
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
}
