/** Helpers for a one-line edit in place (an axis item's name, the matrix title). */

/** Attachment: focus the field and select its text, so typing replaces the old value. */
export function focusSelect(node: HTMLInputElement): void {
  node.focus();
  node.select();
}

/** Enter saves, Escape cancels: calls `finish(save)` for those two keys only. */
export function enterOrEscape(event: KeyboardEvent, finish: (save: boolean) => void): void {
  if (event.key !== 'Enter' && event.key !== 'Escape') return;
  event.preventDefault();
  finish(event.key === 'Enter');
}
