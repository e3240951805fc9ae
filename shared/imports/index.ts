/**
 * Imports: parseImport validates a whole file into a plan (or lists every problem, with line
 * and field) before anything is written; applyImport then writes the plan into an empty doc.
 * Both refuse a file past IMPORT_LIMITS with an ImportLimitError (413 for bytes, else 422).
 * The *Chunked variants pause between chunks of rows so a server keeps serving other rooms.
 */
import { csvImportSteps, parseCsvImport } from './csv.ts';
import { parseJsonImport } from './json.ts';
import { runChunked, type ChunkOptions } from './steps.ts';
import type { ImportKind, ImportOptions, ImportResult } from './types.ts';

export { applyImport, applyImportChunked, applyImportSteps, ImportTargetNotEmptyError } from './apply.ts';
export { DEFAULT_IMPORT_TITLE } from './csv-plan.ts';
export { stanceLookup } from './csv-stances.ts';
export { IMPORT_LIMITS, ImportLimitError, type ImportLimit, type ImportLimits } from './limits.ts';
export { runChunked, runSync, type ChunkOptions } from './steps.ts';
export * from './types.ts';

export function parseImport(text: string, kind: ImportKind, options: ImportOptions = {}): ImportResult {
  return kind === 'json' ? parseJsonImport(text, options) : parseCsvImport(text, options);
}

/**
 * parseImport, pausing every `yieldEvery` rows of a CSV. A JSON file is one JSON.parse (linear,
 * and bounded by the byte limit) followed by a linear check, so it pauses only before it.
 */
export async function parseImportChunked(text: string, kind: ImportKind, options: ImportOptions = {}, chunk: ChunkOptions = {}): Promise<ImportResult> {
  const pause = chunk.yield ?? (() => Promise.resolve());
  if (kind === 'json') {
    await pause();
    return parseJsonImport(text, options);
  }
  return runChunked(csvImportSteps(text, options, chunk.yieldEvery), pause);
}
