/**
 * Present mode in real Chromium pages on the demo matrix (10 parties × 18 issues): a facilitator
 * at 1920 × 1080 presents; a viewer (who follows by default) and an editor watch. Spotlight,
 * walk-through, follow / stop / rejoin, reveal, timer, the P key and the projector fit.
 * Screenshots go to SG_SCREENSHOT_DIR (default: the OS temp folder, sg-present/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role } from '../../shared/access.ts';
import { addAxisItem } from '../../shared/matrix.ts';
import { AWARENESS_STAGE_FIELD } from '../../shared/access.ts';
import { createMatrix, startServer, type TestServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openDemoAs, openMatrix } from '../utils/browser.ts';

const PROJECTOR = { width: 1920, height: 1080 };
/** Narrow enough that the viewer's plain grid scrolls sideways (18 columns × 52 px + parties). */
const LAPTOP = { width: 900, height: 700 };
const ISSUES = ['ceasefire-30-day', 'energy-truce', 'black-sea', 'peacekeepers', 'territories', 'nato', 'eu-membership', 'guarantees-ukraine'] as const;

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const issueHeader = (page: Page, issue: string) => page.getByTestId(`issue-${issue}`);
const spotlightOf = (page: Page, issue: string) => issueHeader(page, issue).getAttribute('data-spotlight');

async function openDemo(server: TestServer, role: Role, name: string, size: { width: number; height: number }, storage?: Record<string, string>) {
  const opened = await openDemoAs(server, role, { name, ...size, ...(storage ? { storage } : {}) });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

async function present(page: Page) {
  await page.keyboard.press('p');
  await page.getByTestId('present-bar').waitFor();
}

/** Is the element fully inside the grid's visible scroll area (right of the sticky party column)? */
function inView(page: Page, issue: string) {
  return page.evaluate((id) => {
    const el = document.querySelector<HTMLElement>(`[data-testid="issue-${id}"]`)!;
    const scroller = el.closest<HTMLElement>('[role="grid"]')!.parentElement!;
    const party = scroller.querySelector<HTMLElement>('[role="rowheader"]')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    return box.left >= party.right - 1 && box.right <= view.right + 1;
  }, issue);
}

const scrollerOf = (page: Page) => page.locator('[role="grid"]').locator('xpath=..');

/** The grid scroller's position as fractions of its scrollable range (what follow-me shares), and the ranges in px. */
const scrollFractions = (page: Page) =>
  scrollerOf(page).evaluate((el) => {
    const rx = el.scrollWidth - el.clientWidth;
    const ry = el.scrollHeight - el.clientHeight;
    return { x: el.scrollLeft / rx, y: el.scrollTop / ry, rx, ry };
  });
const near = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < 0.02 && Math.abs(a.y - b.y) < 0.02;

function screenshotDir(): string {
  const dir = process.env.SG_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'sg-present');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('present mode, spotlight and follow-me', () => {
  it("a following viewer's view moves to the facilitator's spotlight; after Stop following it stays; rejoining moves it", async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima Diallo', PROJECTOR);
    const v = await openDemo(server, 'viewer', 'Victor Hugo', LAPTOP);
    await present(f.page);
    await v.page.locator('[data-testid="follow-bar"][data-following="true"]').waitFor();
    expect(await v.page.getByTestId('follow-bar').textContent()).toMatch(/Following\s+Fatima Diallo\s+·\s+Stop following/);
    expect(await v.page.locator('.page.presenting').count()).toBe(0); // following never forces the projector layout

    // The viewer looks far right; the facilitator steps to issue 3: the viewer's grid goes there.
    await scrollerOf(v.page).evaluate((el) => (el.scrollLeft = el.scrollWidth));
    expect(await inView(v.page, 'black-sea')).toBe(false);
    for (let i = 0; i < 3; i++) await f.page.keyboard.press('ArrowRight');
    expect(await f.page.getByTestId('step-indicator').textContent()).toMatch(/Issue 3 of 18:\s*Black Sea truce/);
    await expect.poll(() => spotlightOf(v.page, 'black-sea')).toBe('on');
    await expect.poll(() => inView(v.page, 'black-sea')).toBe(true);
    expect(await cell(v.page, 'russia', 'black-sea').getAttribute('data-spotlight')).toBe('issue');
    expect(await cell(v.page, 'russia', 'energy-truce').getAttribute('data-spotlight')).toBe('dim');
    expect(await spotlightOf(v.page, 'energy-truce')).toBe('dim');
    await expect.poll(() => v.page.getByTestId('present-announcer').textContent()).toContain('Spotlight: Black Sea truce, issue 3 of 18');

    // The viewer follows each step (how fast: npm run bench (d)).
    for (const issue of ISSUES.slice(3)) {
      await f.page.keyboard.press('ArrowRight');
      await expect.poll(() => spotlightOf(v.page, issue)).toBe('on');
    }

    // Stop following: the facilitator moves on, the viewer's view does not.
    await v.page.getByTestId('stop-following').click();
    await v.page.locator('[data-testid="follow-bar"][data-following="false"]').waitFor();
    await expect.poll(() => spotlightOf(v.page, 'guarantees-ukraine')).toBe(null); // the plain grid again
    const scrollBefore = await scrollerOf(v.page).evaluate((el) => el.scrollLeft);
    await f.page.keyboard.press('ArrowRight'); // issue 9: Guarantees for Russia
    await expect.poll(() => v.page.getByTestId('follow-bar').textContent()).toContain('is presenting, at issue 9 of 18');
    expect(await v.page.locator('[data-spotlight]').count()).toBe(0);
    expect(await scrollerOf(v.page).evaluate((el) => el.scrollLeft)).toBe(scrollBefore);

    // Rejoin with one click: straight to where the facilitator is.
    await v.page.getByRole('button', { name: 'Follow facilitator' }).click();
    await expect.poll(() => spotlightOf(v.page, 'guarantees-russia')).toBe('on');
    expect(v.errors).toEqual([]);
    expect(f.errors).toEqual([]);
  });

  it("a following viewer's grid tracks the facilitator's scroll position live (as fractions, at another screen size); after Stop following it stays", async () => {
    const server = await startServer();
    const matrix = await createMatrix(server, 'Big grid');
    // 40 × 40 built through the model on a facilitator's Node client: too big for any screen, even in present mode.
    const seed = await connectSynced(server.syncUrl, matrix.id, matrix.tokens.facilitator);
    for (let i = 0; i < 40; i++) {
      addAxisItem(seed.doc, 'parties', { id: `p${i}`, name: `Party ${i + 1}` });
      addAxisItem(seed.doc, 'issues', { id: `i${i}`, name: `Issue ${i + 1}` });
    }
    const open = async (token: string, name: string, size: { width: number; height: number }) => {
      const opened = await openMatrix(server, matrix.id, token, { name, ...size });
      await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      await cell(opened.page, 'p39', 'i39').waitFor({ state: 'attached' });
      return opened;
    };
    const f = await open(matrix.tokens.facilitator, 'Fatima', PROJECTOR);
    const v = await open(matrix.tokens.viewer, 'Victor', { width: 1280, height: 800 });
    await present(f.page);
    await v.page.locator('[data-testid="follow-bar"][data-following="true"]').waitFor();
    const fStart = await scrollFractions(f.page);
    expect(fStart.rx).toBeGreaterThan(200);
    expect(fStart.ry).toBeGreaterThan(200);
    const vStart = await scrollFractions(v.page);
    // Different sizes: equal fractions are different pixel offsets.
    expect(vStart.rx).not.toBe(fStart.rx);
    expect(vStart.ry).not.toBe(fStart.ry);

    // Set on the real scroller, then with the mouse wheel: the viewer follows each move.
    await scrollerOf(f.page).evaluate((el) => {
      el.scrollLeft = 0.6 * (el.scrollWidth - el.clientWidth);
      el.scrollTop = 0.75 * (el.scrollHeight - el.clientHeight);
    });
    const first = await scrollFractions(f.page);
    expect(near(first, { x: 0.6, y: 0.75 })).toBe(true);
    await expect.poll(async () => near(await scrollFractions(v.page), first)).toBe(true);
    await f.page.mouse.move(960, 600);
    await f.page.mouse.wheel(-0.3 * first.rx, -0.3 * first.ry);
    await expect.poll(async () => near(await scrollFractions(f.page), { x: 0.3, y: 0.45 })).toBe(true);
    // Compared with the facilitator's live position (a wheel may still be easing in).
    await expect.poll(async () => near(await scrollFractions(v.page), await scrollFractions(f.page))).toBe(true);
    expect(near(await scrollFractions(v.page), { x: 0.3, y: 0.45 })).toBe(true);

    // Stop following: the facilitator scrolls to the far corner, the viewer's grid does not move.
    await v.page.getByTestId('stop-following').click();
    await v.page.locator('[data-testid="follow-bar"][data-following="false"]').waitFor();
    const held = await scrollerOf(v.page).evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    await scrollerOf(f.page).evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      el.scrollTop = el.scrollHeight;
    });
    // Proof the corner went out: another facilitator connection sees it in the presenter's awareness.
    const cornerSent = () =>
      [...seed.provider.awareness.getStates().values()].some((s) => {
        const scroll = (s[AWARENESS_STAGE_FIELD] as { scroll?: { x: unknown; y: unknown } } | undefined)?.scroll;
        return scroll?.x === 1 && scroll.y === 1;
      });
    await expect.poll(cornerSent).toBe(true);
    // A later stage change from the same presenter reaching the viewer: the corner reached it first.
    await f.page.keyboard.press('ArrowRight');
    await expect.poll(() => v.page.getByTestId('follow-bar').textContent()).toContain('is presenting, at issue 1 of 40');
    expect(await scrollerOf(v.page).evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }))).toEqual(held);
    expect(f.errors).toEqual([]);
    expect(v.errors).toEqual([]);
  });

  it('only a facilitator drives followers: an editor presenting is ignored, and with two facilitators the latest change leads', async () => {
    const server = await startServer();
    const editor = await openDemo(server, 'editor', 'Ed Editor', PROJECTOR);
    const v = await openDemo(server, 'viewer', 'Victor', LAPTOP);
    await present(editor.page);
    await editor.page.keyboard.press('End');
    await expect.poll(() => spotlightOf(editor.page, 'us-russia-ties')).toBe('on');
    // An editor's stage never reaches anyone (the server strips it), so the viewer has no one to follow.
    const f1 = await openDemo(server, 'facilitator', 'Fatima', PROJECTOR);
    await present(f1.page);
    await f1.page.keyboard.press('ArrowRight');
    await expect.poll(() => spotlightOf(v.page, 'ceasefire-30-day')).toBe('on');
    expect(await spotlightOf(v.page, 'us-russia-ties')).toBe('dim');
    expect(await v.page.getByTestId('follow-bar').textContent()).toContain('Following Fatima');

    const f2 = await openDemo(server, 'facilitator', 'Farid', PROJECTOR);
    await present(f2.page);
    await f2.page.keyboard.press('End');
    await expect.poll(() => spotlightOf(v.page, 'us-russia-ties')).toBe('on');
    await expect.poll(() => v.page.getByTestId('follow-bar').textContent()).toContain('Following Farid');
    await f1.page.keyboard.press('ArrowRight');
    await expect.poll(() => spotlightOf(v.page, 'energy-truce')).toBe('on');
    expect(await v.page.getByTestId('follow-bar').textContent()).toContain('Following Fatima');
  });

  it('reveal hides every stance in both pages (no stance text anywhere in a hidden cell) and stepping reveals column by column', async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima', PROJECTOR);
    const v = await openDemo(server, 'viewer', 'Victor', LAPTOP);
    await present(f.page);
    await f.page.getByTestId('reveal-start').click();
    for (const page of [f.page, v.page]) {
      await expect.poll(() => page.locator('[role="gridcell"][data-hidden]').count()).toBe(10 * 18);
      const us = cell(page, 'us', 'ceasefire-30-day'); // Demands / Proposes, 4 sources
      expect(await us.textContent()).not.toMatch(/Demands|Proposes|\+3|4/);
      expect(await us.getAttribute('aria-label')).toBe('United States on 30-day ceasefire: stance hidden until revealed');
      expect(await us.getAttribute('data-stance')).toBe('');
      expect(await us.getAttribute('title')).not.toMatch(/Demands|“/);
    }
    expect(await f.page.getByTestId('reveal-progress').textContent()).toBe('Revealed 0 of 18');

    await f.page.keyboard.press('ArrowRight');
    for (const page of [f.page, v.page]) {
      await expect.poll(() => cell(page, 'us', 'ceasefire-30-day').getAttribute('data-stance')).toBe('demands');
      expect(await cell(page, 'us', 'ceasefire-30-day').textContent()).toContain('+3');
      expect(await cell(page, 'us', 'energy-truce').getAttribute('data-hidden')).toBe('true');
      expect(await page.locator('[role="gridcell"][data-hidden]').count()).toBe(10 * 17);
    }
    await expect.poll(() => v.page.getByTestId('present-announcer').textContent()).toContain('Revealed: 30-day ceasefire');
    await f.page.keyboard.press('ArrowRight');
    await expect.poll(() => cell(v.page, 'us', 'energy-truce').getAttribute('data-hidden')).toBe(null);
    expect(await cell(v.page, 'us', 'black-sea').getAttribute('data-hidden')).toBe('true');
    expect(await v.page.getByTestId('present-announcer').textContent()).toContain('Revealed: Energy truce');
    // Stepping back keeps what was shown; a hidden cell never opens the editor for a follower.
    await f.page.keyboard.press('ArrowLeft');
    await expect.poll(() => spotlightOf(v.page, 'ceasefire-30-day')).toBe('on');
    expect(await cell(v.page, 'us', 'energy-truce').getAttribute('data-hidden')).toBe(null);
    await cell(v.page, 'russia', 'nato').click();
    expect(await v.page.getByTestId('source-item').count()).toBe(0);
    // Pointing at a hidden column reveals nothing ("what do you expect?"); "Reveal column" does.
    await issueHeader(f.page, 'nato').click();
    await expect.poll(() => spotlightOf(v.page, 'nato')).toBe('on');
    expect(await cell(v.page, 'russia', 'nato').getAttribute('data-hidden')).toBe('true');
    await f.page.getByTestId('reveal-column').click();
    await expect.poll(() => cell(v.page, 'russia', 'nato').getAttribute('data-stance')).toBe('rejects');
    expect(await cell(v.page, 'russia', 'peacekeepers').getAttribute('data-hidden')).toBe('true');
    expect(await f.page.getByTestId('reveal-column').isDisabled()).toBe(true);

    await f.page.getByTestId('reveal-all').click();
    await expect.poll(() => v.page.locator('[data-hidden]').count()).toBe(0);
    expect(await cell(v.page, 'russia', 'peacekeepers').getAttribute('data-stance')).toBe('rejects');
  });

  it("the facilitator's timer shows in the viewer's header and counts down, pauses, and says Time's up", async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima', PROJECTOR);
    const v = await openDemo(server, 'viewer', 'Victor', LAPTOP);
    expect(await v.page.getByTestId('timer').count()).toBe(0);
    expect(await v.page.getByTestId('timer-menu').count()).toBe(0); // only facilitators set timers
    await f.page.getByTestId('timer-menu').locator('summary').click();
    await f.page.getByTestId('timer-start-5').click();
    const timer = v.page.getByTestId('timer');
    await expect.poll(() => timer.textContent()).toMatch(/^\s*4:5\d|5:00\s*$/);
    const first = Number(await timer.getAttribute('data-remaining-s'));
    await expect.poll(async () => Number(await timer.getAttribute('data-remaining-s')), { timeout: 5000 }).toBeLessThan(first);

    await f.page.getByTestId('timer-menu').locator('summary').click();
    await f.page.getByTestId('timer-pause').click();
    await expect.poll(() => timer.textContent()).toContain('paused');
    const paused = await timer.getAttribute('data-remaining-s');
    // The large countdown in present mode shows the same paused time.
    await present(f.page);
    expect(await f.page.getByTestId('timer-large').getAttribute('data-remaining-s')).toBe(paused);

    await f.page.getByTestId('timer-menu').locator('summary').click();
    await f.page.getByTestId('timer-custom').fill('0:04');
    await f.page.getByTestId('timer-start-custom').click();
    await expect.poll(() => f.page.getByTestId('timer-menu').getByRole('alert').textContent()).toContain('from 5 seconds');
    await f.page.getByTestId('timer-custom').fill('0:05');
    await f.page.getByTestId('timer-start-custom').click();
    await expect.poll(() => timer.textContent(), { timeout: 10_000 }).toContain("Time's up");
    expect(await timer.getAttribute('aria-label')).toBe("Time's up");
    await expect.poll(() => f.page.getByTestId('timer-large').textContent()).toContain("Time's up");
  });

  it('P toggles present mode (not while typing), Escape leaves, and the 10 × 18 demo fits 1920 × 1080 without scrolling (screenshots)', async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima Diallo', PROJECTOR, { 'stance-grid:test-hook': '1' });
    const v = await openDemo(server, 'viewer', 'Victor Hugo', { width: 1280, height: 800 });
    const dir = screenshotDir();
    await present(f.page);
    expect(await f.page.getByTestId('legend').count()).toBe(0);
    expect(await f.page.locator('.toolbar').count()).toBe(0);
    const fit = () =>
      scrollerOf(f.page).evaluate((el) => ({
        x: el.scrollWidth - el.clientWidth,
        y: el.scrollHeight - el.clientHeight,
        page: document.documentElement.scrollHeight - innerHeight,
      }));
    expect(await fit()).toEqual({ x: 0, y: 0, page: 0 });
    await f.page.screenshot({ path: path.join(dir, 'present-plain.png') });

    await f.page.keyboard.press('p');
    await f.page.getByTestId('present-bar').waitFor({ state: 'detached' });
    await f.page.getByTestId('present-toggle').click();
    await f.page.getByTestId('present-bar').waitFor();
    await f.page.keyboard.press('Escape');
    await f.page.getByTestId('present-bar').waitFor({ state: 'detached' });
    // Typing a "p" in a text field types it.
    await cell(f.page, 'us', 'nato').click();
    const comment = f.page.getByTestId('new-comment').getByRole('textbox');
    await comment.fill('');
    await comment.press('p');
    expect(await comment.inputValue()).toBe('p');
    expect(await f.page.getByTestId('present-bar').count()).toBe(0);
    await f.page.keyboard.press('Escape');
    await f.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    // A spotlighted column, then a cell with its quotes, then a half-revealed grid.
    await present(f.page);
    for (let i = 0; i < 5; i++) await f.page.keyboard.press('ArrowRight');
    await expect.poll(() => spotlightOf(f.page, 'territories')).toBe('on');
    await f.page.mouse.move(0, 0); // no hover highlight in the picture
    await f.page.screenshot({ path: path.join(dir, 'present-column.png') });
    await cell(f.page, 'russia', 'ceasefire-30-day').click();
    const callout = f.page.getByTestId('spotlight-callout');
    await callout.waitFor();
    expect(await callout.textContent()).toMatch(/Russia\s+on\s+30-day ceasefire/);
    // The quotes of the position it holds now (18 March in the demo timeline: three), not those of
    // the positions it has since left.
    expect(await callout.locator('blockquote').count()).toBe(3);
    expect(await cell(f.page, 'russia', 'ceasefire-30-day').getAttribute('data-spotlight')).toBe('cell');
    await f.page.screenshot({ path: path.join(dir, 'present-cell.png') });
    expect(await fit()).toEqual({ x: 0, y: 0, page: 0 });

    await f.page.getByTestId('timer-menu').locator('summary').click();
    await f.page.getByTestId('timer-start-10').click();
    await f.page.getByTestId('reveal-start').click();
    for (let i = 0; i < 9; i++) await f.page.keyboard.press('ArrowRight');
    await expect.poll(() => f.page.locator('[role="gridcell"][data-hidden]').count()).toBe(10 * 9);
    await f.page.mouse.move(0, 0);
    await f.page.screenshot({ path: path.join(dir, 'present-reveal.png') });
    await expect.poll(() => v.page.locator('[role="gridcell"][data-hidden]').count()).toBe(10 * 9);
    await v.page.getByTestId('timer').waitFor();
    await v.page.screenshot({ path: path.join(dir, 'present-follower.png') });

    // 10 × 15 with a long party name fits too (wider columns, so larger type and taller headers).
    await f.page.getByTestId('reveal-all').click();
    await f.page.evaluate(() => {
      const { actions } = window.__stanceGrid!.store;
      for (const id of ['minerals', 'elections', 'europe-role']) actions.deleteItem('issues', id);
      actions.renameItem('parties', 'russia-hawks', 'Russian hardliners and nationalist military bloggers');
    });
    await expect.poll(() => f.page.locator('[role="columnheader"][data-kind="issues"]').count()).toBe(15);
    await expect.poll(fit).toEqual({ x: 0, y: 0, page: 0 });
    expect(f.errors).toEqual([]);
    expect(v.errors).toEqual([]);
  });
});
