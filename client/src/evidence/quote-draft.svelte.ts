import { makeSelector } from '../../../shared/evidence/selector.ts';
import { suggestSpeaker } from '../../../shared/evidence/speaker.ts';
import { MatrixError } from '../../../shared/errors.ts';
import type { QuoteSelector, SourceKind } from '../../../shared/schema.ts';
import { userMessage } from '../lib/errors.ts';
import type { MatrixActions } from '../matrix/matrix-actions.ts';
import type { LibraryEntry } from './library.svelte.ts';

export interface QuoteTarget {
  partyId: string | null;
  issueId: string | null;
}

/**
 * "Quote in cell…": a selection of a library document on its way to becoming a source. The
 * quote is the exact selection (never edited here: what is saved is what the document says);
 * the speaker is suggested from the sentence and editable; the cell, kind and speaker are the
 * person's choice. Saving never sets a stance.
 */
export class QuoteDraft {
  partyId = $state.raw<string>('');
  issueId = $state.raw<string>('');
  speaker = $state.raw('');
  kind = $state.raw<SourceKind>('direct');
  /** Where the speaker suggestion was read from ("Kremlin spokesman Dmitry Peskov said"), or "". */
  readonly speakerEvidence: string;
  readonly selector: QuoteSelector;
  error = $state.raw<string | null>(null);

  constructor(
    readonly document: LibraryEntry,
    text: string,
    start: number,
    end: number,
    target: QuoteTarget,
  ) {
    // Whitespace at the edges of a mouse selection is never part of what was said.
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    this.selector = makeSelector(text, start, end);
    // A selection that includes "Rubio said" names its own speaker; otherwise look around it.
    const within = suggestSpeaker(text, end - 1, end - 1);
    const quoted = text.slice(start, end);
    const suggestion = within && quoted.includes(within.evidence) ? within : (suggestSpeaker(text, start, end) ?? within);
    this.speaker = suggestion?.speaker ?? '';
    this.speakerEvidence = suggestion?.evidence ?? '';
    this.partyId = target.partyId ?? '';
    this.issueId = target.issueId ?? '';
  }

  get quote(): string {
    return this.selector.exact;
  }

  /** Adds the source; its id, or null with `error` set. */
  save(actions: MatrixActions, addedBy: string): string | null {
    try {
      if (!this.partyId || !this.issueId) throw new MatrixError('not-found', 'Choose the party and the issue of the cell to quote into.');
      const { document: doc } = this;
      const id = actions.addAnchoredSource(
        this.partyId,
        this.issueId,
        { quote: this.quote, speaker: this.speaker, document: doc.title, date: /^\d{4}-\d{2}-\d{2}$/.test(doc.date) ? doc.date : '', link: doc.url },
        { documentId: doc.id, selector: this.selector, kind: this.kind },
        addedBy,
      );
      this.error = null;
      return id;
    } catch (err) {
      this.error = userMessage(err);
      return null;
    }
  }
}
