import type { TextRange } from '../../../shared/evidence/search.ts';

/**
 * The evidence drawer: closed, the library (list, add, search), or the reader of one document,
 * optionally scrolled to a passage (a search result, a suggestion, a highlight).
 */
export class EvidencePanel {
  open = $state.raw(false);
  view = $state.raw<'library' | 'reader'>('library');
  documentId = $state.raw<string | null>(null);
  /** The passage to show in the reader (scrolled to and outlined), or null. */
  passage = $state.raw<TextRange | null>(null);

  toggle(): void {
    if (this.open) this.close();
    else this.openLibrary();
  }

  openLibrary(): void {
    this.open = true;
    this.view = 'library';
  }

  openReader(documentId: string, passage: TextRange | null = null): void {
    this.open = true;
    this.view = 'reader';
    this.documentId = documentId;
    this.passage = passage;
  }

  close(): void {
    this.open = false;
  }
}
