/**
 * Issue 11, items 5 and 6 in real Chromium pages: in present mode and in the normal grid, at
 * 1280 × 800 and 1920 × 1080, no word of an issue or party header or a level label is split
 * across lines except at a syllable (a soft hyphen), and no source badge covers a stance symbol.
 * Screenshots go to SG_SCREENSHOT_DIR (default: the OS temp folder, sg-legibility/).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';
import { SIZES, coveredSymbols, screenshotDir, smallestType, splitWords } from '../utils/legibility.ts';

describe('legible headers and symbols', () => {
  for (const size of SIZES) {
    it(`demo at ${size.width} × ${size.height}: no mid-word breaks and no covered symbols, in the grid and in present mode`, async () => {
      const server = await startServer();
      const { page } = await openDemoAs(server, 'facilitator', { name: 'Fatima', ...size });
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      await page.getByTestId('cell-us-ceasefire-30-day').waitFor();
      // The hyphenation patterns load after the first render: wait until a long header has soft hyphens.
      await expect.poll(() => page.getByTestId('issue-peacekeepers').evaluate((e) => (e.textContent ?? '').includes('\u00ad'))).toBe(true);
      await page.screenshot({ path: path.join(screenshotDir(), `grid-${size.width}.png`) });
      expect(await splitWords(page), 'grid').toEqual([]);
      expect(await coveredSymbols(page), 'grid').toEqual([]);

      await page.getByTestId('cell-us-ceasefire-30-day').focus();
      await page.keyboard.press('p');
      await page.getByTestId('present-bar').waitFor();
      await expect.poll(() => page.locator('.page.presenting').count()).toBe(1);
      await page.screenshot({ path: path.join(screenshotDir(), `present-${size.width}.png`) });
      expect(await splitWords(page), 'present').toEqual([]);
      expect(await coveredSymbols(page), 'present').toEqual([]);
      if (size.width >= 1920) {
        // Projector minimums: 20 px headers, 24 px stance symbols.
        const type = await smallestType(page);
        expect(type.header).toBeGreaterThanOrEqual(20);
        expect(type.party).toBeGreaterThanOrEqual(20);
        expect(type.symbol).toBeGreaterThanOrEqual(24);
      }
    });
  }

  it('at 1280 × 800 the cell panel never covers the cell being edited (right-most column)', async () => {
    const server = await startServer();
    const { page } = await openDemoAs(server, 'editor', { name: 'Ana', width: 1280, height: 800 });
    await page.getByTestId('cell-us-ceasefire-30-day').waitFor();
    const last = page.getByTestId('cell-china-us-russia-ties');
    await last.click();
    const panel = page.locator('.drawer');
    await panel.waitFor();
    const visibleLeftOfPanel = async () => {
      const [c, p] = await Promise.all([last.boundingBox(), panel.boundingBox()]);
      return c !== null && p !== null && c.x + c.width <= p.x + 1 && c.x >= 0;
    };
    await expect.poll(visibleLeftOfPanel).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir(), 'panel-1280.png') });
  });
});
