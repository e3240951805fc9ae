/**
 * Issue 11.1 for the discussion: a lock keeps the reply and comment-edit drafts (read-only, with
 * a message), focus stays in the panel, no shortcut fires; unlock makes them editable and they submit.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readCellComments } from '../../shared/comments.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function setLock(server: TestServer, locked: boolean) {
  const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/lock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...bearer(demoToken(server, 'facilitator')) },
    body: JSON.stringify({ locked }),
  });
  expect(res.status).toBe(200);
}

const texts = (server: TestServer) =>
  readCellComments(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'china', 'nato').flatMap((t) => [t.root.text, ...t.replies.map((r) => r.text)]);

describe('a lock keeps comment drafts', () => {
  it('the reply and the comment being edited stay, read-only while locked, and submit after unlock', async () => {
    const server = await startServer();
    const a = await openDemoAs(server, 'editor', { name: 'Ana' });
    const { page } = a;
    await cell(page, 'china', 'nato').click();
    await page.getByTestId('cell-editor').waitFor();
    await page.getByTestId('new-comment').getByRole('textbox').fill('Which speech?');
    await page.getByTestId('new-comment').getByRole('textbox').press('Control+Enter');
    await expect.poll(() => texts(server)).toEqual(['Which speech?']);
    const thread = page.getByTestId('comment-thread');
    await thread.getByRole('button', { name: 'Edit' }).click();
    const edit = thread.getByRole('textbox', { name: 'Edit comment' });
    await edit.fill('Which speech, and when?');
    await thread.getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = thread.getByRole('textbox', { name: 'Reply' });
    await reply.fill('The one in Munich');
    await reply.focus();

    await setLock(server, true);
    await expect.poll(() => reply.getAttribute('readonly')).not.toBeNull();
    expect(await reply.inputValue()).toBe('The one in Munich');
    expect(await edit.inputValue()).toBe('Which speech, and when?');
    expect(await edit.getAttribute('readonly')).not.toBeNull();
    expect(await thread.getByRole('status').first().innerText()).toMatch(/kept/);
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="cell-editor"]'))).toBe(true);
    // Keys typed into the just-locked field start no shortcut and change nothing.
    await page.keyboard.press('p');
    await page.keyboard.press('Control+Enter');
    expect(await page.getByTestId('present-bar').count()).toBe(0);
    expect(await reply.inputValue()).toBe('The one in Munich');
    expect(texts(server)).toEqual(['Which speech?']);

    await setLock(server, false);
    await expect.poll(() => reply.getAttribute('readonly')).toBeNull();
    await reply.fill('The one in Munich, 2024');
    await reply.press('Control+Enter');
    await edit.press('Control+Enter');
    await expect.poll(() => texts(server)).toEqual(['Which speech, and when?', 'The one in Munich, 2024']);
    expect(a.errors).toEqual([]);
  });
});
