import type { Attachment } from 'svelte/attachments';

/** Draws a Plot figure into the element, replacing the previous one whenever `draw`'s inputs change. */
export function plotInto(draw: () => Element | null): Attachment<HTMLElement> {
  return (node) => {
    const figure = draw();
    if (figure) node.replaceChildren(figure);
  };
}
