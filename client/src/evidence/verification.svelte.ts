import type * as Y from 'yjs';
import { readSourcesByCell, sourcesMap } from '../../../shared/matrix.ts';
import { parseCellKey, type Source } from '../../../shared/schema.ts';
import { verify, type Verification } from '../../../shared/evidence/verify.ts';
import type { CitedRange, VerificationSummary } from '../../../shared/api.ts';
import type { Library } from './library.svelte.ts';

/** A source's status here: computed, or `pending` while its document's text is on its way. */
export type SourceCheck = Verification | { status: 'pending' };

const EMPTY_SUMMARY: VerificationSummary = { total: 0, verified: 0, altered: 0, notFound: 0, noDocument: 0 };

/**
 * Every source's verification, computed in this browser from the doc's sources and the
 * library's texts with shared `verify`: an edited quote (anyone's) turns altered or not found
 * at the next transaction, with no server round trip. Results are cached by what they depend
 * on (document, quote, selector), so a keystroke re-checks one source, not the matrix.
 */
export class Verifications {
  summary = $state.raw<VerificationSummary & { pending: number }>({ ...EMPTY_SUMMARY, pending: 0 });
  /** Bumped after each recompute (readers of `of` and `citedIn` re-read). */
  version = $state.raw(0);
  #results = new Map<string, SourceCheck>();
  #cellOf = new Map<string, string>();
  #cache = new Map<string, Verification>();
  /** Cells holding a source that is not verified (altered, not found, no document). */
  #unverifiedKeys = new Set<string>();
  #scheduled = false;
  #stop: (() => void)[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly library: Library,
  ) {
    const schedule = () => this.#schedule();
    sourcesMap(doc).observe(schedule);
    this.#stop.push(() => sourcesMap(doc).unobserve(schedule), library.onChange(schedule));
    this.recompute();
  }

  of(sourceId: string): SourceCheck | undefined {
    void this.version;
    return this.#results.get(sourceId);
  }

  /** Keys of the cells holding a source that is not verified (reactive through `version`). */
  unverifiedKeys(): ReadonlySet<string> {
    void this.version;
    return this.#unverifiedKeys;
  }

  /** The passages of a document that sources cite (verified or altered), in text order. */
  citedIn(documentId: string): CitedRange[] {
    void this.version;
    const byRange = new Map<string, CitedRange>();
    for (const [sourceId, check] of this.#results) {
      if (check.status !== 'verified' && check.status !== 'altered') continue;
      const source = this.#sources.get(sourceId);
      const key = this.#cellOf.get(sourceId);
      const cell = key ? parseCellKey(key) : null;
      if (!source || source.documentId !== documentId || !cell) continue;
      const { partyId, issueId } = cell;
      const range = `${check.start}:${check.end}`;
      let cited = byRange.get(range);
      if (!cited) byRange.set(range, (cited = { start: check.start, end: check.end, sources: [] }));
      cited.sources.push({ partyId, issueId, sourceId, quote: source.quote });
    }
    return [...byRange.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The sources citing a document, with their cells (what deleting it would orphan). */
  citing(documentId: string): { partyId: string; issueId: string; sourceId: string; quote: string }[] {
    void this.version;
    const out: { partyId: string; issueId: string; sourceId: string; quote: string }[] = [];
    for (const [sourceId, s] of this.#sources) {
      const key = this.#cellOf.get(sourceId);
      const cell = key ? parseCellKey(key) : null;
      if (s.documentId !== documentId || !cell) continue;
      out.push({ ...cell, sourceId, quote: s.quote });
    }
    return out;
  }

  /** How many sources cite each document. */
  citations(documentId: string): number {
    void this.version;
    let n = 0;
    for (const s of this.#sources.values()) if (s.documentId === documentId) n++;
    return n;
  }

  #sources = new Map<string, Source>();

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.recompute();
    });
  }

  /** Re-checks every source (cheap for unchanged ones: cached). Public for tests. */
  recompute(): void {
    const results = new Map<string, SourceCheck>();
    const sources = new Map<string, Source>();
    const cellOf = new Map<string, string>();
    const unverified = new Set<string>();
    const summary = { ...EMPTY_SUMMARY, pending: 0 };
    const cache = new Map<string, Verification>();
    for (const [key, list] of readSourcesByCell(this.doc)) {
      for (const source of list) {
        const check = this.#check(source, cache);
        results.set(source.id, check);
        sources.set(source.id, source);
        cellOf.set(source.id, key);
        summary.total++;
        if (check.status === 'verified') summary.verified++;
        else if (check.status === 'pending') summary.pending++;
        else {
          unverified.add(key);
          if (check.status === 'altered') summary.altered++;
          else if (check.status === 'not-found') summary.notFound++;
          else summary.noDocument++;
        }
      }
    }
    this.#cache = cache;
    this.#results = results;
    this.#sources = sources;
    this.#cellOf = cellOf;
    this.#unverifiedKeys = unverified;
    this.summary = summary;
    this.version++;
  }

  #check(source: Source, cache: Map<string, Verification>): SourceCheck {
    const id = source.documentId;
    if (!id || !this.library.has(id)) return { status: 'no-document' };
    const text = this.library.text(id);
    if (text === undefined) {
      this.library.load(id).catch(() => undefined);
      return { status: 'pending' };
    }
    const key = JSON.stringify([id, source.quote, source.selector ?? null]);
    const result = this.#cache.get(key) ?? cache.get(key) ?? verify(source, text);
    cache.set(key, result);
    return result;
  }

  destroy(): void {
    for (const stop of this.#stop) stop();
    this.#stop = [];
  }
}
