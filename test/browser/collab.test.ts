/**
 * Two Chromium pages (separate contexts) on the demo matrix served by the real server:
 * edits in one appear in the other without reload; keyboard editing works; bad links are refused.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readCell } from '../../shared/matrix.ts';
import { startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs, openPage } from '../utils/browser.ts';
import type { Page } from 'playwright-core';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function openDemo(server: TestServer, name: string) {
  const opened = await openDemoAs(server, 'editor', { name });
  await opened.page.getByTestId('connection-status').and(opened.page.locator('[data-status="connected"]')).waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

describe('two browsers on one matrix', () => {
  it('a stance set in page A appears in page B, and a source added in B appears in A', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');

    // China on NATO membership is an honest gap in the demo.
    await expect.poll(() => cell(b.page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    await cell(a.page, 'china', 'nato').click();
    await a.page.getByTestId('cell-editor').waitFor();
    await a.page.getByTestId('stance-option-opposes').click();
    await expect.poll(() => cell(b.page, 'china', 'nato').getAttribute('data-stance')).toBe('opposes');
    await expect.poll(() => cell(b.page, 'china', 'nato').textContent()).toContain('−2');

    await cell(b.page, 'china', 'nato').click();
    const editor = b.page.getByTestId('cell-editor');
    await editor.waitFor();
    await b.page.getByTestId('source-quote').fill('China urges dialogue to yield lasting peace.');
    await b.page.getByTestId('source-speaker').fill('Mao Ning, Foreign Ministry spokeswoman');
    await b.page.getByTestId('source-document').fill('Press briefing');
    await b.page.getByTestId('source-date').fill('2025-03-12');
    await b.page.getByTestId('source-link').fill('https://www.fmprc.gov.cn/');
    await b.page.getByTestId('add-source').getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => cell(a.page, 'china', 'nato').getAttribute('data-sources')).toBe('1');
    await expect.poll(() => a.page.getByTestId('source-item').first().textContent()).toContain('China urges dialogue');

    // The server holds both, with who added the source.
    const doc = server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
    const stored = readCell(doc, 'china', 'nato');
    expect(stored.stance).toBe('opposes');
    expect(stored.sources[0]).toMatchObject({ speaker: 'Mao Ning, Foreign Ministry spokeswoman', addedBy: 'Ben', date: '2025-03-12' });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('a renamed issue and a reordered party show in the other page without reload', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');
    const doc = server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
    // Edits arrive from page A through its UI.
    const header = a.page.getByTestId('issue-nato');
    await header.focus();
    await a.page.keyboard.press('F2');
    const input = header.getByRole('textbox');
    await input.fill('NATO accession');
    await input.press('Enter');
    await expect.poll(() => b.page.getByTestId('issue-nato').textContent()).toContain('NATO accession');
    const partyOrder = (page: Page) => page.locator('[data-testid^="party-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const before = await partyOrder(b.page);
    await a.page.getByTestId('party-china').focus();
    await a.page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => partyOrder(b.page)).not.toEqual(before);
    const after = await partyOrder(b.page);
    expect(after.indexOf('party-china')).toBe(before.indexOf('party-china') - 1);
    expect(doc.getMap('issues').size).toBeGreaterThanOrEqual(12);
  });

  it('the keyboard drives the grid: arrows, number keys, Enter and Escape', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');
    await cell(a.page, 'china', 'nato').click();
    await a.page.keyboard.press('Escape');
    await expect.poll(() => a.page.getByTestId('cell-editor').count()).toBe(0);
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cell-china-nato');
    await a.page.keyboard.press('ArrowRight');
    const right = await a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(right).toMatch(/^cell-china-/);
    expect(right).not.toBe('cell-china-nato');
    await a.page.keyboard.press('ArrowLeft');
    await a.page.keyboard.press('6'); // sixth level of the legend: Supports
    await expect.poll(() => cell(b.page, 'china', 'nato').getAttribute('data-stance')).toBe('supports');
    await a.page.keyboard.press('Enter');
    await a.page.getByTestId('cell-editor').waitFor();
    await a.page.keyboard.press('Escape');
    await a.page.keyboard.press('Delete');
    await expect.poll(() => cell(b.page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    // The focused cell shows a visible focus ring.
    const outline = await cell(a.page, 'china', 'nato').evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
    expect(outline).not.toMatch(/^none|0px$/);
  });

  it('a javascript: link is refused with a message and nothing is saved', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    await cell(a.page, 'china', 'nato').click();
    await a.page.getByTestId('source-quote').fill('Some quote');
    await a.page.getByTestId('source-link').fill('javascript:alert(1)');
    await a.page.getByTestId('add-source').getByRole('button', { name: 'Add source' }).click();
    await expect.poll(() => a.page.getByTestId('source-error').textContent()).toMatch(/http/);
    expect(readCell(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'china', 'nato').sources).toEqual([]);
  });

  it('shows the demo on a 1280 × 800 screen and a 1920 × 1080 projector without horizontal scrolling', async () => {
    const server = await startServer();
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      const { page } = await openDemoAs(server, 'editor', { width, height });
      await cell(page, 'us', 'ceasefire-30-day').waitFor();
      const overflow = await page.evaluate(() => {
        const grid = document.querySelector('[data-testid="grid"]') as HTMLElement;
        const scroller = grid.closest('.grid-scroll, [data-scroll]') ?? grid.parentElement!;
        return { doc: document.documentElement.scrollWidth - window.innerWidth, grid: scroller.scrollWidth - scroller.clientWidth };
      });
      expect(overflow, `${width}×${height}`).toEqual({ doc: 0, grid: 0 });
      if (width === 1280) {
        // Narrow columns: long issue names break at syllables with a visible hyphen (soft hyphens),
        // never mid-syllable; the accessible name stays the plain text.
        const header = page.getByTestId('issue-peacekeepers');
        await expect.poll(() => header.locator('.name[aria-hidden="true"]').textContent()).toBe('Peace\u00ADkeep\u00ADers');
        expect(await page.getByRole('columnheader', { name: /^Peacekeepers\b/ }).count()).toBe(1);
      }
    }
  });

  it('a link to an unknown matrix shows a clear message instead of a grid', async () => {
    const server = await startServer();
    const { page } = await openPage(`${server.url}/m/no-such-matrix#token=${'A'.repeat(43)}`);
    await page.getByTestId('matrix-closed').waitFor();
    expect(await page.getByTestId('matrix-closed').innerText()).toMatch(/No such matrix/);
    expect(await page.getByTestId('grid').count()).toBe(0);
  });
});
