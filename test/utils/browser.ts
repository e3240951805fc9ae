/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). One browser per
 * test file; each page gets its own context (separate storage, no BroadcastChannel between
 * them) and forwards console errors to the test output so a failing page explains itself.
 */
import fs from 'node:fs';
import { afterAll, onTestFinished } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../shared/access.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import type { StanceGridServer } from '../../server/server.ts';
import { demoToken, matrixUrl } from './server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Promise<Browser> | null = null;

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

afterAll(async () => {
  if (browser) await (await browser).close();
  browser = null;
});

export interface PageOptions {
  /** Display name preset in localStorage; null leaves it unset (first visit). */
  name?: string | null;
  width?: number;
  height?: number;
  /** More localStorage entries set before the page loads (e.g. `stance-grid:test-hook`). */
  storage?: Record<string, string>;
  /**
   * The offline service worker precaches the whole client in every new context (a fifth of a page
   * open's CPU here); only the test of offline reloads needs it.
   */
  serviceWorkers?: 'allow' | 'block';
}

export async function openPage(
  url: string,
  { name = 'Ana', width = 1280, height = 800, storage, serviceWorkers = 'block' }: PageOptions = {},
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const b = await launchBrowser();
  const context = await b.newContext({ viewport: { width, height }, serviceWorkers });
  onTestFinished(() => context.close());
  if (name !== null) await context.addInitScript((n: string) => localStorage.setItem('stance-grid:name', n), name);
  if (storage)
    await context.addInitScript((entries: Record<string, string>) => Object.entries(entries).forEach(([k, v]) => localStorage.setItem(k, v)), storage);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      errors.push(msg.text());
      console.log(`[${name ?? 'page'} console.error] ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => {
    errors.push(err.message);
    console.log(`[${name ?? 'page'} pageerror] ${err.message}`);
  });
  await page.goto(url);
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
