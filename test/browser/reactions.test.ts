/**
 * Issue 11.15 in real Chromium pages on the demo matrix: a viewer reacts to a cell from its panel
 * (keyboard-accessible toggle buttons), an editor's page shows the count beside the symbol, the
 * facilitator clears, and the panel stays axe-clean. It also writes screenshots of the grid and
 * present mode at 1280×800 and 1920×1080 (to SHOTS_DIR, else a temp folder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs, openMatrix } from '../utils/browser.ts';
import { SIZES, coveredSymbols, importLongMatrix } from '../utils/legibility.ts';
import { seriousViolations } from '../utils/axe.ts';
import type { Role } from '../../shared/access.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function open(server: TestServer, role: Role, name: string, size = { width: 1280, height: 800 }) {
  const opened = await openDemoAs(server, role, { name, ...size });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

/** Does the reaction chip overlap the cell's stance symbol (an uncoded cell shows none)? */
async function covers(target: Locator): Promise<boolean> {
  const symbol = await target.locator('.symbol').boundingBox();
  const badges = await target.getByTestId('cell-reactions').boundingBox();
  if (!badges) throw new Error('reactions not laid out');
  if (!symbol) return false;
  return !(
    badges.x >= symbol.x + symbol.width ||
    badges.x + badges.width <= symbol.x ||
    badges.y >= symbol.y + symbol.height ||
    badges.y + badges.height <= symbol.y
  );
}

describe('reactions', () => {
  it('a viewer reacts with Agree and the editor sees 1 beside the symbol; the facilitator clears', async () => {
    const server = await startServer();
    const v = await open(server, 'viewer', 'Victor');
    await cell(v.page, 'russia', 'nato').click();
    const agree = v.page.getByTestId('react-agree');
    expect(await agree.getAttribute('aria-pressed')).toBe('false');
    expect(await agree.getAttribute('aria-label')).toBe('Agree, 0 reactions');
    // Keyboard: focus the button and press Space.
    await agree.focus();
    await v.page.keyboard.press('Space');
    await expect.poll(() => agree.getAttribute('aria-pressed')).toBe('true');
    expect(await agree.getAttribute('aria-label')).toBe('Agree, 1 reaction');

    // The viewer's panel, checked before a colleague's presence flag (its name is visible text axe checks) shows in the grid.
    expect(await seriousViolations(v.page), 'viewer cell panel with reactions').toEqual([]);
    // An editor who opens the matrix now is sent the counts.
    const e = await open(server, 'editor', 'Ben');
    const target = cell(e.page, 'russia', 'nato');
    await expect.poll(() => target.getByTestId('cell-reactions').getAttribute('data-chip')).toBe('✓1');
    expect(await target.getAttribute('aria-label')).toContain('reactions: 1 agree');
    expect(await covers(target)).toBe(false);
    // Live: the viewer's next reaction shows on the editor's page.
    await v.page.getByTestId('react-question').click();
    await expect.poll(() => target.getByTestId('cell-reactions').getAttribute('data-chip')).toBe('✓1 ?1');
    expect(await covers(target)).toBe(false);
    // The viewer still cannot change the matrix: its panel has no editing control.
    expect(await v.page.getByTestId('read-only-note').count()).toBe(1);

    const f = await open(server, 'facilitator', 'Fatima');
    await expect.poll(() => cell(f.page, 'russia', 'nato').getByTestId('cell-reactions').getAttribute('data-chip')).toBe('✓1 ?1');
    // In present mode too, the chip sits below the symbol.
    await cell(f.page, 'russia', 'nato').focus();
    await f.page.keyboard.press('p');
    await f.page.getByTestId('present-bar').waitFor();
    expect(await covers(cell(f.page, 'russia', 'nato'))).toBe(false);
    await f.page.keyboard.press('Escape');
    await expect.poll(() => f.page.getByTestId('present-bar').count()).toBe(0);
    await cell(f.page, 'russia', 'nato').click();
    await f.page.getByTestId('clear-all-reactions').click();
    await expect.poll(() => target.getByTestId('cell-reactions').count()).toBe(0);
    await expect.poll(() => agree.getAttribute('aria-pressed')).toBe('false');
    expect([...v.errors, ...e.errors, ...f.errors]).toEqual([]);
  });

  it('three viewers’ counts at 1280 and 1920, in the grid and in present mode, never over a symbol (screenshots)', async () => {
    const shots = process.env.SHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sg-reactions-'));
    const server = await startServer();
    const reactors = await Promise.all(['Ann', 'Bo', 'Cy'].map((name) => open(server, 'viewer', name)));
    const picks: [string, string, string[]][] = [
      ['us', 'ceasefire-30-day', ['agree', 'question']],
      ['russia', 'nato', ['disagree', 'agree']],
      ['poland', 'energy-truce', ['question']],
    ];
    for (const [i, r] of reactors.entries()) {
      for (const [party, issue, kinds] of picks.slice(0, i + 1)) {
        await cell(r.page, party, issue).click();
        for (const kind of kinds) await r.page.getByTestId(`react-${kind}`).click();
        await r.page.keyboard.press('Escape');
      }
    }
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      const f = await open(server, 'facilitator', 'Fatima', size);
      await expect.poll(() => cell(f.page, 'us', 'ceasefire-30-day').getByTestId('cell-reactions').getAttribute('data-chip')).toBe('✓3 ?3');
      await f.page.screenshot({ path: `${shots}/grid-${size.width}.png` });
      await cell(f.page, 'us', 'ceasefire-30-day').click();
      await f.page.getByTestId('cell-reactions-panel').scrollIntoViewIfNeeded();
      await f.page.screenshot({ path: `${shots}/panel-${size.width}.png` });
      await f.page.keyboard.press('Escape');
      await cell(f.page, 'us', 'ceasefire-30-day').focus();
      await f.page.keyboard.press('p');
      await f.page.getByTestId('present-bar').waitFor();
      await f.page.screenshot({ path: `${shots}/present-${size.width}.png` });
      for (const [party, issue] of picks) expect(await covers(cell(f.page, party, issue)), `${party} ${issue} at ${size.width}`).toBe(false);
      await f.context.close();
    }
  });

  it('on a 15 × 25 matrix with long names (narrow columns) the chips cover neither symbol nor source mark, in the grid and present mode', async () => {
    const shots = process.env.SHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sg-reactions-'));
    const server = await startServer();
    const matrix = await importLongMatrix(server);
    const at = (page: Page, row: number, col: number) => page.locator('[role="row"]:has([role="gridcell"])').nth(row).locator('[role="gridcell"]').nth(col);
    // Coded without a source (0, 0), with sources (0, 1) and (14, 1), uncoded (0, 3).
    const picks: [number, number][] = [
      [0, 0],
      [0, 1],
      [14, 1],
      [0, 3],
    ];
    const v = await openMatrix(server, matrix.id, matrix.tokens.viewer, { name: 'Victor' });
    await at(v.page, 14, 1).waitFor();
    for (const [row, col] of picks) {
      await at(v.page, row, col).click();
      for (const kind of ['agree', 'question', 'disagree']) await v.page.getByTestId(`react-${kind}`).click();
      await v.page.keyboard.press('Escape');
    }
    for (const size of SIZES) {
      const f = await openMatrix(server, matrix.id, matrix.tokens.facilitator, { name: 'Fatima', ...size });
      await expect.poll(() => f.page.getByTestId('cell-reactions').count()).toBe(picks.length);
      expect(await coveredSymbols(f.page), `grid at ${size.width}`).toEqual([]);
      await at(f.page, 0, 0).focus();
      await f.page.keyboard.press('p');
      await f.page.getByTestId('present-bar').waitFor();
      await f.page.screenshot({ path: `${shots}/present-long-${size.width}.png` });
      expect(await coveredSymbols(f.page), `present mode at ${size.width}`).toEqual([]);
      for (const [row, col] of picks) expect(await at(f.page, row, col).getByTestId('cell-reactions').isVisible()).toBe(true);
      await f.context.close();
    }
    expect(v.errors).toEqual([]);
  });
});
