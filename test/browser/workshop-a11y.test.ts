/**
 * Issue 11, items 9 and 17 in real Chromium pages on the demo matrix: a reveal hides every hint
 * of a hidden stance (contested stripes, comment and source badges), and axe-core finds no
 * serious or critical violation on the home page, the grid, the cell panel, the share dialog,
 * the versions panel, the filter panel (with a filtered grid) and present mode.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs, openPage } from '../utils/browser.ts';
import type { Role } from '../../shared/access.ts';
import { seriousViolations } from '../utils/axe.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function openDemo(server: TestServer, role: Role, name: string, size = { width: 1280, height: 800 }) {
  const opened = await openDemoAs(server, role, { name, ...size });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

describe('workshop accessibility and reveal', () => {
  it('a reveal hides contested stripes, comment counts and source badges on hidden cells', async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima', { width: 1920, height: 1080 });
    const e = await openDemo(server, 'editor', 'Ben');
    // A contested cell: two offline editors disagree, then reconnect.
    const other = await openDemo(server, 'editor', 'Chloé');
    const v = await openDemo(server, 'viewer', 'Victor'); // follows the facilitator, so sees the reveal
    for (const [p, key] of [
      [e, '6'],
      [other, '2'],
    ] as const) {
      await p.context.setOffline(true);
      await cell(p.page, 'poland', 'nato').focus();
      await p.page.keyboard.press(key);
    }
    await e.context.setOffline(false);
    await other.context.setOffline(false);
    await expect.poll(() => cell(f.page, 'poland', 'nato').getAttribute('data-contested')).toBe('true');
    await cell(e.page, 'us', 'ceasefire-30-day').click();
    await e.page.getByTestId('new-comment').getByRole('textbox').fill('Which speech is this from?');
    await e.page.getByTestId('new-comment').getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => cell(f.page, 'us', 'ceasefire-30-day').getAttribute('data-comments')).toBe('1');
    expect(await cell(f.page, 'us', 'ceasefire-30-day').locator('.badge').count()).toBe(1);

    await cell(f.page, 'us', 'ceasefire-30-day').focus();
    await f.page.keyboard.press('p');
    await f.page.getByTestId('present-bar').waitFor();
    await f.page.getByTestId('reveal-start').click();
    for (const page of [f.page, v.page]) {
      await expect.poll(() => cell(page, 'poland', 'nato').getAttribute('data-hidden')).toBe('true');
      expect(await cell(page, 'us', 'ceasefire-30-day').getAttribute('data-hidden')).toBe('true');
      for (const c of [cell(page, 'poland', 'nato'), cell(page, 'us', 'ceasefire-30-day')]) {
        expect(await c.locator('.contested, .comments, .badge, .no-source').count()).toBe(0);
        expect(await c.getAttribute('data-contested')).toBe(null);
        expect(await c.getAttribute('data-comments')).toBe(null);
        expect(await c.getAttribute('aria-label')).not.toMatch(/contested|comment|source/);
      }
    }
    await f.page.getByTestId('reveal-all').click();
    await expect.poll(() => cell(v.page, 'poland', 'nato').getAttribute('data-contested')).toBe('true');
    expect(await cell(v.page, 'us', 'ceasefire-30-day').locator('.comments').count()).toBe(1);
  });

  it('axe-core: no serious or critical violation on the home page, the grid, the cell panel, the share dialog, the versions panel, the filter panel and present mode', async () => {
    const server = await startServer();
    const home = await openPage(`http://localhost:${server.port}/`, { name: 'Ana', width: 1280, height: 800 });
    await home.page.locator('main').first().waitFor();
    expect(await seriousViolations(home.page), 'home').toEqual([]);

    const f = await openDemo(server, 'facilitator', 'Fatima');
    expect(await f.page.locator('main').count()).toBeGreaterThan(0);
    // The visible symbol is part of the cell's accessible name.
    const supports = f.page.locator('[role="gridcell"][data-stance="supports"]').first();
    expect(await supports.getAttribute('aria-label')).toContain('+2');
    expect(await seriousViolations(f.page), 'grid').toEqual([]);

    await cell(f.page, 'us', 'ceasefire-30-day').click();
    await f.page.getByTestId('new-comment').waitFor();
    expect(await seriousViolations(f.page), 'cell panel').toEqual([]);
    await f.page.keyboard.press('Escape');

    await f.page.getByTestId('share-button').click();
    await f.page.getByTestId('share-panel').waitFor();
    expect(await seriousViolations(f.page), 'share dialog').toEqual([]);
    await f.page.keyboard.press('Escape');
    await expect.poll(() => f.page.getByTestId('share-panel').count()).toBe(0);

    await f.page.getByTestId('versions-button').click();
    await f.page.getByTestId('versions-panel').waitFor();
    expect(await seriousViolations(f.page), 'versions panel').toEqual([]);
    await f.page.getByTestId('versions-button').click();

    // The filter panel, and the grid filtered (dimmed cells, the status bar) with the panel open.
    await f.page.getByTestId('filter-button').click();
    await f.page.getByTestId('filter-panel').waitFor();
    await f.page.getByTestId('filter-commented').check();
    await f.page.getByTestId('filter-sort-issue').selectOption('nato');
    await f.page.getByTestId('filter-status').waitFor();
    expect(await seriousViolations(f.page), 'filter panel and filtered grid').toEqual([]);
    await f.page.getByTestId('filter-clear-all').click();
    await f.page.keyboard.press('Escape');
    await expect.poll(() => f.page.getByTestId('filter-panel').count()).toBe(0);

    await cell(f.page, 'us', 'energy-truce').focus();
    await f.page.keyboard.press('p');
    await f.page.getByTestId('present-bar').waitFor();
    expect(await seriousViolations(f.page), 'present mode').toEqual([]);
  });
});
