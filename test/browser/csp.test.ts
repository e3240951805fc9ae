/**
 * Issue 12, items 8 and 9 in Chromium: the built client works under the server's
 * Content-Security-Policy (no violation reported while the demo loads, syncs, exports a file and
 * draws a PNG), and an export is downloaded through a single-use link that names no token.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoAs } from '../utils/browser.ts';
import { startServer } from '../utils/server.ts';

const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const isCspViolation = (text: string) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(text);

describe('the client under the CSP (issue 12, item 8)', () => {
  it('renders, syncs and exports with no CSP violation, and no request carries a token in its URL', async () => {
    const server = await startServer();
    const page0 = await fetch(`${server.url}/m/ukraine`);
    expect(page0.headers.get('content-security-policy')).toContain("script-src 'self'");
    await page0.text();

    const { page, errors } = await openDemoAs(server, 'editor', { width: 1600, height: 1000 });
    const urls: string[] = [];
    page.on('request', (req) => urls.push(req.url()));
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
    await cell(page, 'us', 'ceasefire-30-day').waitFor();
    expect(await page.locator('[data-testid^="cell-"]').count()).toBeGreaterThan(50);

    // A server file: through a single-use link, not `?token=`.
    await page.getByTestId('export-menu').locator('summary').click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(file.url()).toMatch(/\/api\/downloads\/[A-Za-z0-9_-]{32}$/);
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(await file.failure()).toBeNull();

    // The PNG is drawn in the page (data: and blob: images).
    await page.getByTestId('export-menu').locator('summary').click();
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);

    const tokens = Object.values(server.demoLinks!);
    expect(urls.filter((u) => u.startsWith('http') && (u.includes('token=') || tokens.some((t) => u.includes(t))))).toEqual([]);
    expect(urls.some((u) => u.includes('/export-links'))).toBe(true);
    expect(errors.filter(isCspViolation)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
