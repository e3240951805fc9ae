/**
 * Evidence found from the library: suggestions for a cell (passages naming the party and the
 * issue that the cell does not cite yet) and "Find in library" for a hand-typed quote.
 */
import { anchor, type AnchorMethod } from '../../../shared/evidence/anchor.ts';
import { suggestEvidence, type Suggestion } from '../../../shared/evidence/search.ts';
import { splitWords } from '../../../shared/matrix.ts';
import type { AxisItem, Source } from '../../../shared/schema.ts';
import type { Library } from './library.svelte.ts';

/** Passages for a cell, best first; empty until the library's texts are loaded. */
export function cellSuggestions(library: Library, party: AxisItem, issue: AxisItem, sources: readonly Source[], limit = 5): Suggestion[] {
  const citedRanges = sources.flatMap((s) => (s.documentId && s.selector ? [{ documentId: s.documentId, start: s.selector.start, end: s.selector.end }] : []));
  return suggestEvidence({
    party: { name: party.name, aliases: splitWords(party.aliases) },
    issue: { name: issue.name, description: issue.description, keywords: splitWords(issue.keywords) },
    library: library.index(),
    citedRanges,
    limit,
  });
}

export interface LibraryMatch {
  documentId: string;
  start: number;
  end: number;
  method: AnchorMethod;
}

/**
 * Where a quote typed by hand occurs in the library: the best match over every document
 * (verbatim beats approximate; then the higher score), or null. Loads the texts first.
 */
export async function findInLibrary(library: Library, quote: string): Promise<LibraryMatch | null> {
  await library.loadAll();
  let best: (LibraryMatch & { score: number; errors: number }) | null = null;
  for (const d of library.documents) {
    const text = library.text(d.id);
    if (text === undefined) continue;
    const found = anchor(text, quote);
    if (!found) continue;
    const better = !best || found.errors < best.errors || (found.errors === best.errors && found.score > best.score);
    if (better) best = { documentId: d.id, start: found.start, end: found.end, method: found.method, score: found.score, errors: found.errors };
  }
  return best && { documentId: best.documentId, start: best.start, end: best.end, method: best.method };
}
