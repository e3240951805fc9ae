import type * as Y from 'yjs';
import { parseCellKey } from '../../../shared/schema.ts';
import { defineContext } from '../lib/context.ts';
import type { MatrixActions } from '../matrix/matrix-actions.ts';
import type { MatrixView } from '../matrix/matrix-view.svelte.ts';
import type { GridSelection } from '../matrix/selection.svelte.ts';

/** Edits within this many milliseconds are one undo step (typing a note is one step). */
export const CAPTURE_MS = 500;

/**
 * Per-user undo: a Y.UndoManager tracking only LOCAL_ORIGIN transactions, so a colleague's
 * change is never undone. Each step remembers the cell it touched; undo and redo go back there.
 */
export class UndoController {
  readonly manager: Y.UndoManager;
  /**
   * May undo run now? The page sets this once, before first use: not while a snapshot is shown
   * nor when the page is read-only (undoing would write to a matrix the user cannot change).
   */
  isAllowed: () => boolean = () => true;
  #hasUndo = $state.raw(false);
  #hasRedo = $state.raw(false);
  canUndo = $derived(this.#hasUndo && this.isAllowed());
  canRedo = $derived(this.#hasRedo && this.isAllowed());

  constructor(
    private readonly view: MatrixView,
    actions: MatrixActions,
    private readonly selection: GridSelection,
  ) {
    const manager = (this.manager = actions.undoManager(CAPTURE_MS));
    // The view's afterTransaction handler runs first (it was registered first), so
    // lastTouchedCell is the cell of the transaction that created or extended this step.
    manager.on('stack-item-added', ({ stackItem }: { stackItem: { meta: Map<string, unknown> } }) => {
      const cell = this.view.lastTouchedCell;
      if (cell !== null && !stackItem.meta.has('cell')) stackItem.meta.set('cell', cell);
      this.#refresh();
    });
    manager.on('stack-item-updated', () => this.#refresh());
    manager.on('stack-item-popped', ({ stackItem }: { stackItem: { meta: Map<string, unknown> } }) => {
      this.#refresh();
      const cell = stackItem.meta.get('cell');
      if (typeof cell === 'string') this.#goTo(cell);
    });
    manager.on('stack-cleared', () => this.#refresh());
  }

  undo(): void {
    if (this.isAllowed()) this.manager.undo();
  }

  redo(): void {
    if (this.isAllowed()) this.manager.redo();
  }

  #refresh(): void {
    this.#hasUndo = this.manager.undoStack.length > 0;
    this.#hasRedo = this.manager.redoStack.length > 0;
  }

  #goTo(key: string): void {
    const parsed = parseCellKey(key);
    if (!parsed || !this.view.party(parsed.partyId) || !this.view.issue(parsed.issueId)) return;
    if (this.selection.editorOpen) this.selection.openEditor(parsed.partyId, parsed.issueId);
    else {
      this.selection.select(parsed.partyId, parsed.issueId);
      void this.selection.focus();
    }
  }

  /** Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z, Ctrl+Y. Text fields keep their own native undo. */
  onkeydown = (event: KeyboardEvent): void => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.defaultPrevented) return;
    const target = event.target as Element | null;
    if (target?.closest?.('input, textarea, [contenteditable="true"], dialog')) return;
    const key = event.key.toLowerCase();
    if (!this.isAllowed()) return;
    if (key === 'z' && !event.shiftKey) this.undo();
    else if ((key === 'z' && event.shiftKey) || (key === 'y' && event.ctrlKey && !event.shiftKey)) this.redo();
    else return;
    event.preventDefault();
  };

  destroy(): void {
    this.manager.destroy();
  }
}

export const undoContext = defineContext<UndoController>('undo');
