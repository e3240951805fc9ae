import { userMessage } from '../lib/errors.ts';
import type { AxisActions, AxisRef } from './axis-actions.svelte.ts';
import type { MatrixStore } from './matrix-store.svelte.ts';

const MIME = 'application/x-stance-grid-axis';

/** HTML5 drag-and-drop of a party row or issue column onto another header of the same kind. */
export function dragHandlers(store: MatrixStore, actions: AxisActions, self: () => AxisRef & { index: number }, onError: (message: string) => void) {
  /** Before or after this header, by which half of it the pointer is over. */
  function dropIndex(event: DragEvent): number {
    const { kind, index } = self();
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const after = kind === 'parties' ? event.clientY > rect.top + rect.height / 2 : event.clientX > rect.left + rect.width / 2;
    return index + (after ? 1 : 0);
  }

  return {
    start(event: DragEvent) {
      const { kind, id } = self();
      if (!event.dataTransfer) return;
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(MIME, JSON.stringify({ kind, id }));
      event.dataTransfer.setData('text/plain', store.view.axis(kind).find((i) => i.id === id)?.name ?? '');
      actions.dragging = { kind, id };
    },
    over(event: DragEvent) {
      const { kind } = self();
      if (actions.dragging?.kind !== kind) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      const index = dropIndex(event);
      if (actions.dropTarget?.kind !== kind || actions.dropTarget.index !== index) actions.dropTarget = { kind, index };
    },
    drop(event: DragEvent) {
      const { kind } = self();
      const dragged = actions.dragging;
      actions.dragging = null;
      actions.dropTarget = null;
      if (dragged?.kind !== kind) return;
      event.preventDefault();
      const from = store.view.axis(kind).findIndex((i) => i.id === dragged.id);
      const target = dropIndex(event);
      // moveAxisItem counts positions in the list without the moved item.
      const to = target > from ? target - 1 : target;
      if (from < 0 || to === from) return;
      try {
        store.actions.moveItem(kind, dragged.id, to);
      } catch (err) {
        onError(userMessage(err));
      }
    },
    end() {
      actions.dragging = null;
      actions.dropTarget = null;
    },
  };
}
