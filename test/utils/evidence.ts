/** GET /api/matrices/:id adds each source's `verification` and a summary: compare the matrix itself without them. */
export function withoutEvidence<T>(matrix: T): T {
  const { verification: _v, ...rest } = matrix as T & { verification?: unknown; cells?: { sources: { verification?: unknown }[] }[] };
  const cells = (rest as { cells?: { sources: { verification?: unknown }[] }[] }).cells;
  if (!cells) return rest as T;
  return {
    ...rest,
    cells: cells.map((c) => ({ ...c, sources: c.sources.map(({ verification: _s, ...s }) => s) })),
  } as T;
}
