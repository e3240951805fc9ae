import { MatrixError } from '../../../shared/errors.ts';
import { cleanDate, cleanLink } from '../../../shared/matrix.ts';
import type { SourceFields } from '../../../shared/schema.ts';
import { userMessage } from '../lib/errors.ts';

/** Which field a model error is about, so the form can mark it. */
function fieldOf(err: unknown): keyof SourceFields | null {
  if (!(err instanceof MatrixError)) return null;
  return err.code === 'invalid-link' ? 'link' : err.code === 'invalid-date' ? 'date' : err.code === 'invalid-quote' ? 'quote' : null;
}

/** The draft of one source form: its fields, and the error of the last attempt to save it. */
export class SourceDraft {
  fields = $state<SourceFields>({ quote: '', speaker: '', document: '', date: '', link: '' });
  error = $state.raw<{ field: keyof SourceFields | null; message: string } | null>(null);

  constructor(initial?: SourceFields) {
    if (initial) this.fields = { quote: initial.quote, speaker: initial.speaker, document: initial.document, date: initial.date, link: initial.link };
  }

  /**
   * Validates (so a bad link never reaches the doc and the message names the field), then saves
   * with `save`, which may throw a MatrixError too. True when saved.
   */
  submit(save: (fields: SourceFields) => void): boolean {
    const fields = { ...this.fields };
    try {
      if (!fields.quote.trim()) throw new MatrixError('invalid-quote', 'A source needs a quote.');
      cleanLink(fields.link);
      cleanDate(fields.date);
      save(fields);
    } catch (err) {
      this.error = { field: fieldOf(err), message: userMessage(err) };
      return false;
    }
    this.error = null;
    return true;
  }

  clear(): void {
    this.fields = { quote: '', speaker: '', document: '', date: '', link: '' };
  }

  /** aria-invalid for a field. */
  invalid(field: keyof SourceFields): 'true' | undefined {
    return this.error?.field === field ? 'true' : undefined;
  }
}
