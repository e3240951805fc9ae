/**
 * Arrow keys, Home and End move focus among a menu's enabled buttons (wrapping around).
 * Returns true when the key was one of them.
 */
export function moveMenuFocus(event: KeyboardEvent, list: HTMLElement): boolean {
  const all = [...list.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  const at = all.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    event.key === 'ArrowDown'
      ? (at + 1) % all.length
      : event.key === 'ArrowUp'
        ? (at - 1 + all.length) % all.length
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? all.length - 1
            : null;
  if (next === null) return false;
  all[next]?.focus();
  return true;
}
