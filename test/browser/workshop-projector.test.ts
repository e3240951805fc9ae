/**
 * Issue 11, items 5–8 on a 15 × 25 matrix with long party and issue names (and the demo): in
 * present mode the grid fits the screen at 1280 × 800 and 1920 × 1080 with no word split except at a
 * syllable, no symbol under a mark, and at 1920 headers of at least 20 px and symbols of at least
 * 24 px; the zoom (+ / −, buttons in the present bar) reaches followers; the normal grid keeps its
 * headers whole when a colleague's dot appears; "Print: grid (one page)" is one page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openMatrix } from '../utils/browser.ts';
import { startServer, type TestServer } from '../utils/server.ts';
import { SIZES, coveredSymbols, importLongMatrix, screenshotDir, smallestType, splitWords, waitForHyphens } from '../utils/legibility.ts';

const LAST_ISSUE = (page: Page) => page.locator('[role="columnheader"].issue').last();

async function openLong(server: TestServer, role: 'facilitator' | 'editor' | 'viewer', name: string, size: { width: number; height: number }) {
  const matrix = await importLongMatrix(server);
  return openLongAt(server, matrix.id, matrix.tokens[role], name, size);
}

async function openLongAt(server: TestServer, id: string, token: string, name: string, size: { width: number; height: number }) {
  const opened = await openMatrix(server, id, token, { name, ...size });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await expect.poll(() => opened.page.locator('[role="gridcell"]').count()).toBe(15 * 25);
  await waitForHyphens(opened.page);
  return opened;
}

async function present(page: Page): Promise<void> {
  await page.locator('[role="gridcell"]').first().focus();
  await page.keyboard.press('p');
  await page.getByTestId('present-bar').waitFor();
  await expect.poll(() => page.locator('.page.presenting').count()).toBe(1);
}

/** The grid scroller's overflow in px (0 when everything is on screen). */
function overflow(page: Page): Promise<{ x: number; y: number }> {
  return page.locator('.scroller').evaluate((el) => ({ x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight }));
}

const headFont = (page: Page) =>
  LAST_ISSUE(page)
    .locator('.name')
    .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

describe('legible on the projector: 15 × 25 with long names', () => {
  for (const size of SIZES) {
    it(`present mode at ${size.width} × ${size.height}: fits the screen, no mid-word breaks, no covered symbols, projector-sized type`, async () => {
      const server = await startServer();
      const { page, errors } = await openLong(server, 'facilitator', 'Fatima', size);
      await present(page);
      await page.screenshot({ path: path.join(screenshotDir(), `present-long-${size.width}.png`) });
      expect(await splitWords(page), 'split words').toEqual([]);
      expect(await coveredSymbols(page), 'covered symbols').toEqual([]);
      const over = await overflow(page);
      expect(over.x, 'scrolls sideways').toBeLessThanOrEqual(1);
      expect(over.y, 'scrolls down').toBeLessThanOrEqual(1);
      // A clamped name keeps its full text in the title.
      expect(await LAST_ISSUE(page).getAttribute('title')).toBe(await LAST_ISSUE(page).locator('.visually-hidden').textContent());
      if (size.width >= 1920) {
        const type = await smallestType(page);
        expect(type.header).toBeGreaterThanOrEqual(20);
        expect(type.party).toBeGreaterThanOrEqual(20);
        expect(type.symbol).toBeGreaterThanOrEqual(24);
      }
      expect(errors).toEqual([]);
    });
  }

  it('zoom: + gives larger type (the grid then scrolls), − smaller, 0 fits again; a follower in present mode gets it', async () => {
    const server = await startServer();
    const matrix = await importLongMatrix(server);
    const size = { width: 1920, height: 1080 };
    const f = await openLongAt(server, matrix.id, matrix.tokens.facilitator, 'Fatima', size);
    const v = await openLongAt(server, matrix.id, matrix.tokens.viewer, 'Victor', { width: 1280, height: 800 });
    await present(f.page);
    await present(v.page);
    await v.page.locator('[data-testid="follow-bar"][data-following="true"]').waitFor();
    const fit = await headFont(f.page);
    const fitViewer = await headFont(v.page);

    await f.page.keyboard.press('+');
    await expect.poll(() => f.page.getByTestId('grid').getAttribute('data-zoom')).toBe('1');
    expect(await headFont(f.page)).toBeGreaterThan(fit);
    await expect.poll(() => v.page.getByTestId('grid').getAttribute('data-zoom')).toBe('1');
    expect(await headFont(v.page)).toBeGreaterThan(fitViewer);

    // The buttons in the present bar do the same, up to the largest step.
    await f.page.getByTestId('zoom-in').click();
    await f.page.getByTestId('zoom-in').click();
    await expect.poll(() => f.page.getByTestId('zoom-in').isDisabled()).toBe(true);
    await expect.poll(() => v.page.getByTestId('grid').getAttribute('data-zoom')).toBe('3');
    expect((await overflow(f.page)).x, 'larger type: fewer cells on screen').toBeGreaterThan(100);
    await f.page.screenshot({ path: path.join(screenshotDir(), 'present-long-zoom3-1920.png') });
    expect(await splitWords(f.page)).toEqual([]);
    expect(await coveredSymbols(f.page)).toEqual([]);

    await f.page.locator('[role="gridcell"]').first().focus();
    await f.page.keyboard.press('0');
    await f.page.keyboard.press('-');
    await expect.poll(() => v.page.getByTestId('grid').getAttribute('data-zoom')).toBe('-1');
    expect(await headFont(f.page)).toBeLessThan(fit);
    expect(await f.page.getByTestId('present-zoom').getAttribute('data-zoom')).toBe('-1');
    await f.page.getByTestId('zoom-out').click();
    await expect.poll(() => f.page.getByTestId('grid').getAttribute('data-zoom')).toBe('-2');
    await f.page.screenshot({ path: path.join(screenshotDir(), 'present-long-zoom-2-1920.png') });
    expect(await splitWords(f.page)).toEqual([]);
    expect(await coveredSymbols(f.page)).toEqual([]);
    expect(f.errors).toEqual([]);
    expect(v.errors).toEqual([]);
  });
});

describe('legible in the normal grid: a colleague, the actions button and long party names', () => {
  for (const size of SIZES) {
    it(`at ${size.width} × ${size.height}: a colleague's dot splits no header word; "⋯" covers no name; a long party name keeps its row height`, async () => {
      const server = await startServer();
      const matrix = await importLongMatrix(server);
      const a = await openLongAt(server, matrix.id, matrix.tokens.editor, 'Ana', size);
      const b = await openLongAt(server, matrix.id, matrix.tokens.editor, 'Ben', size);
      // Ben selects a cell in every issue column's row of the last party, one after the other: Ana sees his dot move.
      const lastRow = b.page.locator('[role="row"]').last().locator('[role="gridcell"]');
      await lastRow.last().click();
      await b.page.keyboard.press('Escape');
      await expect.poll(() => a.page.getByTestId('presence-dot').count()).toBeGreaterThanOrEqual(2);
      await a.page.screenshot({ path: path.join(screenshotDir(), `grid-long-presence-${size.width}.png`) });
      expect(await splitWords(a.page), 'split words').toEqual([]);
      expect(await coveredSymbols(a.page), 'covered symbols').toEqual([]);

      // The actions button shown on hover lies beside the name, not on it.
      for (const header of [LAST_ISSUE(a.page), a.page.locator('[role="rowheader"]').first()]) {
        await header.hover();
        const button = header.locator('.menu-btn');
        await expect.poll(() => button.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
        const overlaps = await header.evaluate((h) => {
          const btn = h.querySelector('.menu-btn')!.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(h.querySelector('.name')!);
          return [...range.getClientRects()].some((r) => r.width > 0 && r.left < btn.right && r.right > btn.left && r.top < btn.bottom && r.bottom > btn.top);
        });
        expect(overlaps, 'menu button on the name').toBe(false);
      }
      // Every party header is as tall as its row's cells (a long name ends in "…").
      const heights = await a.page
        .locator('[role="rowgroup"].body [role="row"]')
        .evaluateAll((rows) =>
          rows.map((r) => [
            r.querySelector('[role="rowheader"]')!.getBoundingClientRect().height,
            r.querySelector('[role="gridcell"]')!.getBoundingClientRect().height,
          ]),
        );
      for (const [header, cell] of heights) expect(header).toBeLessThanOrEqual(cell! + 1);
      expect(a.errors).toEqual([]);
    });
  }
});

describe('the cell panel beside a wide grid', () => {
  it('at 1280 × 800 the panel never covers the right-most cell being edited of a 25-issue grid', async () => {
    const server = await startServer();
    const { page, errors } = await openLong(server, 'editor', 'Ana', { width: 1280, height: 800 });
    const last = page.locator('[role="rowgroup"].body [role="row"]').first().locator('[role="gridcell"]').last();
    await last.click();
    const panel = page.locator('.drawer');
    await panel.waitFor();
    const leftOfPanel = async () => {
      const [c, p] = await Promise.all([last.boundingBox(), panel.boundingBox()]);
      return c !== null && p !== null && c.x + c.width <= p.x + 1 && c.x >= 0;
    };
    await expect.poll(leftOfPanel).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir(), 'panel-long-1280.png') });
    expect(errors).toEqual([]);
  });
});

/** RGB of the pixel at (x, y) of a binary PPM (pdftoppm's default output). */
function ppmPixel(file: string, x: number, y: number): [number, number, number] {
  const buf = fs.readFileSync(file);
  const header = buf.subarray(0, 64).toString('latin1').split(/\s+/);
  const width = Number(header[1]);
  // "P6 w h 255" and one whitespace byte.
  const offset = header.slice(0, 4).join(' ').length + 1;
  const i = offset + (y * width + x) * 3;
  return [buf[i]!, buf[i + 1]!, buf[i + 2]!];
}

describe('print a 15 × 25 matrix with long names', () => {
  async function printPdf(page: Page, item: 'export-print-grid' | 'export-print', file: string): Promise<{ pages: number; pdf: string }> {
    await page.evaluate(() => (window.print = () => {}));
    await page.getByTestId('export-menu').locator('summary').click();
    await page.getByTestId(item).click();
    await page.getByTestId('export-sheet').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(screenshotDir(), file);
    fs.writeFileSync(pdf, await page.pdf({ landscape: true, format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), pdf };
  }

  it('"Print: grid (one page)" is one A4 page, on white', async () => {
    const server = await startServer();
    const { page, errors } = await openLong(server, 'editor', 'Ana', { width: 1280, height: 800 });
    const { pages, pdf } = await printPdf(page, 'export-print-grid', 'print-long-grid.pdf');
    expect(pages).toBe(1);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Demands / Proposes'); // the legend, on the same page
    const base = path.join(screenshotDir(), 'print-long-grid');
    execFileSync('pdftoppm', ['-r', '40', '-singlefile', pdf, base]);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, base]);
    // The page's corners are white (no grey page background).
    expect(ppmPixel(`${base}.ppm`, 3, 3)).toEqual([255, 255, 255]);
    expect(ppmPixel(`${base}.ppm`, 3, 300)).toEqual([255, 255, 255]);
    expect(errors).toEqual([]);
  });

  it('"Print: grid and sources" sets the sources compactly: every page but the last is well filled', async () => {
    const server = await startServer();
    const { page, errors } = await openLong(server, 'editor', 'Ana', { width: 1280, height: 800 });
    const { pages, pdf } = await printPdf(page, 'export-print', 'print-long-sources.pdf');
    const lines = Array.from(
      { length: pages },
      (_, i) =>
        execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-'], { encoding: 'utf8' })
          .split('\n')
          .filter((l) => l.trim()).length,
    );
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, path.join(screenshotDir(), 'print-long-sources')]);
    console.log('pages', pages, 'lines per page', lines);
    expect(pages).toBeLessThanOrEqual(6);
    for (const n of lines.slice(1, -1)) expect(n).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });
});
