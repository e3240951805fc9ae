import type { Attachment } from 'svelte/attachments';

/**
 * Draws a Plot figure into the element, replacing the previous one whenever `draw`'s inputs change.
 * Plot puts a `<style>` element in every figure; the CSP (`style-src 'self'`) blocks it, so it is
 * dropped here and its rules live in PlotChart's stylesheet.
 */
export function plotInto(draw: () => Element | null): Attachment<HTMLElement> {
  return (node) => {
    const figure = draw();
    if (!figure) return;
    for (const style of figure.querySelectorAll('style')) style.remove();
    node.replaceChildren(figure);
  };
}
