/**
 * Editing a matrix through the UI as a user would, checked in a second page and on the server:
 * adding and deleting parties and issues, editing, reordering and removing sources, the
 * display-name prompt, and the unsourced flag.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { countMatrix, readAxis, readCell } from '../../shared/matrix.ts';
import { startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function openDemo(server: TestServer, name: string | null = 'Ana') {
  const opened = await openDemoAs(server, 'editor', { name });
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

describe('editing through the UI', () => {
  it('adds a party and an issue, and deletes a party with its cells after confirmation', async () => {
    const server = await startServer();
    const a = await openDemo(server);
    const b = await openDemo(server, 'Ben');
    const doc = () => server.rooms.loaded(DEMO_MATRIX_ID)!.doc;

    await a.page.getByTestId('add-party').click();
    await a.page.getByTestId('add-party-input').fill('Turkey');
    await a.page.getByTestId('add-party-input').press('Enter');
    await a.page.getByTestId('add-issue').click();
    await a.page.getByTestId('add-issue-input').fill('Grain corridor');
    await a.page.getByTestId('add-issue-input').press('Enter');
    await expect.poll(() => b.page.getByRole('rowheader', { name: /Turkey/ }).count()).toBe(1);
    await expect.poll(() => b.page.getByRole('columnheader', { name: /Grain corridor/ }).count()).toBe(1);

    // Poland holds one coded cell with one source.
    await a.page.getByTestId('party-poland').focus();
    await a.page.keyboard.press('Enter');
    await a.page.getByRole('menuitem', { name: /Delete party/ }).click();
    await expect.poll(() => a.page.getByTestId('delete-summary').textContent()).toMatch(/1 coded cell.*1 source/s);
    await a.page.getByRole('button', { name: 'Delete party' }).click();
    await expect.poll(() => b.page.getByTestId('party-poland').count()).toBe(0);
    expect(readAxis(doc(), 'parties').some((p) => p.id === 'poland')).toBe(false);
    expect(readCell(doc(), 'poland', 'military-aid').sources).toEqual([]);
    expect(a.errors.concat(b.errors)).toEqual([]);
  });

  it('cancelling the delete dialog keeps the party', async () => {
    const server = await startServer();
    const a = await openDemo(server);
    await a.page.getByTestId('party-poland').focus();
    await a.page.keyboard.press('Enter');
    await a.page.getByRole('menuitem', { name: /Delete party/ }).click();
    await a.page.getByRole('button', { name: 'Cancel' }).click();
    // Barrier: an edit made after the cancel reaches the server, so a delete sent before it would have too.
    const doc = () => server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
    expect(readCell(doc(), 'china', 'nato').stance).toBe(null);
    await cell(a.page, 'china', 'nato').focus();
    await a.page.keyboard.press('6'); // Supports
    await expect.poll(() => readCell(doc(), 'china', 'nato').stance).toBe('supports');
    expect(await a.page.getByTestId('party-poland').count()).toBe(1);
    expect(countMatrix(doc()).parties).toBe(10);
    expect(readAxis(doc(), 'parties').some((p) => p.id === 'poland')).toBe(true);
  });

  it('edits, reorders and removes sources; the other page follows', async () => {
    const server = await startServer();
    const a = await openDemo(server);
    const b = await openDemo(server, 'Ben');
    const doc = () => server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
    const before = readCell(doc(), 'us', 'ceasefire-30-day').sources;
    expect(before.length).toBe(4);

    await cell(a.page, 'us', 'ceasefire-30-day').click();
    const items = a.page.getByTestId('source-item');
    await items.first().getByRole('button', { name: 'Move source down' }).click();
    await expect
      .poll(() => readCell(doc(), 'us', 'ceasefire-30-day').sources.map((s) => s.id))
      .toEqual([before[1]!.id, before[0]!.id, before[2]!.id, before[3]!.id]);

    await items.first().getByRole('button', { name: 'Edit' }).click();
    await a.page.getByTestId('edit-source-speaker').fill('Marco Rubio, US Secretary of State (edited)');
    await a.page.getByTestId('edit-source').getByRole('button', { name: /save/i }).click();
    await expect.poll(() => readCell(doc(), 'us', 'ceasefire-30-day').sources[0]!.speaker).toBe('Marco Rubio, US Secretary of State (edited)');

    await items.last().getByRole('button', { name: 'Remove' }).click();
    await a.page.getByRole('button', { name: 'Remove source' }).click();
    await expect.poll(() => cell(b.page, 'us', 'ceasefire-30-day').getAttribute('data-sources')).toBe('3');
    await cell(b.page, 'us', 'ceasefire-30-day').click();
    await expect.poll(() => b.page.getByTestId('source-item').first().textContent()).toContain('(edited)');
  });

  it('a stance without a source is flagged as unsourced', async () => {
    const server = await startServer();
    const a = await openDemo(server);
    await cell(a.page, 'france', 'nato').click();
    await a.page.getByTestId('stance-option-sceptical').click();
    await expect.poll(() => cell(a.page, 'france', 'nato').getAttribute('aria-label')).toMatch(/Sceptical.*no sources/);
    expect(await cell(a.page, 'france', 'nato').evaluate((el) => el.classList.contains('unsourced'))).toBe(true);
    const flag = await cell(a.page, 'france', 'nato').evaluate((el) => getComputedStyle(el, '::after').content);
    expect(flag).not.toBe('none');
  });

  it('asks a first-time participant for a display name once and keeps it', async () => {
    const server = await startServer();
    const { page } = await openDemo(server, null);
    const dialog = page.getByTestId('name-dialog');
    await dialog.waitFor();
    await dialog.getByRole('textbox').fill('Chloé');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('display-name').textContent()).toContain('Chloé');
    expect(await page.evaluate(() => localStorage.getItem('stance-grid:name'))).toBe('Chloé');
    await page.reload();
    await cell(page, 'us', 'ceasefire-30-day').waitFor();
    expect(await page.getByTestId('name-dialog').isVisible()).toBe(false);
  });
});
