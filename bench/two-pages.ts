/**
 * (d) Chromium, two pages on the demo matrix: a key pressed in one page → the other page's DOM
 * shows it. The remote selection outline (an editor moves with the arrow keys) and the follow-me
 * spotlight (a facilitator steps through issues in present mode; a viewer follows). Both pages run
 * in one browser on this machine, so their Date.now() stamps share a clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type StanceGridServer } from '../server/server.ts';
import { silentLogger } from '../server/log.ts';
import { shareUrl, type Role } from '../shared/access.ts';
import { DEMO_MATRIX_ID } from '../shared/demo.ts';
import { median, percentile } from './stats.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WARMUP = 2; // the first steps also pay for JIT warm-up in the pages

export interface Delays {
  p50: number;
  p90: number;
  max: number;
  samples: number;
}

async function open(browser: Browser, server: StanceGridServer, role: Role, name: string): Promise<Page> {
  // No service worker, as in render.ts: every load comes from the server.
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
  await context.addInitScript((n: string) => localStorage.setItem('stance-grid:name', n), name);
  const page = await context.newPage();
  await page.goto(shareUrl(server.url, DEMO_MATRIX_ID, server.demoLinks![role]));
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await page.getByTestId('cell-us-ceasefire-30-day').waitFor();
  return page;
}

/**
 * Presses `key` in `sender` `steps` times; after each press waits until `receiver` has seen one
 * more of the elements `selector` matches (told apart by their cell's, or their own, `data-testid`).
 */
async function keyToDom(sender: Page, receiver: Page, key: string, steps: number, selector: string): Promise<Delays> {
  await sender.evaluate(() => {
    const w = window as unknown as { keyAt: number[] };
    w.keyAt = [];
    window.addEventListener('keydown', () => w.keyAt.push(Date.now()), { capture: true });
  });
  // No named functions inside evaluate(): tsx would wrap them in a helper the page lacks.
  await receiver.evaluate((sel) => {
    const w = window as unknown as { seenAt: number[]; seen: Set<string> };
    w.seenAt = [];
    w.seen = new Set([...document.querySelectorAll(sel)].map((el) => (el.closest('[data-testid^="cell-"]') ?? el).getAttribute('data-testid') ?? ''));
    new MutationObserver(() => {
      for (const el of document.querySelectorAll(sel)) {
        const id = (el.closest('[data-testid^="cell-"]') ?? el).getAttribute('data-testid') ?? '';
        if (w.seen.has(id)) continue;
        w.seen.add(id);
        w.seenAt.push(Date.now());
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, selector);
  for (let i = 0; i < steps + WARMUP; i++) {
    await sender.keyboard.press(key);
    await receiver.waitForFunction((n) => (window as unknown as { seenAt: number[] }).seenAt.length >= n, i + 1, { timeout: 10_000, polling: 10 });
  }
  const keyAt = await sender.evaluate(() => (window as unknown as { keyAt: number[] }).keyAt);
  const seenAt = await receiver.evaluate(() => (window as unknown as { seenAt: number[] }).seenAt);
  const delays = seenAt
    .map((t, i) => t - keyAt[i]!)
    .slice(WARMUP)
    .sort((a, b) => a - b);
  return { p50: median(delays), p90: percentile(delays, 90), max: delays.at(-1) ?? NaN, samples: delays.length };
}

export async function runTwoPages(steps = 10): Promise<{ outline: Delays; spotlight: Delays }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-two-pages-'));
  const server = await createServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // Selection: an editor walks along the US row; the facilitator's page draws the outline.
    const editor = await open(browser, server, 'editor', 'Ana');
    const facilitator = await open(browser, server, 'facilitator', 'Fay');
    await editor.getByTestId('cell-us-ceasefire-30-day').focus();
    await facilitator.locator('[data-testid="cell-us-ceasefire-30-day"] [data-testid="presence-outline"]').waitFor();
    const outline = await keyToDom(editor, facilitator, 'ArrowRight', Math.min(steps, 15), '[data-testid="presence-outline"]');

    // Spotlight: the facilitator presents and steps right; a following viewer's header lights up.
    const viewer = await open(browser, server, 'viewer', 'Vic');
    await facilitator.keyboard.press('p');
    await facilitator.getByTestId('present-bar').waitFor();
    await viewer.locator('[data-testid="follow-bar"][data-following="true"]').waitFor();
    const spotlight = await keyToDom(facilitator, viewer, 'ArrowRight', Math.min(steps, 15), '[role="columnheader"][data-spotlight="on"]');
    return { outline, spotlight };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
