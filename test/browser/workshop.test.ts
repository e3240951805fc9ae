/**
 * Workshop-grade editing (issue 11): a lock keeps drafts, notes are collaborative text with
 * colleagues' carets, the delete dialog tells the truth about undo, Add source has a shortcut.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readAxis, readCell } from '../../shared/matrix.ts';
import { readCellHistory } from '../../shared/history.ts';
import { readCellComments } from '../../shared/comments.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';
import { connectSynced } from '../utils/client.ts';
import { setStance } from '../../shared/matrix.ts';
import { waitFor } from '../utils/wait.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function open(server: TestServer, role: 'editor' | 'facilitator', name: string) {
  const opened = await openDemoAs(server, role, { name });
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

async function setLock(server: TestServer, locked: boolean) {
  const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/lock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...bearer(demoToken(server, 'facilitator')) },
    body: JSON.stringify({ locked }),
  });
  expect(res.status).toBe(200);
}

const doc = (server: TestServer) => server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
const commentTexts = (server: TestServer) => readCellComments(doc(server), 'china', 'nato').flatMap((t) => [t.root.text, ...t.replies.map((r) => r.text)]);

describe('workshop: no lost work', () => {
  it('a lock keeps the Add source draft read-only, focus in the panel, P does nothing; unlock edits it again', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    await cell(a.page, 'china', 'nato').click();
    await a.page.getByTestId('cell-editor').waitFor();
    await a.page.getByTestId('source-quote').fill('We will never accept');
    await a.page.getByTestId('source-speaker').fill('Wang Yi');
    await a.page.getByTestId('new-comment').getByRole('textbox').fill('Check the date');
    await a.page.getByTestId('source-speaker').focus();

    await setLock(server, true);
    await expect.poll(() => a.page.getByTestId('source-quote').getAttribute('readonly')).not.toBeNull();
    expect(await a.page.getByTestId('source-quote').inputValue()).toBe('We will never accept');
    expect(await a.page.getByTestId('source-speaker').inputValue()).toBe('Wang Yi');
    expect(await a.page.getByTestId('new-comment').getByRole('textbox').inputValue()).toBe('Check the date');
    expect(await a.page.getByTestId('source-locked').innerText()).toMatch(/draft is kept/);
    expect(await a.page.evaluate(() => !!document.activeElement?.closest('[data-testid="cell-editor"]'))).toBe(true);
    // The next keystroke ("p" of "person") must not start present mode.
    await a.page.keyboard.press('p');
    await a.page.keyboard.press('P');
    expect(await a.page.getByTestId('present-bar').count()).toBe(0);
    expect(await a.page.getByTestId('source-speaker').inputValue()).toBe('Wang Yi');

    await setLock(server, false);
    await expect.poll(() => a.page.getByTestId('source-quote').getAttribute('readonly')).toBeNull();
    await a.page.getByTestId('source-speaker').fill('Wang Yi, foreign minister');
    await a.page.getByTestId('source-speaker').press('Control+Enter');
    await expect
      .poll(() => readCell(doc(server), 'china', 'nato').sources.map((s) => [s.quote, s.speaker]))
      .toEqual([['We will never accept', 'Wang Yi, foreign minister']]);
    expect(a.errors).toEqual([]);
  });

  it('a lock keeps the reply and the comment being edited, read-only while locked, and submit after unlock', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    const { page } = a;
    await cell(page, 'china', 'nato').click();
    await page.getByTestId('cell-editor').waitFor();
    await page.getByTestId('new-comment').getByRole('textbox').fill('Which speech?');
    await page.getByTestId('new-comment').getByRole('textbox').press('Control+Enter');
    await expect.poll(() => commentTexts(server)).toEqual(['Which speech?']);
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
    expect(commentTexts(server)).toEqual(['Which speech?']);

    await setLock(server, false);
    await expect.poll(() => reply.getAttribute('readonly')).toBeNull();
    await reply.fill('The one in Munich, 2024');
    await reply.press('Control+Enter');
    await edit.press('Control+Enter');
    await expect.poll(() => commentTexts(server)).toEqual(['Which speech, and when?', 'The one in Munich, 2024']);
    expect(a.errors).toEqual([]);
  });

  it('a lock while the stance picker has focus keeps focus in the panel', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    await cell(a.page, 'china', 'nato').click();
    await a.page.getByTestId('cell-editor').waitFor();
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('radio');
    await setLock(server, true);
    await expect.poll(() => a.page.getByTestId('read-only-note').count()).toBe(1);
    await expect.poll(() => a.page.evaluate(() => !!document.activeElement?.closest('[data-testid="cell-editor"]'))).toBe(true);
    await a.page.keyboard.press('p');
    expect(await a.page.getByTestId('present-bar').count()).toBe(0);
  });

  it('two people type in one note at once: both texts merge, each sees the other caret and name, history per session', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    const b = await open(server, 'editor', 'Ben');
    for (const p of [a.page, b.page]) {
      await cell(p, 'china', 'nato').click();
      await p.getByTestId('cell-editor').waitFor();
    }
    await a.page.getByTestId('cell-note').click();
    await a.page.keyboard.type('Ana first.');
    await expect.poll(() => b.page.getByTestId('cell-note').inputValue()).toBe('Ana first.');
    await b.page.getByTestId('cell-note').click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' Ben second.');
    // Ana types at the start while Ben is typing at the end: neither overwrites the other.
    await a.page.keyboard.press('Home');
    await a.page.keyboard.type('>> ');
    const expected = '>> Ana first. Ben second.';
    await expect.poll(() => a.page.getByTestId('cell-note').inputValue()).toBe(expected);
    await expect.poll(() => b.page.getByTestId('cell-note').inputValue()).toBe(expected);
    await expect.poll(() => readCell(doc(server), 'china', 'nato').note).toBe(expected);
    // Ana's caret stayed where she typed, after Ben's remote edits.
    expect(await a.page.getByTestId('cell-note').evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(3);
    await expect.poll(() => a.page.getByTestId('note-caret').getAttribute('data-name')).toBe('Ben');
    await expect.poll(() => b.page.getByTestId('note-caret').getAttribute('data-name')).toBe('Ana');
    expect(await b.page.getByTestId('note-typing').innerText()).toMatch(/Ana is typing/);

    // Leaving the field writes one history entry per person and session, not one per keystroke. Ben typed in
    // one burst: one entry. Ana typed twice, with Ben's typing between: one entry, or two when that wait
    // outlasted the 2 s pause that ends a session (a loaded machine); the last one holds the merged text.
    await a.page.getByTestId('source-quote').click();
    await b.page.getByTestId('source-quote').click();
    const notesBy = (name: string) => readCellHistory(doc(server), 'china', 'nato').filter((e) => e.kind === 'note' && e.by === name);
    await expect.poll(() => notesBy('Ben').length).toBe(1);
    // Newest first.
    await expect.poll(() => notesBy('Ana')[0]?.after).toBe(expected);
    expect(notesBy('Ana').length).toBeLessThanOrEqual(2);
    expect(notesBy('Ana').at(-1)!.before).toBe('');
    await expect.poll(() => a.page.getByTestId('note-caret').count()).toBe(0);
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('the delete dialog says Ctrl+Z undoes it, and Ctrl+Z does', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    await a.page.getByTestId('party-poland').focus();
    await a.page.keyboard.press('Enter');
    await a.page.getByRole('menuitem', { name: /Delete party/ }).click();
    const dialog = a.page.getByRole('dialog');
    expect(await dialog.innerText()).not.toMatch(/cannot be undone/i);
    expect(await a.page.getByTestId('delete-undo-hint').innerText()).toMatch(/undo this with Ctrl\+Z while this page is open/);
    await a.page.getByRole('button', { name: 'Delete party' }).click();
    await expect.poll(() => a.page.getByTestId('party-poland').count()).toBe(0);
    await a.page.keyboard.press('Control+z');
    await expect.poll(() => a.page.getByTestId('party-poland').count()).toBe(1);
    await expect.poll(() => readCell(doc(server), 'poland', 'military-aid').sources.length).toBe(1);
  });

  it('A in the cell panel goes to Add source, Ctrl+Enter adds it; the discussion shows its count', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    await cell(a.page, 'china', 'nato').click();
    await a.page.getByTestId('cell-editor').waitFor();
    expect(await a.page.getByTestId('discussion-count').innerText()).toMatch(/Discussion · 0/);
    await a.page.keyboard.press('a');
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('source-quote');
    await a.page.keyboard.type('A quote typed after A');
    await a.page.keyboard.press('Control+Enter');
    await expect.poll(() => readCell(doc(server), 'china', 'nato').sources.map((s) => s.quote)).toEqual(['A quote typed after A']);
    await a.page.getByTestId('discussion-count').click();
    await a.page.keyboard.type('First comment');
    await a.page.keyboard.press('Control+Enter');
    await expect.poll(() => a.page.getByTestId('discussion-count').innerText()).toMatch(/Discussion · 1/);
  });

  it('the facilitator reverts the matrix to a version: everyone sees it, it is in history, "Before revert" undoes it', async () => {
    const server = await startServer();
    const f = await open(server, 'facilitator', 'Fay');
    const e = await open(server, 'editor', 'Ben');
    await f.page.getByTestId('versions-button').click();
    await f.page.getByTestId('snapshot-name').fill('Morning');
    await f.page.getByTestId('snapshot-take').click();
    const morning = f.page.getByTestId('snapshot-item').filter({ hasText: 'Morning' });
    await morning.waitFor();
    await cell(e.page, 'china', 'nato').focus();
    await e.page.keyboard.press('6');
    await expect.poll(() => readCell(doc(server), 'china', 'nato').stance).toBe('supports');
    await expect.poll(() => cell(f.page, 'china', 'nato').getAttribute('data-stance')).toBe('supports');

    await morning.getByTestId('snapshot-revert').click();
    expect(await f.page.getByTestId('revert-explain').innerText()).toMatch(/Everyone .* new change in the history.*Before revert to Morning/s);
    expect(readCell(doc(server), 'china', 'nato').stance).toBe('supports'); // nothing before the confirmation
    await f.page.getByRole('button', { name: 'Revert this matrix', exact: true }).click();
    await expect.poll(() => cell(e.page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    await expect.poll(() => cell(f.page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    expect(await f.page.getByTestId('revert-done').innerText()).toMatch(/Before revert to Morning/);
    const last = readCellHistory(doc(server), 'china', 'nato')[0]; // newest first
    expect(last).toMatchObject({ kind: 'stance', before: 'supports', after: null, by: 'Fay' });

    // Reverting to the automatic snapshot undoes the revert.
    const before = f.page.getByTestId('snapshot-item').first(); // newest first
    expect(await before.locator('strong').innerText()).toBe('Before revert to Morning');
    await before.getByTestId('snapshot-revert').click();
    await f.page.getByRole('button', { name: 'Revert this matrix', exact: true }).click();
    await expect.poll(() => cell(e.page, 'china', 'nato').getAttribute('data-stance')).toBe('supports');
    // Editors cannot revert.
    await e.page.getByTestId('versions-button').click();
    await e.page.getByTestId('snapshot-item').first().waitFor();
    expect(await e.page.getByTestId('snapshot-revert').count()).toBe(0);
    expect(f.errors.concat(e.errors)).toEqual([]);
  });
});

describe('workshop: bulk entry', () => {
  it('pasting several lines into Add party adds one per line after a confirmation; duplicates are refused with a message', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    await a.page.getByTestId('add-party').click();
    const input = a.page.getByTestId('add-party-input');
    await input.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Turkey\r\n India \n\n  RUSSIA\n');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    expect(await a.page.getByTestId('bulk-add-list').getByRole('listitem').allInnerTexts()).toEqual(['Turkey', 'India', 'RUSSIA']);
    expect(readAxis(doc(server), 'parties').some((p) => p.name === 'Turkey')).toBe(false); // nothing before the confirmation
    await a.page.getByRole('button', { name: 'Add 3 parties' }).click();
    await expect
      .poll(() =>
        readAxis(doc(server), 'parties')
          .map((p) => p.name)
          .slice(-2),
      )
      .toEqual(['Turkey', 'India']);
    expect(await a.page.getByTestId('add-party-error').innerText()).toMatch(/“RUSSIA”: There is already a party named “Russia”/);
    expect(readAxis(doc(server), 'parties').filter((p) => p.name.toLowerCase() === 'russia').length).toBe(1);

    await input.fill('tur key');
    await input.press('Enter');
    await expect.poll(() => a.page.getByTestId('add-party-error').innerText()).toMatch(/already a party named “Turkey”/);
    expect(await input.inputValue()).toBe('tur key'); // the typed name is kept to correct
    expect(a.errors).toEqual([]);
  });
});

describe('workshop: exports show the contested state', () => {
  it('print and PNG stripe a contested cell; CSV lists the candidates, Markdown marks it', async () => {
    const server = await startServer();
    // Two editors set different stances on one cell at once (one offline): the cell is contested.
    const x = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    const y = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    y.provider.disconnect();
    setStance(x.doc, 'china', 'nato', 'opposes');
    setStance(y.doc, 'china', 'nato', 'supports');
    y.provider.connect();
    await waitFor(() => readCellHistory(doc(server), 'china', 'nato').filter((e) => e.kind === 'stance').length === 2);
    x.destroy();
    y.destroy();

    const a = await open(server, 'editor', 'Ana');
    await a.page.evaluate(() => (window.print = () => {}));
    await a.page.getByTestId('export-menu').locator('summary').click();
    await a.page.getByTestId('export-print').click();
    const sheetCell = a.page.locator('[data-testid="sheet-grid"] [data-cell="china|nato"]');
    await sheetCell.waitFor({ state: 'attached' });
    expect(await sheetCell.getAttribute('data-contested')).toBe('true');
    expect(await sheetCell.locator('.contested').count()).toBe(1);
    expect(await sheetCell.getAttribute('aria-label')).toMatch(/contested/);
    expect(await a.page.locator('[data-testid="sheet-grid"] [data-contested="true"]').count()).toBe(1);

    const get = async (format: string) =>
      (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=${format}`, { headers: bearer(demoToken(server, 'viewer')) })).text();
    const csv = await get('csv');
    expect(csv.split('\r\n')[0]).toMatch(/,Kind,Contested$/);
    expect(csv).toMatch(/China,NATO[^\r\n]*(Opposes|Supports) \/ [^\r\n]*(Supports|Opposes)/);
    expect(await get('md')).toMatch(/⚡ _contested: [^|]*(Opposes|Supports) \/ [^|]*(Supports|Opposes)_/);
  });
});

describe('workshop: one source, two editors', () => {
  it('shows "Ben is editing this source" to Ana, and drops it when Ben stops', async () => {
    const server = await startServer();
    const a = await open(server, 'editor', 'Ana');
    const b = await open(server, 'editor', 'Ben');
    for (const p of [a.page, b.page]) {
      await cell(p, 'us', 'ceasefire-30-day').click();
      await p.getByTestId('cell-editor').waitFor();
    }
    await b.page.getByTestId('source-item').first().getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => a.page.getByTestId('source-item').first().getByTestId('source-guard').innerText()).toBe('Ben is editing this source.');
    expect(await a.page.getByTestId('source-guard').count()).toBe(1);
    await a.page.getByTestId('source-item').first().getByRole('button', { name: 'Edit', exact: true }).click();
    await expect.poll(() => b.page.getByTestId('source-guard').innerText()).toMatch(/Ana is editing this source: saving now replaces/);
    await b.page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => a.page.getByTestId('source-guard').count()).toBe(0);
  });
});

describe('workshop: first run', () => {
  it('"Not now" on the name dialog is remembered across reloads', async () => {
    const server = await startServer();
    const a = await openDemoAs(server, 'editor', { name: null });
    await a.page.getByTestId('name-dialog').getByRole('button', { name: 'Not now' }).click();
    await expect.poll(() => a.page.getByTestId('name-dialog').count()).toBe(0);
    await a.page.reload();
    await cell(a.page, 'us', 'ceasefire-30-day').waitFor();
    expect(await a.page.getByTestId('name-dialog').count()).toBe(0);
    expect(await a.page.evaluate(() => localStorage.getItem('stance-grid:name-declined'))).toBe('1');
  });
});

describe('workshop: a refused page', () => {
  it('"No such matrix" shows neither "1 viewing" nor "Offline"', async () => {
    const server = await startServer();
    const { openPage } = await import('../utils/browser.ts');
    const { page } = await openPage(`${server.url}/m/no-such-matrix-here#token=${demoToken(server, 'viewer')}`);
    await expect.poll(() => page.getByText('No such matrix').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('viewing-count').count()).toBe(0);
    expect(await page.getByTestId('connection-status').count()).toBe(0);
    expect(await page.getByText(/Offline/).count()).toBe(0);
  });
});
