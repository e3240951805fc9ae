import type { Present } from '../present/present.svelte.ts';
import type { AxisActions } from './axis-actions.svelte.ts';
import { handleGridKey } from './grid-keys.ts';
import type { MatrixStore } from './matrix-store.svelte.ts';
import type { GridSelection } from './selection.svelte.ts';
import type { GridFilters } from '../filters/filters.svelte.ts';

export interface GridEventContext {
  store: MatrixStore;
  selection: GridSelection;
  actions: AxisActions;
  present: Present;
  filters: GridFilters;
  onError: (message: string) => void;
}

/** The element of a grid position (its data-nav "partyId|issueId", either side empty on a header). */
function navOf(target: EventTarget | null): { el: HTMLElement; partyId: string | null; issueId: string | null } | null {
  const el = (target as Element | null)?.closest?.<HTMLElement>('[data-nav]');
  const nav = el?.dataset.nav;
  if (!el || nav === undefined) return null;
  const at = nav.indexOf('|');
  return { el, partyId: nav.slice(0, at) || null, issueId: nav.slice(at + 1) || null };
}

/** The grid's delegated handlers (one set for thousands of cells): click, double click, keys, focus. */
export function gridEvents({ store, selection, actions, present, filters, onError }: GridEventContext) {
  function openMenu(anchor: HTMLElement) {
    const th = anchor.closest<HTMLElement>('[data-kind]');
    const { kind, id } = th?.dataset ?? {};
    if ((kind !== 'parties' && kind !== 'issues') || !id) return;
    const rect = anchor.getBoundingClientRect();
    actions.menu = { kind, id, x: rect.left, y: rect.bottom + 4 };
  }

  function onclick(event: MouseEvent) {
    if ((event.target as Element).closest('button, input, textarea')) return;
    const nav = navOf(event.target);
    if (!nav || present.clickNav(nav.el.dataset.nav)) return;
    if (nav.partyId && nav.issueId) selection.openEditor(nav.partyId, nav.issueId);
    else {
      selection.select(nav.partyId, nav.issueId);
      nav.el.focus();
    }
  }

  function ondblclick(event: MouseEvent) {
    const nav = navOf(event.target);
    if (!nav || (nav.partyId && nav.issueId) || (event.target as Element).closest('button, input') || !store.access.canEdit || present.active) return;
    actions.renaming = nav.partyId ? { kind: 'parties', id: nav.partyId } : { kind: 'issues', id: nav.issueId ?? '' };
  }

  function onkeydown(event: KeyboardEvent) {
    if ((event.target as Element).closest('input, textarea, button')) return;
    if (handleGridKey(event, { store, selection, actions, filters, openMenu, onError })) event.preventDefault();
  }

  // Focus entering the grid by Tab lands on the selected element; keep selection in step.
  function onfocusin(event: FocusEvent) {
    const nav = navOf(event.target);
    if (nav) selection.chosen = true;
    if (nav && (nav.partyId !== selection.partyId || nav.issueId !== selection.issueId)) selection.select(nav.partyId, nav.issueId);
  }

  return { openMenu, onclick, ondblclick, onkeydown, onfocusin };
}
