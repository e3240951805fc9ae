/** What both CSV layouts share: the plan's meta, column letters and the pausing context. */
import { cleanName } from '../matrix.ts';
import { SCHEMA_VERSION } from '../schema.ts';
import { unlessRefused } from '../errors.ts';
import type { IssueList, ImportOptions } from './types.ts';
import type { ImportLimits } from './limits.ts';

export const DEFAULT_IMPORT_TITLE = 'Imported matrix';

/** Column letters as spreadsheets show them: 1 -> A, 27 -> AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export interface Context {
  limits: ImportLimits;
  /** True when a chunk of rows is done and the steps should pause. */
  tick: () => boolean;
}

export function planMeta(options: ImportOptions, issues: IssueList): { schemaVersion: number; title: string; description: string; createdAt: string } {
  const title = unlessRefused(
    () => cleanName(options.title ?? DEFAULT_IMPORT_TITLE, 'Title'),
    (message) => {
      issues.add({ field: 'title', message });
      return DEFAULT_IMPORT_TITLE;
    },
  );
  return { schemaVersion: SCHEMA_VERSION, title, description: '', createdAt: (options.now ?? new Date()).toISOString() };
}
