import type * as Y from 'yjs';
import { notesMap } from '../../../shared/matrix.ts';
import { carryOverNote, editNote, noteText, openNoteText, recordNoteChange } from '../../../shared/notes.ts';
import { LOCAL_ORIGIN } from '../../../shared/origins.ts';
import { cellKey } from '../../../shared/schema.ts';
import { mapPosition, textEdit, type DeltaOp } from '../../../shared/text-diff.ts';

/** History is written once typing pauses this long (and at blur), not per keystroke. */
export const NOTE_HISTORY_PAUSE_MS = 2000;

export interface NoteBindingHooks {
  /** The text shown changed (local or remote). */
  ontext: (text: string) => void;
  /** Where this person's caret is (null: not in the note), for awareness. */
  oncaret: (caret: number | null) => void;
  onerror: (message: string | null) => void;
}

/**
 * A plain textarea bound to a cell's note as a Y.Text: local input becomes a minimal edit, remote
 * edits are applied with the caret and selection carried across them. The Y.Text is made (from a
 * plain note) when the field is first focused for editing, never while reading.
 */
export class NoteBinding {
  readonly key: string;
  #text: Y.Text | null = null;
  /** What the bound text held when this client started typing in it (for `carryOverNote`). */
  #base = '';
  #typed = false;
  /** The note when this editing session started, for its history entry. */
  #before: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unobserve: (() => void)[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly partyId: string,
    private readonly issueId: string,
    private readonly textarea: HTMLTextAreaElement,
    private readonly hooks: NoteBindingHooks,
  ) {
    this.key = cellKey(partyId, issueId);
    const onMap = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(this.key)) this.#rebind();
    };
    const map = notesMap(doc) as Y.Map<unknown>;
    map.observe(onMap);
    this.#unobserve.push(() => map.unobserve(onMap));
    this.#rebind();
  }

  /** Focus with editing allowed: make the note collaborative text and start a history session. */
  start(): void {
    if (!this.#text) {
      this.#text = openNoteText(this.doc, this.partyId, this.issueId, LOCAL_ORIGIN);
      this.#rebind();
    }
    this.#before ??= this.#text?.toString() ?? '';
    this.caret();
  }

  /** Blur: write the session's history entry, withdraw the caret. */
  stop(): void {
    this.flushHistory();
    this.#before = null;
    this.hooks.oncaret(null);
  }

  caret(): void {
    if (document.activeElement === this.textarea) this.hooks.oncaret(this.textarea.selectionEnd);
  }

  input(): void {
    const text = this.#text;
    if (!text) return;
    const edit = textEdit(text.toString(), this.textarea.value, this.textarea.selectionEnd);
    if (!edit) return;
    try {
      editNote(text, edit, LOCAL_ORIGIN);
      this.#typed = true;
      this.hooks.onerror(null);
    } catch (err) {
      this.#show(text.toString(), false);
      this.hooks.onerror(err instanceof Error ? err.message : String(err));
    }
    this.hooks.ontext(this.textarea.value);
    this.caret();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flushHistory(), NOTE_HISTORY_PAUSE_MS);
  }

  flushHistory(): void {
    clearTimeout(this.#timer);
    if (this.#before === null) return;
    recordNoteChange(this.doc, this.key, this.#before, LOCAL_ORIGIN);
    this.#before = noteText(this.doc, this.key)?.toString() ?? this.#before;
  }

  /** Follows the stored note: a Y.Text (observed), or a plain string (shown as is). */
  #rebind(): void {
    const next = noteText(this.doc, this.key);
    if (next === this.#text && next) return;
    const lost = this.#text;
    const mine = this.textarea.value;
    this.#stopObserving();
    this.#text = next;
    if (next) {
      // Two people made the note collaborative at once and Yjs kept the other one: carry our typing over.
      if (lost && this.#typed) carryOverNote(next, this.#base, mine, LOCAL_ORIGIN);
      const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
        if (tr.local && tr.origin === LOCAL_ORIGIN && this.textarea.value === next.toString()) return;
        this.#show(next.toString(), true, event.delta as DeltaOp[]);
      };
      next.observe(observer);
      this.#textObserver = () => next.unobserve(observer);
      this.#base = next.toString();
      this.#typed = false;
      this.#show(next.toString(), true);
    } else {
      const stored: unknown = notesMap(this.doc).get(this.key);
      this.#show(typeof stored === 'string' ? stored : '', true);
    }
  }

  #textObserver: (() => void) | null = null;

  #stopObserving(): void {
    this.#textObserver?.();
    this.#textObserver = null;
  }

  #show(value: string, keepCaret: boolean, delta?: DeltaOp[]): void {
    const el = this.textarea;
    if (el.value === value) return;
    const focused = document.activeElement === el;
    const start = el.selectionStart;
    const end = el.selectionEnd;
    el.value = value;
    if (focused && keepCaret) {
      const map = (pos: number) => Math.min(value.length, delta ? mapPosition(pos, delta) : pos);
      el.setSelectionRange(map(start), map(end));
    }
    this.hooks.ontext(value);
    if (focused) this.caret();
  }

  destroy(): void {
    this.stop();
    this.#stopObserving();
    for (const off of this.#unobserve) off();
  }
}
