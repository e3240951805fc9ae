/**
 * Opens a native modal dialog (it traps focus and returns it to the opener on close) and gives
 * the cleanup that closes it. Use as `$effect(() => showModal(dialog))` in the dialog's component.
 */
export function showModal(dialog: HTMLDialogElement): () => void {
  dialog.showModal();
  return () => {
    if (dialog.open) dialog.close();
  };
}
