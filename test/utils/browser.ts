/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). One browser per test
 * worker, shared by the files it runs (they share the worker's module cache, see vite.config.ts)
 * and killed by playwright when the worker exits. Each page of a test has a context of its own
 * (separate storage, no BroadcastChannel between them; later tests reuse it, see `pool`) and
 * forwards console errors to the test output so a failing page explains itself.
 */
import fs from 'node:fs';
import http from 'node:http';
import { onTestFinished } from 'vitest';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import type { Role } from '../../shared/access.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import type { StanceGridServer } from '../../server/server.ts';
import { demoToken, matrixUrl } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** playwright-core 1.65's own `--disable-features` (see the launch below). */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

let browser: Promise<Browser> | null = null;

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  if (!browser && process.send) {
    // A test worker whose runner is gone (`npm test` stops the others when lint fails) must not go
    // on driving pages: it would spin, orphaned, with its Chromium. (Vitest turns process.exit into an error.)
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    // Playwright's own SIGTERM/SIGHUP handlers close the browser but keep the worker alive; without
    // them the worker ends, and Chromium with it (its debugging pipe closes).
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      // Every new context opens a window whose WebUI omnibox popup gets a renderer of its own: half
      // the CPU of a new context. Chromium keeps only the last --disable-features, so Playwright's own
      // list (playwright-core's chromiumSwitches) is repeated first.
      `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'].join(',')}`,
    ],
  });
  return browser;
}

export interface PageOptions {
  /** Display name preset in localStorage; null leaves it unset (first visit). */
  name?: string | null;
  width?: number;
  height?: number;
  /** More localStorage entries set before the page loads (e.g. `stance-grid:test-hook`). */
  storage?: Record<string, string>;
  /**
   * The offline service worker precaches the whole client in every new context (a fifth of a page
   * open's CPU here); only the test of offline reloads needs it (it gets a context of its own).
   */
  serviceWorkers?: 'allow' | 'block';
}

interface Opened {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/**
 * Contexts a finished test left, reused by the next test in this worker. A fresh context and its
 * renderer cost twice the CPU of a navigation in one that exists (most of a browser test's time on
 * two cores). Every test starts its own server on a new port, i.e. a new origin, but the system may
 * hand out a port again in a long run, so `release` clears the storage of every origin the page
 * visited (a stale name or offline copy would otherwise meet a new server).
 */
const pool: { context: BrowserContext; page: Page }[] = [];

/**
 * Where a pooled page waits between tests: an empty page on 127.0.0.1, the site every test server
 * is on (a site ignores the port). Chromium then keeps the page's renderer process for the next
 * test; parked on about:blank, every open started two new renderer processes (a third of a page
 * open's CPU here).
 */
let parking: Promise<string> | null = null;
function parkingUrl(): Promise<string> {
  parking ??= new Promise((resolve, reject) => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><title>parked</title>');
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref(); // the worker may end with it open
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    });
  });
  return parking;
}

async function pooledPage(b: Browser, width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const reused = pool.pop();
  if (reused) {
    await reused.page.setViewportSize({ width, height });
    return reused;
  }
  const context = await b.newContext({ viewport: { width, height }, serviceWorkers: 'block' });
  return { context, page: await context.newPage() };
}

/** The origins a page's main frame has shown, to clear when it goes back to the pool. */
function trackOrigins(page: Page, first: string): Set<string> {
  const origins = new Set([new URL(first).origin]);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith('http')) origins.add(new URL(frame.url()).origin);
  });
  return origins;
}

/**
 * Back to the pool, as a new context would be: no page of the old origin, no storage of it (local,
 * session, IndexedDB, caches), screen media, online, no permissions, no routes.
 */
async function release(context: BrowserContext, page: Page, origins: Set<string>): Promise<void> {
  // A WebSocket route cannot be removed (unrouteAll leaves them), and a test may close its own page.
  const wsRoutes = (context as unknown as { _webSocketRoutes?: unknown[] })._webSocketRoutes?.length ?? 0;
  if (page.isClosed() || context.pages().length !== 1 || wsRoutes > 0) return context.close().catch(() => {});
  try {
    // Listeners a test added (request or websocket counters) must not see the next test's pages.
    await page.removeAllListeners(undefined, { behavior: 'ignoreErrors' });
    await page.goto(await parkingUrl());
    const cdp = await context.newCDPSession(page);
    for (const origin of origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.detach();
    await page.emulateMedia({ media: null, colorScheme: null, reducedMotion: null, forcedColors: null });
    await context.setOffline(false);
    await context.clearPermissions();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    pool.push({ context, page });
  } catch {
    await context.close().catch(() => {});
  }
}

export async function openPage(
  url: string,
  { name = 'Ana', width = 1280, height = 800, storage, serviceWorkers = 'block' }: PageOptions = {},
): Promise<Opened> {
  const b = await launchBrowser();
  const { context, page } =
    serviceWorkers === 'allow'
      ? await (async () => {
          const context = await b.newContext({ viewport: { width, height }, serviceWorkers });
          return { context, page: await context.newPage() };
        })()
      : await pooledPage(b, width, height);
  const errors: string[] = [];
  const origins = trackOrigins(page, url);
  const onConsole = (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    errors.push(msg.text());
    console.log(`[${name ?? 'page'} console.error] ${msg.text()}`);
  };
  const onPageError = (err: Error) => {
    errors.push(err.message);
    console.log(`[${name ?? 'page'} pageerror] ${err.message}`);
  };
  onTestFinished(async () => {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    if (serviceWorkers === 'allow') await context.close();
    else await release(context, page, origins);
  });
  const entries = { ...(name !== null ? { 'stance-grid:name': name } : {}), ...storage };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  // localStorage of the matrix's origin, set before the app's scripts run, on the first load only
  // (a test that reloads must find what the page itself stored since).
  const seed =
    Object.keys(entries).length > 0
      ? await page.addInitScript((e: Record<string, string>) => Object.entries(e).forEach(([k, v]) => localStorage.setItem(k, v)), entries)
      : null;
  try {
    await page.goto(url);
  } finally {
    await seed?.dispose();
  }
  return { page, context, errors };
}

/** Opens a matrix by its share link (`/m/<id>#token=…`), as a participant would. */
export function openMatrix(server: StanceGridServer, id: string, token: string, options: PageOptions = {}) {
  return openPage(matrixUrl(server, id, token), options);
}

/** Opens the demo matrix with the link of a role (editor by default). */
export function openDemoAs(server: StanceGridServer, role: Role = 'editor', options: PageOptions = {}) {
  return openMatrix(server, DEMO_MATRIX_ID, demoToken(server, role), options);
}
