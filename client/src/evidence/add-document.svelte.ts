import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MATRIX } from '../../../shared/evidence/limits.ts';
import { userMessage } from '../lib/errors.ts';
import { LibraryError, addDocument, extractFile, type DocumentMeta } from './library-api.ts';

export const ACCEPTED_FILES = '.txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf';

/**
 * Adding one document: pasted text, or an uploaded file read by the server (extract: text and
 * metadata prefilled, nothing stored); the person checks the metadata, then saves. Errors
 * (too large, too many, duplicate, unreadable) are kept in words, with the duplicate's id.
 */
export class DocumentDraft {
  meta = $state<DocumentMeta>({ title: '', outlet: '', author: '', date: '', url: '' });
  text = $state.raw('');
  /** The uploaded file's name and format, once extracted. */
  file = $state.raw<{ name: string; format: string } | null>(null);
  busy = $state.raw(false);
  error = $state.raw<string | null>(null);
  /** A duplicate's id (409 duplicate-document), to open it instead. */
  duplicateOf = $state.raw<string | null>(null);

  constructor(
    private readonly matrixId: string,
    private readonly token: () => string | null,
  ) {}

  get chars(): number {
    return this.text.length;
  }

  async extract(file: File): Promise<void> {
    this.#reset();
    if (file.size > 2 * MAX_DOCUMENT_BYTES + 64 * 1024) {
      this.error = `${file.name} is larger than the upload limit (${Math.round((2 * MAX_DOCUMENT_BYTES) / 1024 / 1024)} MiB).`;
      return;
    }
    await this.#run(async () => {
      const got = await extractFile(this.matrixId, file, this.token());
      this.text = got.text;
      this.meta = { title: got.title || file.name.replace(/\.[^.]+$/, ''), outlet: got.outlet, author: got.author, date: got.date, url: got.url };
      this.file = { name: file.name, format: got.format };
    });
  }

  /** Saves the document; its id, or null with `error` set. */
  async save(addedBy: string, count: number): Promise<string | null> {
    this.#reset();
    if (!this.meta.title.trim()) this.error = 'Give the document a title.';
    else if (!this.text.trim()) this.error = 'Paste the document’s text, or upload a file.';
    else if (new TextEncoder().encode(this.text).length > MAX_DOCUMENT_BYTES)
      this.error = 'This text is larger than 2 MiB. Split it, or add only the part you quote.';
    else if (count >= MAX_DOCUMENTS_PER_MATRIX) this.error = `The library is full: a matrix holds at most ${MAX_DOCUMENTS_PER_MATRIX} documents.`;
    if (this.error) return null;
    let id: string | null = null;
    await this.#run(async () => {
      const meta = Object.fromEntries(Object.entries(this.meta).map(([k, v]) => [k, v.trim()])) as unknown as DocumentMeta;
      id = (await addDocument(this.matrixId, { ...meta, text: this.text, addedBy }, this.token())).id;
    });
    return id;
  }

  #reset(): void {
    this.error = null;
    this.duplicateOf = null;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (err) {
      this.error = userMessage(err);
      if (err instanceof LibraryError && err.code === 'duplicate-document') this.duplicateOf = err.existingId ?? null;
    } finally {
      this.busy = false;
    }
  }
}
