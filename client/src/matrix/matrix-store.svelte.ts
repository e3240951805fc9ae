import { defineContext } from '../lib/context.ts';
import { MatrixActions } from './matrix-actions.ts';
import { MatrixSession, type SessionOptions } from './session.svelte.ts';
import { MatrixView } from './matrix-view.svelte.ts';

export type MatrixStoreOptions = SessionOptions;

/**
 * One open matrix: its session (socket, local copy, access), its view (the doc as reactive
 * values) and its actions (the guarded edits). It only composes them; each part is its own module.
 */
export class MatrixStore {
  readonly session: MatrixSession;
  readonly view: MatrixView;
  readonly actions: MatrixActions;

  constructor(id: string, options: MatrixStoreOptions = {}) {
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

  discardLocalCopy(): Promise<void> {
    return this.session.discardLocalCopy();
  }

  destroy(): void {
    this.session.destroy();
  }
}

export const matrixContext = defineContext<MatrixStore>('matrix store');
