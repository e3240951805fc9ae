/**
 * Live collaboration in two real Chromium pages (separate contexts) on the demo matrix:
 * presence (participants strip, remote selection outline), per-user undo, offline edits that
 * converge (same-cell conflict shown as contested), the IndexedDB copy, and live comments.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readCell } from '../../shared/matrix.ts';
import { readContested } from '../../shared/history.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';
import { colorFor } from '../../client/src/presence/user.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const stance = (page: Page, party: string, issue: string) => cell(page, party, issue).getAttribute('data-stance');

async function openDemo(server: TestServer, name: string, size: { width?: number; height?: number } = {}) {
  const opened = await openDemoAs(server, 'editor', { name, ...size });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

/**
 * The page's IndexedDB copy of a matrix, as y-indexeddb stores it (a list of Yjs updates), applied
 * to a fresh doc; null while the database does not exist yet (opening it here would create it
 * without y-indexeddb's stores).
 */
async function localCopy(page: Page, matrixId: string): Promise<Y.Doc | null> {
  const updates = await page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((db) => db.name === name)) return null;
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const db = await request(indexedDB.open(name));
    try {
      if (!db.objectStoreNames.contains('updates')) return null;
      const stored = await request(db.transaction('updates').objectStore('updates').getAll());
      return stored.map((update: Uint8Array) => Array.from(update));
    } finally {
      db.close();
    }
  }, `stance-grid:${matrixId}`);
  if (!updates) return null;
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return doc;
}

/** A cell's stance as the server's HTTP API answers it (it reads storage when the room is not loaded). */
async function serverStance(server: TestServer, party: string, issue: string): Promise<string | null> {
  const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(demoToken(server, 'viewer')) });
  const data = (await res.json()) as MatrixData;
  return data.cells.find((c) => c.partyId === party && c.issueId === issue)?.stance ?? null;
}

/** Focuses a cell (selecting it) and types a stance number key. */
async function setByKey(page: Page, party: string, issue: string, key: string) {
  await cell(page, party, issue).focus();
  await page.keyboard.press(key);
}

describe('presence, undo, offline and comments in two browsers', () => {
  it('each page lists the other and sees its selection outline', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana Lima');
    const b = await openDemo(server, 'Ben Okafor');
    await a.page.locator('[data-testid="participant"][data-name="Ben Okafor"]').waitFor();
    await b.page.locator('[data-testid="participant"][data-name="Ana Lima"]').waitFor();
    expect(await a.page.getByTestId('viewing-count').textContent()).toBe('2 viewing');
    expect(await a.page.getByTestId('participant').getAttribute('title')).toBe('Ben Okafor');

    const outline = b.page.getByTestId('cell-china-nato').getByTestId('presence-outline');
    expect(await outline.count()).toBe(0);
    await cell(a.page, 'china', 'nato').focus();
    await outline.waitFor(); // how fast: npm run bench (d)
    expect(await outline.getAttribute('title')).toBe('Ana Lima');
    expect(await b.page.getByTestId('presence-outline').count()).toBe(1); // only that cell
    expect(await b.page.getByTestId('party-china').getByTestId('presence-dot').count()).toBe(1);
    expect(await b.page.getByTestId('issue-nato').getByTestId('presence-dot').count()).toBe(1);

    // Opening the editor shows an "editing" marker; moving on clears the old cell.
    await cell(a.page, 'china', 'nato').click();
    await b.page.getByTestId('cell-china-nato').getByTestId('presence-editing').waitFor();
    await a.page.keyboard.press('Escape');
    await b.page.getByTestId('cell-china-nato').getByTestId('presence-outline').waitFor();
    // A moving one cell right repaints only the cells and headers concerned in B, not the grid.
    await b.page.evaluate(() => {
      const touched = new Set<string>();
      (window as unknown as { touched: Set<string> }).touched = touched;
      new MutationObserver((records) => {
        for (const r of records) {
          const el = (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[data-nav]');
          touched.add(el?.getAttribute('data-nav') ?? '(outside the grid cells)');
        }
      }).observe(document.querySelector('[data-testid="grid"]')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await a.page.keyboard.press('ArrowRight');
    await expect.poll(() => b.page.getByTestId('cell-china-nato').getByTestId('presence-outline').count()).toBe(0);
    expect(await b.page.getByTestId('presence-outline').count()).toBe(1);
    const touched = await b.page.evaluate(() => [...(window as unknown as { touched: Set<string> }).touched].sort());
    expect(touched.length, touched.join(', ')).toBeLessThanOrEqual(4); // old cell, new cell, old and new column header

    // Closing A's page removes A from B at once (pagehide clears the awareness state).
    await a.page.close();
    await expect.poll(() => b.page.getByTestId('participant').count(), { timeout: 5000 }).toBe(0);
    expect(await b.page.getByTestId('presence-outline').count()).toBe(0);
    expect(b.errors).toEqual([]);
  });

  it("undo in page A reverts A's change, never B's, and returns to A's cell", async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');
    await setByKey(a.page, 'china', 'nato', '6'); // Supports
    await setByKey(b.page, 'china', 'kursk', '2'); // Opposes
    await expect.poll(() => stance(a.page, 'china', 'kursk')).toBe('opposes');
    await expect.poll(() => stance(b.page, 'china', 'nato')).toBe('supports');
    expect(await a.page.getByTestId('undo').isEnabled()).toBe(true);

    await cell(a.page, 'china', 'kursk').focus(); // somewhere else: undo brings A back to its cell
    await a.page.keyboard.press('Control+z');
    await expect.poll(() => stance(a.page, 'china', 'nato')).toBe('');
    await expect.poll(() => stance(b.page, 'china', 'nato')).toBe('');
    expect(await stance(a.page, 'china', 'kursk')).toBe('opposes');
    expect(await stance(b.page, 'china', 'kursk')).toBe('opposes');
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cell-china-nato');
    expect(await a.page.getByTestId('undo').isDisabled()).toBe(true);

    // Nothing more of A's to undo: B's change stays. Redo brings A's back (Ctrl+Shift+Z, and the button).
    await a.page.keyboard.press('Control+z');
    await a.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => stance(b.page, 'china', 'nato')).toBe('supports');
    await a.page.getByTestId('undo').click();
    await expect.poll(() => stance(b.page, 'china', 'nato')).toBe('');
    await a.page.getByTestId('redo').click();
    await expect.poll(() => stance(b.page, 'china', 'nato')).toBe('supports');
    expect(readCell(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'china', 'kursk').stance).toBe('opposes');

    // The Activity feed lists the changes (newest first) and jumps to the cell.
    await cell(a.page, 'us', 'nato').focus();
    await a.page.getByTestId('activity-toggle').click();
    // (Redo restores A's entry where it was in the log, so it may come after B's.)
    const items = a.page.getByTestId('activity-item');
    await expect.poll(async () => (await items.allTextContents()).join('\n')).toMatch(/Ben set the stance\s+in China — Kursk/);
    const nato = items.filter({ hasText: /Ana set the stance\s+in China — NATO membership/ });
    expect(await nato.count()).toBe(1);
    await nato.click();
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cell-china-nato');
  });

  it('both pages go offline, edit different cells and the same cell, and converge with nothing lost', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    for (const { page } of [a, b]) await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor();

    await setByKey(a.page, 'china', 'minerals', '6');
    await setByKey(a.page, 'osce', 'nato', '6'); // same cell, different stances
    await setByKey(b.page, 'poland', 'kursk', '2');
    await setByKey(b.page, 'osce', 'nato', '1');
    await expect.poll(() => a.page.getByTestId('connection-status').textContent()).toContain('Offline — 2 changes not yet synced');
    await expect.poll(() => b.page.getByTestId('connection-status').textContent()).toContain('2 changes not yet synced');
    expect(await stance(b.page, 'china', 'minerals')).toBe('');

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const { page } of [a, b]) {
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      await expect.poll(() => stance(page, 'china', 'minerals')).toBe('supports');
      await expect.poll(() => stance(page, 'poland', 'kursk')).toBe('opposes');
      await expect.poll(() => cell(page, 'osce', 'nato').getAttribute('data-contested')).toBe('true');
      await expect.poll(() => page.getByTestId('connection-status').textContent()).not.toContain('not yet synced');
    }
    expect(await stance(a.page, 'osce', 'nato')).toBe(await stance(b.page, 'osce', 'nato'));
    // Presence comes back too (the server may have held the old sockets for a while).
    await a.page.locator('[data-testid="participant"][data-name="Ben"]').waitFor({ timeout: 5000 });
    await b.page.locator('[data-testid="participant"][data-name="Ana"]').waitFor({ timeout: 5000 });
    expect(await cell(a.page, 'osce', 'nato').getAttribute('aria-label')).toContain('contested');

    // The panel lists both candidates; confirming one clears the marker in the other page.
    await cell(b.page, 'osce', 'nato').click();
    const candidates = b.page.getByTestId('contested-candidate');
    await expect.poll(() => candidates.count()).toBe(2);
    expect((await candidates.allTextContents()).join(' ')).toMatch(/Ana[\s\S]*Ben|Ben[\s\S]*Ana/);
    expect(await b.page.getByTestId('history-entry').count()).toBeGreaterThanOrEqual(2);
    await b.page.locator('[data-testid="contested-candidate"][data-stance="supports"]').getByRole('button', { name: 'Confirm this' }).click();
    await expect.poll(() => cell(a.page, 'osce', 'nato').getAttribute('data-contested')).toBe(null);
    await expect.poll(() => stance(a.page, 'osce', 'nato')).toBe('supports');
    expect(readContested(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'osce', 'nato')).toBe(null);
  });

  it('a reload while the server is unreachable shows the local copy; the edit made then reaches the server', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    // The reload below must find the synced state in IndexedDB.
    const onServer = readCell(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'us', 'ceasefire-30-day').stance;
    expect(onServer).not.toBe(null);
    await expect
      .poll(async () => {
        const copy = await localCopy(a.page, DEMO_MATRIX_ID);
        return copy && readCell(copy, 'us', 'ceasefire-30-day').stance;
      })
      .toBe(onServer);
    let reachable = false;
    await a.context.routeWebSocket(/\/sync\//, (ws) => (reachable ? ws.connectToServer() : ws.close()));
    await a.page.reload();
    await cell(a.page, 'china', 'nato').waitFor();
    expect(await stance(a.page, 'us', 'ceasefire-30-day')).not.toBe('');
    await setByKey(a.page, 'china', 'prisoners', '5');
    await expect.poll(() => a.page.getByTestId('connection-status').textContent()).toContain('1 change not yet synced');
    // The page holds the edit and has no socket, so the server lacks it (asked over HTTP: its room may be unloaded by now).
    await expect.poll(async () => readCell((await localCopy(a.page, DEMO_MATRIX_ID))!, 'china', 'prisoners').stance).toBe('open');
    expect(await serverStance(server, 'china', 'prisoners')).toBe(null);
    reachable = true;
    await expect
      .poll(() => server.rooms.loaded(DEMO_MATRIX_ID) && readCell(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, 'china', 'prisoners').stance, { timeout: 15_000 })
      .toBe('open');
    await a.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  });

  it('a comment posted in page A appears in page B, with a marker on the cell', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'Ana');
    const b = await openDemo(server, 'Ben');
    await cell(a.page, 'poland', 'nato').click();
    await a.page.getByTestId('new-comment').getByRole('textbox').fill('Which speech is this from?');
    await a.page.getByTestId('new-comment').getByRole('button', { name: 'Comment' }).click();
    await expect.poll(() => cell(b.page, 'poland', 'nato').getAttribute('data-comments')).toBe('1');
    await cell(b.page, 'poland', 'nato').click();
    await expect.poll(() => b.page.getByTestId('comment-text').first().textContent()).toBe('Which speech is this from?');
    await b.page.getByTestId('resolve-thread').click();
    await expect.poll(() => cell(a.page, 'poland', 'nato').getAttribute('data-comments')).toBe(null);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('three participants on a 1920 × 1080 projector: strip, outlines, flags and header dots (screenshot)', async () => {
    const server = await startServer();
    const size = { width: 1920, height: 1080 };
    const a = await openDemo(server, 'Ana Lima', size);
    const b = await openDemo(server, 'Ben Okafor', size);
    const c = await openDemo(server, 'Chloé Martin', size);
    // Give all three browsers ids whose hashed colour is the same: the later ones must move off it.
    const ids = Array.from({ length: 400 }, (_, i) => `clash-${i}`);
    const same = ids.filter((id) => colorFor(id) === colorFor(ids[0]!)).slice(0, 3);
    for (const [i, p] of [a, b, c].entries()) {
      await p.page.evaluate((id) => localStorage.setItem('stance-grid:user-id', id), same[i]!);
      await p.page.reload();
      await p.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
    }
    // A contested cell and an open comment, to judge every marker together.
    await b.context.setOffline(true);
    await c.context.setOffline(true);
    await setByKey(b.page, 'poland', 'nato', '6');
    await setByKey(c.page, 'poland', 'nato', '2');
    await b.context.setOffline(false);
    await c.context.setOffline(false);
    await expect.poll(() => cell(a.page, 'poland', 'nato').getAttribute('data-contested')).toBe('true');
    await cell(c.page, 'ukraine', 'territories').click(); // editor open: "editing" marker
    await c.page.getByTestId('new-comment').getByRole('textbox').fill('Source is from before the talks?');
    await c.page.getByTestId('new-comment').getByRole('button', { name: 'Comment' }).click();
    await cell(b.page, 'russia', 'energy-truce').focus();
    await cell(a.page, 'us', 'ceasefire-30-day').focus();
    await expect.poll(() => a.page.getByTestId('viewing-count').textContent()).toBe('3 viewing');
    await a.page.getByTestId('cell-ukraine-territories').getByTestId('presence-editing').waitFor();
    await a.page.getByTestId('cell-russia-energy-truce').getByTestId('presence-outline').waitFor();
    expect(await a.page.getByTestId('presence-outline').count()).toBe(2);
    const dir = process.env.SG_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'sg-presence');
    fs.mkdirSync(dir, { recursive: true });
    await expect.poll(() => cell(a.page, 'ukraine', 'territories').getAttribute('data-comments')).toBe('1');
    const colors = () =>
      a.page
        .getByTestId('participants')
        .locator('li')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    for (const p of [a, b, c]) {
      const seen = () =>
        p.page
          .getByTestId('participants')
          .locator('li')
          .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      await expect.poll(async () => new Set(await seen()).size, { message: 'three distinct colours' }).toBe(3);
    }
    expect(await colors()).toHaveLength(3);
    await a.page.screenshot({ path: path.join(dir, 'three.png') });
    await cell(a.page, 'poland', 'nato').click();
    await a.page.getByTestId('contested').waitFor();
    await a.page.screenshot({ path: path.join(dir, 'contested-panel.png') });
    await cell(a.page, 'ukraine', 'territories').click();
    await a.page.getByTestId('comment-thread').scrollIntoViewIfNeeded();
    await a.page.screenshot({ path: path.join(dir, 'discussion-history.png') });
  });
});
