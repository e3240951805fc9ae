import { spotlightOf } from './nav.ts';
import type { Present } from './present.svelte.ts';

function inTextField(el: Element | null): boolean {
  return !!el?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

/**
 * Present-mode keys, run in the capture phase so they win over the grid's own arrows.
 * P toggles present mode anywhere outside text fields and dialogs. Returns true when handled.
 */
export function handlePresentKey(event: KeyboardEvent, present: Present): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (inTextField(target) || target?.closest('dialog, [role="dialog"]')) return false;
  if (event.key === 'p' || event.key === 'P') {
    present.toggle();
    return true;
  }
  // Open menus (timer, reveal) handle their own keys, Escape included.
  if (!present.active || target?.closest('[data-present-menu][open]')) return false;
  switch (event.key) {
    case 'Escape':
      present.leave();
      return true;
    case 'ArrowRight':
    case 'PageDown': // presentation clickers send PageDown / PageUp
      present.step('next');
      return true;
    case 'ArrowLeft':
    case 'PageUp':
      present.step('prev');
      return true;
    case 'Home':
      present.step('first');
      return true;
    case 'End':
      present.step('last');
      return true;
    case 'ArrowDown':
      present.moveParty(1);
      return true;
    case 'ArrowUp':
      present.moveParty(-1);
      return true;
    // Zoom: + (or = on keyboards where + needs Shift) larger type, - smaller, 0 back to fit.
    case '+':
    case '=':
      present.setZoom(present.zoom + 1);
      return true;
    case '-':
      present.setZoom(present.zoom - 1);
      return true;
    case '0':
      present.setZoom(0);
      return true;
    case 'c':
    case 'C':
      present.setSpotlight(null);
      return true;
    case 'Enter':
    case ' ': {
      const spot = spotlightOf(target?.closest<HTMLElement>('[role="grid"] [data-nav]')?.dataset.nav);
      if (!spot) return false;
      present.toggleSpotlight(spot);
      return true;
    }
    default:
      // No editing from the projector: stance digits, Delete, F2 and the like do nothing here.
      return !!target?.closest('[role="grid"]') && event.key !== 'Tab';
  }
}
