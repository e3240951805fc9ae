/**
 * Full-text search over a library's passages (minisearch), and evidence suggestions for a
 * cell: passages that mention the party (name or an alias) and the issue (name, keywords,
 * description) in the same sentence, not yet cited in that cell. Results are passages with
 * the matched words' ranges; a suggestion is only a pointer to evidence and never implies a
 * stance.
 */
import MiniSearch from 'minisearch';
import { foldChar } from './normalise.ts';
import { sentences, type Passage } from './passages.ts';

export interface LibraryDocument {
  id: string;
  title: string;
  text: string;
}

/** A range of the document's text (UTF-16 offsets). */
export interface TextRange {
  start: number;
  end: number;
}

export interface PassageHit extends Passage {
  documentId: string;
  score: number;
  /** Ranges of the matched words, as offsets into the document's text. */
  highlights: TextRange[];
}

interface IndexedPassage extends Passage {
  id: string;
  documentId: string;
}

/** Words (letters and digits, with inner apostrophes or hyphens), with their offsets. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Lower case, typographic apostrophes folded, a possessive "'s" dropped: "Russia’s" → "russia". */
export function processTerm(term: string): string | null {
  const folded = Array.from(term.toLowerCase(), foldChar).join('').replace(/'s$/, '');
  return folded.length > 1 ? folded : null;
}

interface Word {
  term: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const term = processTerm(m[0]);
    if (term) out.push({ term, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export interface SearchOptions {
  limit?: number;
  /** Only passages of this document (search within the reader). */
  documentId?: string;
}

/** The library's sentences, indexed for search. Add and remove documents as the library changes. */
export class LibraryIndex {
  private search_ = new MiniSearch<IndexedPassage>({
    fields: ['text'],
    storeFields: ['documentId', 'start', 'end', 'text'],
    tokenize: (text) => text.match(WORD) ?? [],
    processTerm,
  });
  private byDocument = new Map<string, IndexedPassage[]>();
  /** Passages' words, tokenised once: suggestions read all of them for every cell opened. */
  private words_ = new Map<string, Word[]>();

  constructor(documents: Iterable<LibraryDocument> = []) {
    for (const d of documents) this.add(d);
  }

  add(document: LibraryDocument): void {
    this.remove(document.id);
    const list = sentences(document.text).map((p) => ({ ...p, id: `${document.id}:${p.start}`, documentId: document.id }));
    this.byDocument.set(document.id, list);
    this.search_.addAll(list);
  }

  remove(documentId: string): void {
    const list = this.byDocument.get(documentId);
    if (!list) return;
    this.search_.removeAll(list);
    this.byDocument.delete(documentId);
    for (const p of list) this.words_.delete(p.id);
  }

  /** A passage's words (see `words`). */
  wordsOf(passage: IndexedPassage): Word[] {
    let list = this.words_.get(passage.id);
    if (!list) this.words_.set(passage.id, (list = words(passage.text)));
    return list;
  }

  /** Every indexed passage, document by document. */
  passages(): IndexedPassage[] {
    return [...this.byDocument.values()].flat();
  }

  /** Passages matching all the query's words (prefixes and small typos allowed), best first. */
  search(query: string, options: SearchOptions = {}): PassageHit[] {
    const results = this.search_.search(query, {
      combineWith: 'AND',
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      filter: options.documentId ? (r) => r.documentId === options.documentId : undefined,
    });
    return results.slice(0, options.limit ?? 20).map((r) => {
      const passage = { documentId: r.documentId as string, start: r.start as number, end: r.end as number, text: r.text as string };
      const matched = new Set(r.terms);
      const highlights = words(passage.text)
        .filter((w) => matched.has(w.term))
        .map((w) => ({ start: passage.start + w.start, end: passage.start + w.end }));
      return { ...passage, score: r.score, highlights };
    });
  }
}

// ---------- suggestions ----------

export interface SuggestionQuery {
  /** The party: its name and aliases ("Kremlin", "Moscow", "Peskov" for Russia). */
  party: { name: string; aliases?: readonly string[] };
  /** The issue: its name, description and keywords. */
  issue: { name: string; description?: string; keywords?: readonly string[] };
  /** The library, as an index (reused across cells) or as documents. */
  library: LibraryIndex | readonly LibraryDocument[];
  /** What the cell's sources already cite: passages overlapping these are left out. */
  citedRanges?: readonly (TextRange & { documentId: string })[];
  limit?: number;
}

export interface Suggestion extends PassageHit {
  /** Ranges of the party's and the issue's words in the document's text. */
  partyHighlights: TextRange[];
  issueHighlights: TextRange[];
  /** The names and issue words found, as written in the passage. */
  matched: { party: string[]; issue: string[] };
}

const STOPWORDS = new Set(
  'the a an and or of for to in on at by with from as is are was were be been its it this that these those any all some into over under after before about between their his her our your not no than then there here what which who whom how when where why'.split(
    ' ',
  ),
);

/** A term whose passages are more than this share of the library says little about the issue. */
const COMMON_SHARE = 0.25;

/**
 * Passages mentioning the party and the issue, ranked: rarer issue words count more (idf),
 * the issue's name and keywords more than its description, and each further mention of the
 * party a little. A passage qualifies with one distinctive name or keyword, or two issue words.
 */
export function suggestEvidence(query: SuggestionQuery): Suggestion[] {
  const index = query.library instanceof LibraryIndex ? query.library : new LibraryIndex(query.library);
  const passages = index.passages();
  const partyPatterns = [query.party.name, ...(query.party.aliases ?? [])]
    .map((t) => t.trim())
    .filter(Boolean)
    .map(namePattern);
  const strong = issueTerms([query.issue.name, ...(query.issue.keywords ?? [])].join(' '));
  const weak = issueTerms(query.issue.description ?? '').filter((t) => !strong.includes(t));
  const partyWords = new Set([query.party.name, ...(query.party.aliases ?? [])].flatMap((t) => words(t).map((w) => w.term)));
  const terms = [...strong.map((stem) => ({ stem, weight: 3 })), ...weak.map((stem) => ({ stem, weight: 1 }))].filter((t) => !partyWords.has(t.stem));

  const tokens = new Map(passages.map((p) => [p.id, index.wordsOf(p)]));
  const df = new Map<string, number>();
  for (const list of tokens.values()) {
    for (const stem of new Set(terms.flatMap((t) => (list.some((w) => w.term.startsWith(t.stem)) ? [t.stem] : [])))) df.set(stem, (df.get(stem) ?? 0) + 1);
  }
  const n = Math.max(1, passages.length);
  const cited = query.citedRanges ?? [];

  const out: Suggestion[] = [];
  for (const p of passages) {
    if (cited.some((c) => c.documentId === p.documentId && c.start < p.end && p.start < c.end)) continue;
    const partyHighlights: TextRange[] = [];
    for (const pattern of partyPatterns) {
      for (const m of p.text.matchAll(pattern)) partyHighlights.push({ start: p.start + m.index, end: p.start + m.index + m[0].length });
    }
    if (partyHighlights.length === 0) continue;
    const found = new Map<string, { weight: number; ranges: TextRange[] }>();
    for (const w of tokens.get(p.id) ?? []) {
      const term = terms.find((t) => w.term.startsWith(t.stem));
      if (!term) continue;
      const entry = found.get(term.stem) ?? { weight: term.weight, ranges: [] };
      entry.ranges.push({ start: p.start + w.start, end: p.start + w.end });
      found.set(term.stem, entry);
    }
    const distinctive = [...found.entries()].some(([stem, f]) => f.weight > 1 && (df.get(stem) ?? 0) / n <= COMMON_SHARE);
    if (!distinctive && found.size < 2) continue;
    let score = 0;
    for (const [stem, f] of found) score += f.weight * Math.log(1 + n / (df.get(stem) ?? 1));
    score += 0.5 * Math.min(partyHighlights.length, 4);
    const issueHighlights = [...found.values()].flatMap((f) => f.ranges).sort((a, b) => a.start - b.start);
    const slice = (r: TextRange) => p.text.slice(r.start - p.start, r.end - p.start);
    out.push({
      documentId: p.documentId,
      start: p.start,
      end: p.end,
      text: p.text,
      score,
      highlights: [...partyHighlights, ...issueHighlights].sort((a, b) => a.start - b.start),
      partyHighlights: partyHighlights.sort((a, b) => a.start - b.start),
      issueHighlights,
      matched: { party: [...new Set(partyHighlights.map(slice))], issue: [...new Set(issueHighlights.map(slice))] },
    });
  }
  return out.sort((a, b) => b.score - a.score || a.documentId.localeCompare(b.documentId) || a.start - b.start).slice(0, query.limit ?? 10);
}

/** Stems of an issue's significant words: "Guarantees for Ukraine" → ["guarantee", "ukraine"]. */
function issueTerms(text: string): string[] {
  const out = new Set<string>();
  for (const { term } of words(text)) {
    if (STOPWORDS.has(term) || term.length < 3 || /^\d+$/.test(term)) continue;
    out.add(stem(term));
  }
  return [...out];
}

/** A crude stem, enough to match "sanction"/"sanctions", "guarantee"/"guarantees"/"guaranteed". */
function stem(term: string): string {
  const cut = term.replace(/(?:ies|es|s|ed|ing)$/, '');
  return cut.length >= 4 ? cut : term;
}

/**
 * A party name or alias as a pattern: whole words, any case, with a possessive or a short
 * ending ("Russia" finds "Russian", "Russia’s"); short all-capital aliases ("US", "EU") match
 * exactly and in capitals only, so "US" never finds "use".
 */
function namePattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  if (name.length <= 3 && name === name.toUpperCase()) return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:\\p{L}{0,2}|['’]s)(?![\\p{L}\\p{N}])`, 'giu');
}
