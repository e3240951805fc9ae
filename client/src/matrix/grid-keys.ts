import { userMessage } from '../lib/errors.ts';
import type { AxisActions } from './axis-actions.svelte.ts';
import type { MatrixStore } from './matrix-store.svelte.ts';
import type { GridSelection } from './selection.svelte.ts';
import type { GridFilters } from '../filters/filters.svelte.ts';

const PAGE = 10;

export interface GridKeyContext {
  store: MatrixStore;
  selection: GridSelection;
  actions: AxisActions;
  filters: GridFilters;
  openMenu: (anchor: HTMLElement) => void;
  onError: (message: string) => void;
}

/** Keyboard model of the grid (roving tabindex). Returns true when the key was handled. */
export function handleGridKey(event: KeyboardEvent, ctx: GridKeyContext): boolean {
  const { store, selection } = ctx;
  const target = event.target as HTMLElement;
  const onHeader = !selection.isCell;
  const { row, col } = selection.position();

  // Read-only (viewer, or locked): moving, reading and opening the cell panel only.
  const canEdit = store.access.canEdit;
  if (event.altKey && onHeader) return canEdit && reorderHeader(event, ctx);
  if (event.altKey || event.metaKey) return false;

  switch (event.key) {
    case 'ArrowUp':
      selection.moveBy(-1, 0);
      break;
    case 'ArrowDown':
      selection.moveBy(1, 0);
      break;
    case 'ArrowLeft':
      selection.moveBy(0, -1);
      break;
    case 'ArrowRight':
      selection.moveBy(0, 1);
      break;
    case 'PageUp':
      selection.moveTo(Math.max(row === -1 ? -1 : 0, row - PAGE), col);
      break;
    case 'PageDown':
      selection.moveTo(row + PAGE, col);
      break;
    case 'Home':
      if (event.ctrlKey) selection.moveTo(0, 0);
      else selection.moveTo(row, 0);
      break;
    case 'End':
      // moveTo clamps to the last shown party and issue.
      if (event.ctrlKey) selection.moveTo(Infinity, Infinity);
      else selection.moveTo(row, Infinity);
      break;
    case 'Enter':
      // On a cell: edit it. On a header: open its actions menu (hide and sort are for everyone).
      if (selection.partyId !== null && selection.issueId !== null) selection.openEditor(selection.partyId, selection.issueId);
      else ctx.openMenu(target);
      return true;
    case 'F2':
      if (selection.partyId !== null && selection.issueId !== null) selection.openEditor(selection.partyId, selection.issueId);
      else if (!canEdit) return false;
      else if (selection.partyId !== null) ctx.actions.renaming = { kind: 'parties', id: selection.partyId };
      else if (selection.issueId !== null) ctx.actions.renaming = { kind: 'issues', id: selection.issueId };
      return true;
    case 'ContextMenu':
      ctx.openMenu(target);
      return true;
    case 'Escape':
      if (!selection.editorOpen) return false;
      selection.closeEditor();
      return true;
    default:
      return canEdit && setStanceByKey(event, ctx);
  }
  void selection.focus();
  return true;
}

/** 1–9 pick the level at that legend position; 0, Delete and Backspace clear. */
function setStanceByKey(event: KeyboardEvent, ctx: GridKeyContext): boolean {
  const { store, selection } = ctx;
  if (!selection.isCell || !selection.partyId || !selection.issueId || event.ctrlKey) return false;
  let stance: string | null;
  if (event.key === '0' || event.key === 'Delete' || event.key === 'Backspace') stance = null;
  else if (/^[1-9]$/.test(event.key)) {
    const level = store.view.scale[Number(event.key) - 1];
    if (!level) return false;
    stance = level.id;
  } else return false;
  try {
    store.actions.setStance(selection.partyId, selection.issueId, stance);
  } catch (err) {
    ctx.onError(userMessage(err));
  }
  return true;
}

/** Alt+Arrow on a focused header moves that party (up/down) or issue (left/right). */
function reorderHeader(event: KeyboardEvent, ctx: GridKeyContext): boolean {
  const { store, selection } = ctx;
  const party = selection.issueId === null;
  const delta = party
    ? event.key === 'ArrowUp'
      ? -1
      : event.key === 'ArrowDown'
        ? 1
        : 0
    : event.key === 'ArrowLeft'
      ? -1
      : event.key === 'ArrowRight'
        ? 1
        : 0;
  if (delta === 0) return false;
  const kind = party ? 'parties' : 'issues';
  const id = party ? selection.partyId : selection.issueId;
  const to = id === null ? null : ctx.filters.moveTarget(kind, id, delta);
  if (id === null || to === null) return true;
  if (typeof to === 'string') {
    ctx.onError(to);
    return true;
  }
  try {
    store.actions.moveItem(kind, id, to);
  } catch (err) {
    ctx.onError(userMessage(err));
  }
  void selection.focus();
  return true;
}
