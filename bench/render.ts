/**
 * (c) Chromium: first render of the 60 × 80 grid (navigation start → the cells in view are
 * painted), and remote stance change (a Node y-websocket client) → the cell repainted.
 * Baseline in the same browser: a static 60 × 80 HTML table of the same text.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { chromium } from 'playwright-core';
import { readCell, setStance } from '../shared/matrix.ts';
import { DEFAULT_SCALE } from '../shared/scale.ts';
import { shareUrl } from '../shared/access.ts';
import { LARGE_ID, prepareLargeDataDir, startLargeServer } from './load.ts';
import { benchProvider } from './fanout.ts';
import { median, percentile } from './stats.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Resolves (in the page) once the first cell is painted; returns ms since navigation start. */
const PAINTED = `new Promise((resolve) => {
  const check = () => {
    const cell = document.querySelector('[data-testid="cell-p0-i0"]');
    if (cell && cell.getAttribute('data-stance')) requestAnimationFrame(() => resolve(performance.now()));
    else requestAnimationFrame(check);
  };
  check();
})`;

function staticTable(): string {
  let rows = '';
  for (let p = 0; p < 60; p++) {
    let cells = '';
    for (let i = 0; i < 80; i++)
      cells += `<td data-testid="cell-p${p}-i${i}" data-stance="x" style="background:#4393c3;color:#fff">+2 Supports <small>2</small></td>`;
    rows += `<tr><th>Party ${p + 1}</th>${cells}</tr>`;
  }
  return `<!doctype html><html><body><table style="table-layout:fixed;width:100%;font:14px system-ui"><thead><tr><th></th>${Array.from({ length: 80 }, (_, i) => `<th>Issue number ${i + 1}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

export async function runRender(runs = 3) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const { dataDir } = prepareLargeDataDir();
  const { child, syncUrl, links } = await startLargeServer(dataDir);
  // The page and the Node client both use the editor link, as a participant would.
  const token = links[LARGE_ID]?.editor;
  if (!token) throw new Error(`the server printed no share links for ${LARGE_ID}`);
  const httpUrl = syncUrl.replace(/^ws/, 'http').replace(/\/sync$/, '');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // No service worker: it would answer the static table's navigation (page.route never sees it) and
    // serve the app from its cache on later loads, so runs would not compare.
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, serviceWorkers: 'block' });
    await context.addInitScript(() => localStorage.setItem('stance-grid:name', 'Bench'));
    const page = await context.newPage();
    const table = staticTable();
    await page.route('**/static-table', (route) => route.fulfill({ contentType: 'text/html', body: table }));

    const baseline: number[] = [];
    const first: number[] = [];
    for (let r = 0; r < runs; r++) {
      await page.goto(`${httpUrl}/static-table`);
      baseline.push((await page.evaluate(PAINTED)) as number);
      await page.goto(shareUrl(httpUrl, LARGE_ID, token));
      first.push((await page.evaluate(PAINTED)) as number);
    }

    // Remote changes from a Node client, observed in the page by a MutationObserver.
    const doc = new Y.Doc();
    const provider = benchProvider(syncUrl, LARGE_ID, doc, token);
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    await page.evaluate(() => {
      const w = window as unknown as { __marks: Record<string, number> };
      w.__marks = {};
      new MutationObserver((records) => {
        for (const rec of records) {
          const el = rec.target as HTMLElement;
          const key = `${el.dataset.testid}=${el.dataset.stance}`;
          requestAnimationFrame(() => (w.__marks[key] ??= performance.timeOrigin + performance.now()));
        }
      }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-stance'] });
    });
    const repaint: number[] = [];
    const WARMUP = 3; // the first changes also pay for JIT warm-up in the page
    for (let k = 0; k < 20 + WARMUP; k++) {
      const p = `p${k % 6}`;
      const i = `i${(k * 5) % 8}`;
      const current = readCell(doc, p, i).stance;
      const next = DEFAULT_SCALE.find((l) => l.id !== current && l.value !== null)!.id;
      const sent = performance.timeOrigin + performance.now();
      setStance(doc, p, i, next);
      const key = `cell-${p}-${i}=${next}`;
      const t = await page.waitForFunction((k2) => (window as unknown as { __marks: Record<string, number> }).__marks[k2], key, {
        timeout: 10_000,
        polling: 10,
      });
      if (k >= WARMUP) repaint.push(((await t.jsonValue()) as number) - sent);
    }
    provider.destroy();
    doc.destroy();
    const sorted = [...repaint].sort((a, b) => a - b);
    return {
      baselineRender: median(baseline),
      firstRender: median(first),
      repaintP50: median(repaint),
      repaintP90: percentile(sorted, 90),
      repaintMax: sorted.at(-1) ?? NaN,
      repaints: repaint.length,
    };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
