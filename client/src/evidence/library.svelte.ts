import type * as Y from 'yjs';
import type { DocumentIndexEntry } from '../../../shared/schema.ts';
import { LibraryIndex, type PassageHit } from '../../../shared/evidence/search.ts';
import { documentsMap, readDocumentIndex } from '../../../shared/evidence/library-index.ts';
import { LibraryError } from './library-api.ts';

export type LibraryEntry = DocumentIndexEntry & { id: string };

/** Fetches a document's text; null when the library no longer has it. */
export type TextLoader = (documentId: string) => Promise<string | null>;

/**
 * One matrix's library on this page: the documents listed live from the Y.Doc's `documents`
 * index (the server writes it), and their texts, fetched on demand, cached, and indexed for
 * search. Texts never change once added, so a cached text is never stale; a document that
 * leaves the index leaves the cache and the search index too.
 */
export class Library {
  documents = $state.raw<LibraryEntry[]>([]);
  /** Bumped whenever a text arrives or leaves: readers of texts re-read. */
  textsVersion = $state.raw(0);
  #texts = new Map<string, string>();
  #loading = new Map<string, Promise<string | null>>();
  /** Built on the first search (not on load: most page opens never search). */
  #index: LibraryIndex | null = null;
  #listeners = new Set<() => void>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly loader: TextLoader,
  ) {
    this.documents = readDocumentIndex(doc);
    documentsMap(doc).observe(() => this.#refresh());
  }

  #refresh(): void {
    this.documents = readDocumentIndex(this.doc);
    const ids = new Set(this.documents.map((d) => d.id));
    let dropped = false;
    for (const id of [...this.#texts.keys()]) {
      if (ids.has(id)) continue;
      this.#texts.delete(id);
      this.#index?.remove(id);
      dropped = true;
    }
    if (dropped) this.textsVersion++;
    this.#changed();
  }

  /** Called after the list or the loaded texts change (for state outside Svelte's graph). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  entry(id: string | undefined): LibraryEntry | undefined {
    return id === undefined ? undefined : this.documents.find((d) => d.id === id);
  }

  /** The text if loaded (reactive), else undefined; see `load`. */
  text(id: string): string | undefined {
    void this.textsVersion;
    return this.#texts.get(id);
  }

  /** Is this document in the index? (A source may cite one that was deleted.) */
  has(id: string): boolean {
    return this.documents.some((d) => d.id === id);
  }

  /** Fetches a text once (concurrent callers share the request); null if the library lacks it. */
  load(id: string): Promise<string | null> {
    const cached = this.#texts.get(id);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.#loading.get(id);
    if (!pending) {
      pending = this.loader(id)
        .then((text) => {
          if (text !== null && this.has(id)) {
            this.#texts.set(id, text);
            if (this.#index) this.#indexText(this.#index, id, text);
            this.textsVersion++;
            this.#changed();
          }
          return text;
        })
        .catch((err: unknown) => {
          if (err instanceof LibraryError && err.status === 404) return null;
          throw err;
        })
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, pending);
    }
    return pending;
  }

  /** Loads every listed document's text (search and suggestions look through all of them). */
  async loadAll(): Promise<void> {
    await Promise.all(this.documents.map((d) => this.load(d.id)));
  }

  /** True when every listed document's text is here (reactive). */
  get complete(): boolean {
    void this.textsVersion;
    return this.documents.every((d) => this.#texts.has(d.id));
  }

  /** The search index over the loaded texts (reactive through textsVersion). */
  index(): LibraryIndex {
    void this.textsVersion;
    if (!this.#index) {
      const index = (this.#index = new LibraryIndex());
      for (const [id, text] of this.#texts) this.#indexText(index, id, text);
    }
    return this.#index;
  }

  #indexText(index: LibraryIndex, id: string, text: string): void {
    index.add({ id, title: this.entry(id)?.title ?? '', text });
  }

  /** Passages matching the words, best first (only loaded texts). */
  search(query: string, options: { documentId?: string; limit?: number } = {}): PassageHit[] {
    if (!query.trim()) return [];
    return this.index().search(query, options);
  }
}
