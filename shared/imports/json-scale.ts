/** The stance scale of an imported JSON file. */
import type { StanceLevel } from '../scale.ts';
import { isObj, type FieldReader, type Obj } from './json-fields.ts';

const LEVEL_ID = /^[a-z0-9-]{1,64}$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_SCALE_LEVELS = 50;

export function parseScale(m: Obj, { err, str }: FieldReader): StanceLevel[] {
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
  return scale;
}
