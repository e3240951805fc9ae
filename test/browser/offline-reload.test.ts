/**
 * Issue 11, item 16 in Chromium: the service worker keeps the app shell, so a matrix this browser
 * has opened reloads without network (from its IndexedDB copy) and says it is offline; online, a
 * reload always gets the server's current index.html (no stale client after a deploy); the API is
 * never answered with the shell.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { openDemoAs } from '../utils/browser.ts';
import { startServer } from '../utils/server.ts';

const DIST = path.resolve(process.env.TEST_STATIC_DIR ?? path.join(import.meta.dirname, '../../dist'));
const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

/** A copy of the built client this test may change (a "deploy"). */
function copyOfDist(): string {
  if (!fs.existsSync(path.join(DIST, 'sw.js'))) throw new Error(`${DIST} has no sw.js: build the client first (npx vite build)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stance-grid-dist-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** True once the matrix's local copy (y-indexeddb) holds stored updates. */
function localCopyStored(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (name) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open(name);
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) return (db.close(), resolve(false));
          const count = db.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => (db.close(), resolve(count.result > 0));
          count.onerror = () => (db.close(), resolve(false));
        };
      }),
    `stance-grid:${id}`,
  );
}

describe('reload without network (issue 11, item 16)', () => {
  it('a matrix opened before reloads offline from the cached shell and its local copy; online reloads get the new index.html', async () => {
    const staticDir = copyOfDist();
    const server = await startServer({ staticDir });
    const { page, context, errors } = await openDemoAs(server, 'editor', { serviceWorkers: 'allow' });
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
    // The cell's text without soft hyphens: the hyphenation patterns load lazily, before or after a read.
    const cellText = async () => (await cell(page, 'us', 'ceasefire-30-day').textContent())?.replaceAll('\u00ad', '').trim();
    const usCeasefire = await cellText();
    expect(usCeasefire).toBeTruthy();

    // The worker controls the page (it claims it), and the local copy is stored.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 30_000 }).toMatch(/\/sw\.js$/);
    await expect.poll(() => localCopyStored(page, DEMO_MATRIX_ID), { timeout: 30_000 }).toBe(true);

    // A deploy: the server's index.html changes; an online reload shows it, not the cached one.
    const index = path.join(staticDir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', '<head>\n    <meta name="stance-grid-build" content="next" />'));
    await page.reload();
    await cell(page, 'us', 'ceasefire-30-day').waitFor();
    expect(await page.locator('meta[name="stance-grid-build"]').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    // No network at all: the server is gone and the browser offline.
    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect.poll(cellText, { timeout: 20_000 }).toBe(usCeasefire);
    expect(await page.locator('[data-testid^="cell-"]').count()).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('offline');
    expect(await page.title()).not.toContain(DEMO_MATRIX_ID);
    await page.screenshot({ path: '/tmp/shots/firstrun/offline-reload-1280.png' });

    // The API and the sync path are never the shell: offline, navigating there fails.
    for (const p of ['/api/config', `/sync/${DEMO_MATRIX_ID}`]) {
      const other = await context.newPage();
      const shown = await other.goto(`${server.url}${p}`).then(
        (res) => res?.headers()['content-type'] ?? 'none',
        () => 'failed',
      );
      expect(shown, p).not.toContain('text/html');
      await other.close();
    }
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|WebSocket|Failed to fetch|Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);
});
