/**
 * Snapshots, compare, restore, PNG, print-to-PDF and import through the UI, on the demo served
 * by the real server. The PNG and the first PDF page are kept in /tmp/sg-versions to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readCell } from '../../shared/matrix.ts';
import { openDemoAs, openPage } from '../utils/browser.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';

const OUT = '/tmp/sg-versions';
const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const staticCell = (page: Page, party: string, issue: string) => page.locator(`[data-testid="version-view"] [data-cell="${party}|${issue}"]`);

async function openDemo(server: TestServer, options: { width?: number; height?: number } = {}) {
  const opened = await openDemoAs(server, 'editor', { name: 'Ana', ...options });
  await opened.page.getByTestId('connection-status').and(opened.page.locator('[data-status="connected"]')).waitFor();
  await cell(opened.page, 'us', 'ceasefire-30-day').waitFor();
  return opened;
}

async function takeSnapshot(page: Page, name: string) {
  await page.getByTestId('versions-button').click();
  await page.getByTestId('snapshot-name').fill(name);
  await page.getByTestId('snapshot-take').click();
  await page.getByTestId('snapshot-item').filter({ hasText: name }).waitFor();
}

async function matrixCount(server: TestServer): Promise<number> {
  const body = (await (await fetch(`${server.url}/api/matrices`)).json()) as { matrices: unknown[] };
  return body.matrices.length;
}

describe('versions in the browser', () => {
  it('snapshot, change a cell, compare shows it; view shows the old stance read-only; restore makes a new matrix', async () => {
    const server = await startServer();
    const { page, errors } = await openDemo(server);
    const doc = server.rooms.loaded(DEMO_MATRIX_ID)!.doc;
    await takeSnapshot(page, 'after Jeddah');
    expect(await page.getByTestId('snapshot-item').first().innerText()).toMatch(/by Ana/);

    await cell(page, 'china', 'nato').click();
    await page.getByTestId('stance-option-opposes').click();
    await expect.poll(() => readCell(doc, 'china', 'nato').stance).toBe('opposes');
    await page.keyboard.press('Escape');

    await page.getByTestId('snapshot-compare').click();
    await expect.poll(() => page.getByTestId('compare-summary').textContent()).toBe('1 cell changed');
    const changed = page.locator('[data-testid="version-view"] [data-changed="true"]');
    expect(await changed.count()).toBe(1);
    expect(await changed.getAttribute('data-cell')).toBe('china|nato');
    expect(await changed.evaluate((el) => getComputedStyle(el).outlineWidth)).toBe('4px');
    await changed.focus();
    expect(await changed.locator('[role="tooltip"]').isVisible()).toBe(true);
    expect(await changed.locator('[role="tooltip"]').innerText()).toMatch(/not coded → −2 Opposes/);
    expect(await page.getByTestId('change-china-nato').innerText()).toMatch(/Stance: not coded → −2 Opposes/);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'compare.png') });

    await page.getByTestId('snapshot-view').click();
    await expect.poll(() => page.getByTestId('snapshot-banner').textContent()).toMatch(/Viewing snapshot ‘after Jeddah’ — taken .+ by Ana/);
    expect(await staticCell(page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    await page.screenshot({ path: path.join(OUT, 'view.png') });
    expect(await page.getByTestId('grid').count()).toBe(0); // the editable grid is gone
    expect(await page.getByRole('button', { name: /Add party/ }).count()).toBe(0); // and so are the editing controls
    await staticCell(page, 'china', 'nato').click();
    expect(await page.getByTestId('cell-editor').count()).toBe(0);
    // Undo is off while a past version is shown: Ctrl+Z must not change the live matrix behind it.
    await page.keyboard.press('Control+z');
    if (await page.getByTestId('undo').count()) expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    await page.getByTestId('back-to-live').click();
    await expect.poll(() => cell(page, 'china', 'nato').getAttribute('data-stance')).toBe('opposes');
    expect(await page.getByTestId('undo').isEnabled()).toBe(true);

    await page.getByTestId('snapshot-restore').click();
    // A confirmation says what happens before anything does.
    expect(await page.getByTestId('restore-explain').innerText()).toMatch(/new matrix.*own links.*This tab moves to it; colleagues stay/s);
    expect(page.url()).toContain(DEMO_MATRIX_ID);
    await page.getByRole('button', { name: 'Restore as new matrix' }).last().click();
    await page.waitForURL((url) => url.pathname.startsWith('/m/') && !url.pathname.endsWith(DEMO_MATRIX_ID));
    await cell(page, 'us', 'ceasefire-30-day').waitFor();
    expect(await cell(page, 'china', 'nato').getAttribute('data-stance')).toBe('');
    expect(await page.title()).toMatch(/after Jeddah/);
    expect(readCell(doc, 'china', 'nato').stance).toBe('opposes'); // the original is untouched
    expect(errors).toEqual([]);
  });

  it('downloads a PNG of the grid with title and legend', async () => {
    const server = await startServer();
    const { page, errors } = await openDemo(server, { width: 1920, height: 1080 });
    await page.getByTestId('export-menu').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/^Ukraine-ceasefire-talks-March-2025_\d{4}-\d\d-\d\d_\d{4}\.png$/);
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'grid.png');
    await download.saveAs(file);
    const png = fs.readFileSync(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width).toBeGreaterThanOrEqual(1000);
    expect(height).toBeGreaterThan(400);
    expect(await page.getByTestId('export-sheet').count()).toBe(0); // the sheet is gone again
    expect(errors).toEqual([]);
  });

  it('prints the demo to a landscape A4 PDF: grid and legend on page 1, sources after', async () => {
    const server = await startServer();
    const { page, errors } = await openDemo(server, { width: 1920, height: 1080 });
    await page.evaluate(() => (window.print = () => {}));
    await page.getByTestId('export-menu').locator('summary').click();
    await page.getByTestId('export-print').click();
    await page.getByTestId('export-sheet').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    fs.mkdirSync(OUT, { recursive: true });
    const pdf = path.join(OUT, 'grid.pdf');
    fs.writeFileSync(pdf, await page.pdf({ landscape: true, format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    expect(first).toContain('Ukraine ceasefire talks, March 2025');
    const data = (await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(demoToken(server, 'viewer')) })).json()) as {
      parties: { name: string }[];
      scale: { label: string }[];
    };
    // Every party row and the whole legend are on page 1; the sources start on page 2.
    for (const party of data.parties) expect(first.replace(/\s+/g, ' ')).toContain(party.name.split(' ')[0]);
    expect(first).toContain(data.scale.at(-1)!.label);
    expect(first).not.toMatch(/^\s*Sources\s*$/m);
    if (pages > 1) expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' })).toMatch(/Sources/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(OUT, 'print')]);
    expect(errors).toEqual([]);
  });

  it('prints the demo grid alone to exactly one landscape A4 page, with the legend and without the sources', async () => {
    const server = await startServer();
    const { page, errors } = await openDemo(server, { width: 1920, height: 1080 });
    await page.evaluate(() => (window.print = () => {}));
    await page.getByTestId('export-menu').locator('summary').click();
    await page.getByTestId('export-print-grid').click();
    await page.getByTestId('export-sheet').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    fs.mkdirSync(OUT, { recursive: true });
    const pdf = path.join(OUT, 'grid-only.pdf');
    fs.writeFileSync(pdf, await page.pdf({ landscape: true, format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(1);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ukraine ceasefire talks, March 2025');
    expect(text).toContain('Demands / Proposes'); // the legend
    expect(text).not.toMatch(/^\s*Sources\s*$/m);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(OUT, 'grid-only')]);
    expect(errors).toEqual([]);
  });

  it('import: a CSV with an unknown stance lists the line and creates nothing; a JSON export imports and opens', async () => {
    const server = await startServer();
    const { page, errors } = await openPage(server.url);
    await page.getByTestId('import-button').waitFor();
    await expect.poll(() => matrixCount(server)).toBe(1);
    const before = await matrixCount(server);

    const csv = 'Party,Ceasefire,Sanctions\r\nUkraine,Supports,Opposes\r\nRussia,Kinda maybe,+2\r\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'talks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const list = page.getByTestId('import-errors');
    await list.waitFor();
    const text = await list.innerText();
    expect(text).toMatch(/nothing was imported/);
    expect(text).toMatch(/Line 3/);
    expect(text).toMatch(/Kinda maybe/);
    expect(await matrixCount(server)).toBe(before);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'import-errors.png') });

    const exported = Buffer.from(
      await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=json`, { headers: bearer(demoToken(server, 'viewer')) })).arrayBuffer(),
    );
    await page.getByTestId('import-file').setInputFiles({ name: 'demo.json', mimeType: 'application/json', buffer: exported });
    await page.waitForURL((url) => url.pathname.startsWith('/m/') && !url.pathname.endsWith(DEMO_MATRIX_ID));
    await cell(page, 'us', 'ceasefire-30-day').waitFor();
    expect(await cell(page, 'us', 'ceasefire-30-day').getAttribute('data-stance')).not.toBe('');
    expect(await matrixCount(server)).toBe(before + 1);
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
