export interface Placement {
  left: number;
  top: number;
  width: number;
  maxHeight: number;
}

const GAP = 20;
/** Narrower than this beside the cell, the callout goes below or above its row instead. */
const MIN_WIDTH = 380;

/**
 * Where the quote callout of the cell `nav` ("partyId|issueId") goes, in viewport pixels: left or
 * right of the cell (the side with more room, never over the party names), as close to the cell's
 * height as it fits; or, when neither side is wide enough, below or above the cell's row.
 */
export function placeBeside(nav: string, height: number, maxWidth: number): Placement | null {
  const cell = document.querySelector<HTMLElement>(`[role="grid"] [data-nav="${CSS.escape(nav)}"]`);
  const scroller = cell?.closest('[role="grid"]')?.parentElement;
  if (!cell || !scroller) return null;
  const c = cell.getBoundingClientRect();
  const area = scroller.getBoundingClientRect();
  const names = scroller.querySelector('[role="rowheader"]')?.getBoundingClientRect().right ?? area.left;
  const head = scroller.querySelector('[role="rowgroup"]')?.getBoundingClientRect().bottom ?? area.top;
  const leftRoom = c.left - GAP - (names + GAP);
  const rightRoom = area.right - GAP - (c.right + GAP);
  const maxHeight = area.bottom - area.top - 2 * GAP;
  if (Math.max(leftRoom, rightRoom) >= MIN_WIDTH) {
    const width = Math.min(maxWidth, Math.max(leftRoom, rightRoom));
    const left = rightRoom >= leftRoom ? c.right + GAP : c.left - GAP - width;
    // Level with the cell, slid up or down to stay inside the grid area.
    const top = Math.max(area.top + GAP, Math.min(c.top - 24, area.bottom - GAP - Math.min(height, maxHeight)));
    return { left, top, width, maxHeight };
  }
  const width = Math.min(maxWidth, area.right - names - 2 * GAP);
  const below = c.bottom + GAP;
  const roomBelow = area.bottom - GAP - below;
  const roomAbove = c.top - GAP - (head + GAP);
  const left = names + GAP;
  return roomBelow >= roomAbove
    ? { left, top: below, width, maxHeight: roomBelow }
    : { left, top: Math.max(head + GAP, c.top - GAP - Math.min(height, roomAbove)), width, maxHeight: roomAbove };
}

/**
 * Places the callout now and again on every resize or scroll (once a frame at most); returns the
 * function that stops. Called from an $effect, which re-runs it when the cell, size or layout change.
 */
export function followPlacement(nav: string, height: number, maxWidth: number, set: (place: Placement | null) => void): () => void {
  let frame = 0;
  const update = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => set(placeBeside(nav, height, maxWidth)));
  };
  update();
  window.addEventListener('resize', update);
  window.addEventListener('scroll', update, { capture: true, passive: true });
  return () => {
    cancelAnimationFrame(frame);
    window.removeEventListener('resize', update);
    window.removeEventListener('scroll', update, { capture: true });
  };
}
