/** Reading the fields of an imported JSON file: each problem reported with its path, never a throw. */
import { generateKeyBetween } from 'fractional-indexing';
import { unlessRefused } from '../errors.ts';
import { MAX_TEXT_LENGTH } from '../matrix.ts';
import { orderKey } from '../doc-rules.ts';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reports a problem of the file at a field path ("matrix.cells[3].stance"). */
export type Report = (field: string, message: string) => void;

export /** A fractional-indexing key, or "" (meaning: append). */
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

export function validTimestamp(text: string): boolean {
  return text === '' || (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)));
}

export interface FieldReader {
  err: Report;
  /** A string field of `o`, or undefined after reporting why not. */
  str: (o: Obj, key: string, path: string, options?: { required?: boolean; max?: number }) => string | undefined;
  /** What `fn` returns, or undefined after reporting its MatrixError at `path`. */
  clean: <T>(path: string, fn: () => T) => T | undefined;
}

export function fieldReader(err: Report): FieldReader {
  const str: FieldReader['str'] = (o, key, path, { required = true, max = MAX_TEXT_LENGTH } = {}) => {
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
  const clean = <T>(path: string, fn: () => T): T | undefined =>
    unlessRefused(fn, (message) => {
      err(path, message);
      return undefined;
    });
  return { err, str, clean };
}
