/**
 * Issue 11, item 14 in Chromium: a first visit. "Open demo" without a link explains how to get one,
 * and on the server's own machine opens the demo; a newcomer is not shown to others on the top-left
 * cell before they pick one (keyboard users tabbing in still get a focused cell); a reopen after a
 * rollback keeps the matrix title (never its id); the toolbar hint is never clipped; Tab goes
 * through the page in visual order. ("Not now" and "No such matrix": test/browser/workshop.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { openDemoAs, openPage } from '../utils/browser.ts';
import { startServer, type TestServer } from '../utils/server.ts';
import { editWhileLockedOffline } from '../utils/rollback.ts';

const SHOTS = '/tmp/shots/firstrun';
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const connected = (page: Page) => page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();

async function demo(server: TestServer, role: 'facilitator' | 'editor', name: string, size = SIZES[0]) {
  const opened = await openDemoAs(server, role, { name, ...size });
  await connected(opened.page);
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

describe('first run: the demo', () => {
  it('"Open demo" in a browser without its link explains how to get one', async () => {
    const server = await startServer({ localDemoLinks: false });
    for (const size of SIZES) {
      const { page, errors } = await openPage(server.url, size);
      await page.getByTestId('open-demo').click();
      const help = page.getByTestId('demo-help');
      await expect.poll(() => help.innerText()).toMatch(/no link to the demo yet[\s\S]*prints the three \(facilitator, editor, viewer\)/);
      expect(await help.innerText()).toContain(`localhost:${server.port}/`);
      expect(await page.getByTestId('open-demo').getAttribute('aria-expanded')).toBe('true');
      await page.screenshot({ path: `${SHOTS}/demo-help-${size.width}.png` });
      expect(errors).toEqual([]);
    }
  });

  it('on the machine that runs the server, "Open demo" opens the demo as facilitator, remembered', async () => {
    const server = await startServer();
    const { page, errors } = await openPage(server.url, SIZES[0]);
    const open = page.getByTestId('open-demo');
    await expect.poll(() => open.getAttribute('href')).toBe(`${server.url}/m/${DEMO_MATRIX_ID}#token=${server.demoLinks!.facilitator}`);
    await page.screenshot({ path: `${SHOTS}/home-local-1280.png` });
    await open.click();
    await connected(page);
    await page.getByTestId('share-button').waitFor(); // facilitators only
    expect(new URL(page.url()).hash).toBe('');
    await page.goto(server.url);
    await expect.poll(() => open.getAttribute('href')).toBe(`/m/${DEMO_MATRIX_ID}`);
    expect(errors).toEqual([]);
  });
});

describe('first run: the matrix page', () => {
  it('a newcomer is not shown on a cell before they pick one; Tab into the grid focuses a cell, shown then', async () => {
    const server = await startServer();
    const ana = await demo(server, 'editor', 'Ana');
    const ben = await demo(server, 'editor', 'Ben');
    // Barrier: Ana has Ben's presence (name and cell travel in one awareness state).
    await ana.page.locator('[data-testid="participant"][data-name="Ben"]').waitFor();
    expect(await ana.page.getByTestId('presence-outline').count()).toBe(0);
    // Ben's own page: nothing in the grid has focus or a ring.
    expect(await ben.page.evaluate(() => document.activeElement?.closest('[role="grid"]') ?? null)).toBeNull();
    await ben.page.screenshot({ path: `${SHOTS}/newcomer-1280.png` });

    // A keyboard user tabs into the grid: a focused cell with a visible ring, and now others see it.
    for (let i = 0; i < 60; i++) {
      await ben.page.keyboard.press('Tab');
      if (await ben.page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell')) break;
    }
    const ring = await ben.page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { testid: el.dataset.testid, outline: getComputedStyle(el).outlineStyle };
    });
    expect(ring).toEqual({ testid: 'cell-us-ceasefire-30-day', outline: 'solid' });
    await expect.poll(() => cell(ana.page, 'us', 'ceasefire-30-day').getByTestId('presence-outline').getAttribute('data-names')).toBe('Ben');
  });

  it('a reopen after a rollback keeps the matrix title: the title and header never show the id', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const e = await demo(server, 'editor', 'Eve');
    const title = await e.page.title();
    expect(title).toMatch(/^Ukraine ceasefire talks.* · Stance Grid$/);
    // Every title and header title from now on.
    await e.page.evaluate(() => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      const own = Object.getOwnPropertyDescriptor(Document.prototype, 'title')!;
      Object.defineProperty(document, 'title', {
        get: () => own.get!.call(document),
        set: (v: string) => (seen.push(`title:${v}`), own.set!.call(document, v)),
      });
      new MutationObserver(() => {
        const text = document.querySelector('header .title')?.textContent?.trim();
        if (text) seen.push(`header:${text}`);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await editWhileLockedOffline(f, e, 'cell-poland-kursk');
    await e.context.setOffline(false);
    await e.page.getByText('The facilitator locked the matrix: your change was undone.').waitFor();
    await connected(e.page);
    await e.page.getByTestId('lock-banner').waitFor();
    const seen = await e.page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.includes(DEMO_MATRIX_ID) || s === 'title:Stance Grid')).toEqual([]);
    expect(await e.page.title()).toBe(title);
  });

  it('the toolbar hint is never clipped, at 1280 and 1920, for a facilitator and an editor', async () => {
    const server = await startServer();
    for (const size of SIZES) {
      for (const role of ['facilitator', 'editor'] as const) {
        const { page } = await demo(server, role, 'Ana', size);
        const hint = page.locator('.toolbar .hint');
        const box = await hint.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { overflow: el.scrollWidth - el.clientWidth, left: r.left, right: r.right, text: el.textContent ?? '' };
        });
        expect(box.overflow, `${role} ${size.width}`).toBeLessThanOrEqual(0);
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(size.width);
        expect(box.text).toMatch(/0\s*clears/);
        await page.screenshot({ path: `${SHOTS}/toolbar-${role}-${size.width}.png`, clip: { x: 0, y: 0, width: size.width, height: 200 } });
      }
    }
  });

  it('Tab goes through the page in visual order: top bar, toolbar, timeline, grid, cell panel', async () => {
    const server = await startServer();
    const { page } = await demo(server, 'facilitator', 'Ana');
    await cell(page, 'russia', 'nato').click();
    await page.getByTestId('cell-editor').waitFor();
    // Start from the top of the page, as after a load: focus a first element, then remove it.
    await page.evaluate(() => {
      const start = document.createElement('button');
      document.body.prepend(start);
      start.focus();
      start.remove();
    });
    const REGIONS = ['header.bar', '.toolbar', '.bars', '[role="grid"]', '[data-testid="cell-editor"]'];
    const stops: { region: number; x: number; y: number; what: string }[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate((regions) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const r = el.getBoundingClientRect();
        const region = regions.findIndex((s) => el.closest(s));
        return { region, x: r.left, y: r.top, what: el.dataset.testid ?? el.getAttribute('aria-label') ?? el.tagName };
      }, REGIONS);
      if (!stop) break;
      if (stops.some((s) => s.what === stop.what && s.x === stop.x && s.y === stop.y)) break;
      stops.push(stop);
    }
    const regions = stops.map((s) => s.region);
    expect(
      regions.every((r) => r >= 0),
      JSON.stringify(stops),
    ).toBe(true);
    expect([...new Set(regions)], JSON.stringify(stops)).toEqual([0, 1, 2, 3, 4]);
    expect(regions, JSON.stringify(stops)).toEqual([...regions].sort((a, b) => a - b));
    // In the top bar and the toolbar (one row each), left to right. (The panel scrolls while tabbing.)
    for (const region of [0, 1]) {
      const xs = stops.filter((s) => s.region === region).map((s) => s.x);
      expect(xs, REGIONS[region]).toEqual([...xs].sort((a, b) => a - b));
    }
  });
});
