import { defineContext } from '../lib/context.ts';
import { MatrixActions } from './matrix-actions.ts';
import { MatrixSession, type SessionOptions } from './session.svelte.ts';
import { MatrixView } from './matrix-view.svelte.ts';

export type MatrixStoreOptions = SessionOptions & {
  /** The title this browser remembers for the matrix, shown until the document arrives. */
  knownTitle?: string;
};

/**
 * One open matrix: its session (socket, local copy, access), its view (the doc as reactive
 * values) and its actions (the guarded edits). It only composes them; each part is its own module.
 */
export class MatrixStore {
  readonly session: MatrixSession;
  readonly view: MatrixView;
  readonly actions: MatrixActions;
  readonly #knownTitle: string;

  constructor(id: string, options: MatrixStoreOptions = {}) {
    this.#knownTitle = options.knownTitle ?? '';
    this.session = new MatrixSession(id, options);
    // The view's afterTransaction handler is registered before any UndoManager's, so undo reads
    // the cell of the transaction that made a step (view.lastTouchedCell).
    this.view = new MatrixView(this.session.doc);
    this.actions = new MatrixActions(this.session.doc, this.session.access);
  }

  get id() {
    return this.session.id;
  }
  get access() {
    return this.session.access;
  }
  get connection() {
    return this.session.connection;
  }
  get meta() {
    return this.view.meta;
  }
  /** The matrix's title; before the document arrives (a reopen), the remembered one, or '' when none. */
  get title(): string {
    return this.connection.loaded ? this.view.meta.title : this.#knownTitle;
  }

  discardLocalCopy(): Promise<void> {
    return this.session.discardLocalCopy();
  }

  destroy(): void {
    this.session.destroy();
  }
}

export const matrixContext = defineContext<MatrixStore>('matrix store');
