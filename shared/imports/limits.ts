/**
 * Bounds on what one import may hold. A file past any of them is refused before it is
 * built, with an ImportLimitError the server maps to 413 (bytes) or 422 (the rest).
 * Sized for real work (the demo is 8 parties × 12 issues; a large study 60 × 80), far
 * below what would stall a server.
 */
export const IMPORT_LIMITS = {
  /** Size of the file (the server counts bytes; parsers count UTF-16 units, never more). */
  bytes: 10 * 1024 * 1024,
  /** CSV records after the header row. */
  rows: 20_000,
  parties: 500,
  issues: 500,
  /** Cells holding a stance, a note or a source. */
  cells: 100_000,
  sources: 50_000,
  /** JSON only: history entries and comments. */
  history: 100_000,
  comments: 100_000,
} as const;

export type ImportLimit = keyof typeof IMPORT_LIMITS;
export type ImportLimits = { readonly [K in ImportLimit]: number };

const WHAT: Record<ImportLimit, string> = {
  bytes: 'characters',
  rows: 'rows',
  parties: 'parties',
  issues: 'issues',
  cells: 'filled cells',
  sources: 'sources',
  history: 'history entries',
  comments: 'comments',
};

/** An import past one of the limits. `status` is the HTTP status to answer with. */
export class ImportLimitError extends Error {
  readonly code = 'import-too-large';
  readonly status: 413 | 422;
  constructor(
    readonly limit: ImportLimit,
    readonly max: number,
  ) {
    super(
      limit === 'bytes'
        ? `The file is larger than ${formatBytes(max)}; split it into smaller files.`
        : `The file has more than ${max.toLocaleString('en-US')} ${WHAT[limit]} (the most one import may hold); split it into smaller files.`,
    );
    this.name = 'ImportLimitError';
    this.status = limit === 'bytes' ? 413 : 422;
  }
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n.toLocaleString('en-US')} bytes`;
}

/** Throws once `count` is past the limit. */
export function checkLimit(limits: ImportLimits, limit: ImportLimit, count: number): void {
  if (count > limits[limit]) throw new ImportLimitError(limit, limits[limit]);
}
