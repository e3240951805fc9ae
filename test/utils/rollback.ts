/**
 * A rollback, as it happens in a workshop: the editor goes offline, the facilitator locks, the editor
 * sets a stance (6, Supports) and comes back online, so the server refuses it and the page rolls back.
 */
import type { BrowserContext, Page } from 'playwright-core';

export async function editWhileLockedOffline(facilitator: { page: Page }, editor: { page: Page; context: BrowserContext }, cellTestId: string): Promise<void> {
  await editor.context.setOffline(true);
  await editor.page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor();
  await facilitator.page.getByTestId('lock-toggle').click();
  await facilitator.page.getByTestId('lock-banner').waitFor();
  await editor.page.getByTestId(cellTestId).focus();
  await editor.page.keyboard.press('6');
}
