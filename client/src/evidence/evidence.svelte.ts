import { defineContext } from '../lib/context.ts';
import type { MatrixStore } from '../matrix/matrix-store.svelte.ts';
import { fetchDocument } from './library-api.ts';
import { Library, type TextLoader } from './library.svelte.ts';
import { EvidencePanel } from './panel.svelte.ts';
import type { QuoteDraft } from './quote-draft.svelte.ts';
import { Verifications } from './verification.svelte.ts';

/**
 * The evidence layer of one matrix page: the library, every source's verification, the
 * drawer (library or reader) and the open "Quote in cell…" draft.
 */
export class Evidence {
  readonly library: Library;
  readonly verifications: Verifications;
  readonly panel = new EvidencePanel();
  /** The quote dialog's draft while it is open. */
  quote = $state.raw<QuoteDraft | null>(null);

  constructor(
    readonly store: MatrixStore,
    loader?: TextLoader,
  ) {
    const load: TextLoader = loader ?? (async (id) => (await fetchDocument(store.id, id, store.access.token)).text);
    this.library = new Library(store.session.doc, load);
    this.verifications = new Verifications(store.session.doc, this.library);
  }

  destroy(): void {
    this.verifications.destroy();
  }
}

export const evidenceContext = defineContext<Evidence>('evidence');
