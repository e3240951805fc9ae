/** The import limits of a parsed JSON export, checked by counting before anything is validated. */
import { checkLimit, type ImportLimits } from './limits.ts';

const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);

export function checkJsonLimits(data: Record<string, unknown>, matrix: Record<string, unknown>, limits: ImportLimits): void {
  checkLimit(limits, 'parties', length(matrix.parties));
  checkLimit(limits, 'issues', length(matrix.issues));
  checkLimit(limits, 'cells', length(matrix.cells));
  let sources = 0;
  if (Array.isArray(matrix.cells)) {
    for (const cell of matrix.cells as unknown[]) {
      if (typeof cell === 'object' && cell !== null) sources += length((cell as { sources?: unknown }).sources);
    }
  }
  checkLimit(limits, 'sources', sources);
  checkLimit(limits, 'history', length(data.history));
  checkLimit(limits, 'comments', length(data.comments));
}
