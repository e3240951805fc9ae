/**
 * What a matrix's sources say about its library: each source's verification (for the API and
 * the header count), how many sources cite each document (the library list, and what a
 * delete would orphan), and the ranges a cell already cites (left out of its suggestions).
 */
import { cellKey, type Cell, type MatrixData, type Source } from '../schema.ts';
import { verify, type Verification } from './verify.ts';

/** The text of a library document, or null when the matrix has no such document. */
export type DocumentText = (documentId: string) => string | null | undefined;

export type VerifiedSource = Source & { verification: Verification };
export type VerifiedCell = Omit<Cell, 'sources'> & { sources: VerifiedSource[] };
export type VerifiedMatrix = Omit<MatrixData, 'cells'> & { cells: VerifiedCell[] };

/** The matrix with each source's `verification` added (what GET /api/matrices/:id returns). */
export function withVerification(matrix: MatrixData, textOf: DocumentText): VerifiedMatrix {
  const texts = new Map<string, string | null>();
  const text = (id: string | undefined) => {
    if (!id) return null;
    if (!texts.has(id)) texts.set(id, textOf(id) ?? null);
    return texts.get(id) ?? null;
  };
  return { ...matrix, cells: matrix.cells.map((c) => ({ ...c, sources: c.sources.map((s) => ({ ...s, verification: verify(s, text(s.documentId)) })) })) };
}

/** Number of sources citing each document id. */
export function citationCounts(matrix: MatrixData): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of matrix.cells) for (const s of c.sources) if (s.documentId) counts.set(s.documentId, (counts.get(s.documentId) ?? 0) + 1);
  return counts;
}

/** The sources a document's deletion would orphan, with their cells. */
export function citingSources(matrix: MatrixData, documentId: string): { partyId: string; issueId: string; source: Source }[] {
  return matrix.cells.flatMap((c) =>
    c.sources.filter((s) => s.documentId === documentId).map((source) => ({ partyId: c.partyId, issueId: c.issueId, source })),
  );
}

/** The anchored ranges a cell's sources cite, for suggestEvidence's `citedRanges`. */
export function citedRanges(matrix: MatrixData, partyId: string, issueId: string): { documentId: string; start: number; end: number }[] {
  const key = cellKey(partyId, issueId);
  const cell = matrix.cells.find((c) => cellKey(c.partyId, c.issueId) === key);
  return (cell?.sources ?? []).flatMap((s) => (s.documentId && s.selector ? [{ documentId: s.documentId, start: s.selector.start, end: s.selector.end }] : []));
}

/** A passage of a document that sources cite, with who cites it (the reader's highlights). */
export interface CitedPassage {
  start: number;
  end: number;
  sources: { partyId: string; issueId: string; sourceId: string; quote: string }[];
}

/**
 * Where the sources citing `documentId` sit in its text (verified or altered: the passage they
 * were found at), one entry per distinct range, in text order. Sources not found are left out.
 */
export function citedPassages(matrix: MatrixData, documentId: string, text: string): CitedPassage[] {
  const byRange = new Map<string, CitedPassage>();
  for (const { partyId, issueId, source } of citingSources(matrix, documentId)) {
    const v = verify(source, text);
    if (v.status !== 'verified' && v.status !== 'altered') continue;
    const key = `${v.start}:${v.end}`;
    let passage = byRange.get(key);
    if (!passage) byRange.set(key, (passage = { start: v.start, end: v.end, sources: [] }));
    passage.sources.push({ partyId, issueId, sourceId: source.id, quote: source.quote });
  }
  return [...byRange.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}
