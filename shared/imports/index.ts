/**
 * Imports: parseImport validates a whole file into a plan (or lists every problem, with line
 * and field) before anything is written; applyImport then writes the plan into an empty doc.
 */
import { parseCsvImport } from './csv.ts';
import { parseJsonImport } from './json.ts';
import type { ImportKind, ImportOptions, ImportResult } from './types.ts';

export { applyImport, ImportTargetNotEmptyError } from './apply.ts';
export { DEFAULT_IMPORT_TITLE, stanceLookup } from './csv.ts';
export * from './types.ts';

export function parseImport(text: string, kind: ImportKind, options: ImportOptions = {}): ImportResult {
  return kind === 'json' ? parseJsonImport(text, options) : parseCsvImport(text, options);
}
