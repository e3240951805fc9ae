/**
 * Roles, share links and the lock in real Chromium pages on the real server: what a viewer can
 * and cannot do (and that a forced edit is rolled back), the lock, replacing links, the Share
 * panel (copy, QR code) and the home page's remembered matrices. Screenshots go to /tmp/sg-roles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encode } from 'uqr';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readCell } from '../../shared/matrix.ts';
import { openDemoAs, openPage } from '../utils/browser.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { editWhileLockedOffline } from '../utils/rollback.ts';

const OUT = '/tmp/sg-roles';
const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);
const stance = (page: Page, party: string, issue: string) => cell(page, party, issue).getAttribute('data-stance');
const serverStance = (server: TestServer, party: string, issue: string) => readCell(server.rooms.loaded(DEMO_MATRIX_ID)!.doc, party, issue).stance;

async function connected(page: Page) {
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(page, 'us', 'ceasefire-30-day').waitFor();
}

async function demo(server: TestServer, role: 'viewer' | 'editor' | 'facilitator', name: string, storage?: Record<string, string>) {
  const opened = await openDemoAs(server, role, { name, ...(storage ? { storage } : {}) });
  await connected(opened.page);
  await opened.page.getByRole('banner').locator(`[data-testid="role-badge"][data-role="${role}"]`).waitFor();
  return opened;
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

/** The set of dark modules an SVG path of `M x y h n v1 h -n z` runs draws. */
function modulesOfPath(d: string): Set<string> {
  const dark = new Set<string>();
  for (const [, x, y, n] of d.matchAll(/M(\d+) (\d+)h(\d+)/g)) for (let i = 0; i < Number(n); i++) dark.add(`${Number(x) + i},${y}`);
  return dark;
}

function modulesOfText(text: string): Set<string> {
  const dark = new Set<string>();
  encode(text, { ecc: 'M', border: 4 }).data.forEach((row, y) => row.forEach((on, x) => on && dark.add(`${x},${y}`)));
  return dark;
}

describe('roles, lock and share links in the browser', () => {
  it('a viewer has no editing controls, follows edits live and appears in presence', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const v = await demo(server, 'viewer', 'Vic');
    const { page } = v;
    for (const id of ['add-party', 'add-issue', 'undo', 'redo', 'lock-toggle', 'share-button']) expect(await page.getByTestId(id).count(), id).toBe(0);
    expect(await page.getByTestId('matrix-title').evaluate((el) => el.tagName)).not.toBe('BUTTON');
    expect(await page.getByRole('button', { name: /Actions for/ }).count()).toBe(0);
    expect(await page.getByTestId('export-menu').count()).toBe(1); // viewers keep export

    // Number keys and Delete do nothing; the cell panel opens read-only with sources and history.
    await cell(page, 'china', 'nato').focus();
    await page.keyboard.press('6');
    await cell(page, 'us', 'ceasefire-30-day').focus();
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+z');
    // Barrier: the viewer's next selection travels on the same socket after those keys; once the
    // facilitator sees it, an edit the keys had sent would have reached the server.
    await cell(page, 'poland', 'kursk').focus();
    await cell(f.page, 'poland', 'kursk').locator('[data-testid="presence-outline"][title="Vic"]').waitFor();
    expect(await stance(page, 'china', 'nato')).toBe('');
    expect(await stance(page, 'us', 'ceasefire-30-day')).not.toBe('');
    expect(serverStance(server, 'china', 'nato')).toBe(null);
    expect(serverStance(server, 'us', 'ceasefire-30-day')).not.toBe(null);
    await cell(page, 'us', 'ceasefire-30-day').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('cell-editor');
    await panel.getByTestId('read-only-note').waitFor();
    expect(await panel.getByTestId('source-item').count()).toBe(4);
    for (const gone of ['stance-option-supports', 'add-source', 'new-comment', 'cell-note']) expect(await panel.getByTestId(gone).count(), gone).toBe(0);
    expect(await panel.getByRole('button', { name: /^(Edit|Remove|Move source up)$/ }).count()).toBe(0);
    expect(await panel.getByRole('heading', { name: 'History' }).count()).toBe(1);
    await shot(page, 'viewer-page');
    await page.keyboard.press('Escape');

    // The viewer sees the facilitator's edits live, and the facilitator sees the viewer.
    await f.page.locator('[data-testid="participant"][data-name="Vic"]').waitFor();
    await cell(f.page, 'china', 'nato').focus();
    await f.page.keyboard.press('6');
    await expect.poll(() => stance(page, 'china', 'nato')).toBe('supports');
    expect(f.errors.concat(v.errors)).toEqual([]);
  });

  it("a viewer's forced edit is rolled back in the viewer page and never reaches the facilitator", async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const v = await demo(server, 'viewer', 'Vic', { 'stance-grid:test-hook': '1' });
    // Record every stance the facilitator's page ever shows for that cell.
    await f.page.evaluate(() => {
      const el = document.querySelector('[data-testid="cell-china-kursk"]')!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(el.getAttribute('data-stance') ?? '')).observe(el, { attributes: true });
    });
    expect(await v.page.evaluate(() => window.__stanceGrid?.store.access.role)).toBe('viewer');
    // Straight into the doc, as a modified client would: the UI offers no way to do this.
    await v.page.evaluate(() => window.__stanceGrid!.store.session.doc.getMap('stances').set('china|kursk', 'supports'));
    await v.page.getByText('You can view this matrix but not change it').waitFor();
    await connected(v.page);
    await expect.poll(() => stance(v.page, 'china', 'kursk')).toBe('');
    expect(serverStance(server, 'china', 'kursk')).toBe(null);
    expect(await f.page.evaluate(() => (window as unknown as { seen: string[] }).seen)).not.toContain('supports');
    expect(await stance(f.page, 'china', 'kursk')).toBe('');

    // The local copy (IndexedDB) was replaced too: offline, a reload shows the server's state.
    await v.context.routeWebSocket(/\/sync\//, (ws) => ws.close());
    await v.page.reload();
    await cell(v.page, 'china', 'kursk').waitFor();
    expect(await stance(v.page, 'china', 'kursk')).toBe('');
  });

  it('lock shows the banner and blocks an editor; unlock restores editing without reload', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const e = await demo(server, 'editor', 'Eve');
    await e.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await e.page.getByTestId('lock-toggle').count()).toBe(0);

    await f.page.getByTestId('lock-toggle').click();
    await expect.poll(() => e.page.getByTestId('lock-banner').innerText()).toMatch(/Locked by the facilitator — viewing only/);
    await expect.poll(() => f.page.getByTestId('lock-banner').innerText()).toMatch(/Locked — only facilitators can edit/);
    expect(await f.page.getByTestId('lock-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await e.page.getByTestId('add-party').count()).toBe(0);
    await cell(e.page, 'china', 'nato').focus();
    await e.page.keyboard.press('6');
    await cell(f.page, 'china', 'minerals').focus();
    await f.page.keyboard.press('2'); // the facilitator still edits
    await expect.poll(() => serverStance(server, 'china', 'minerals')).toBe('opposes');
    await expect.poll(() => stance(e.page, 'china', 'minerals')).toBe('opposes');
    expect(serverStance(server, 'china', 'nato')).toBe(null);
    expect(await stance(e.page, 'china', 'nato')).toBe('');
    await shot(e.page, 'lock-banner-editor');
    await shot(f.page, 'lock-banner-facilitator');

    await f.page.getByTestId('lock-toggle').click();
    await expect.poll(() => e.page.getByTestId('lock-banner').count()).toBe(0);
    await e.page.getByTestId('add-party').waitFor();
    await cell(e.page, 'china', 'nato').focus();
    await e.page.keyboard.press('6');
    await expect.poll(() => serverStance(server, 'china', 'nato')).toBe('supports');
    expect(await e.page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
    expect(f.errors.concat(e.errors)).toEqual([]);
  });

  it('an edit made offline while the facilitator locked is rolled back, saying so', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const e = await demo(server, 'editor', 'Eve');
    await editWhileLockedOffline(f, e, 'cell-poland-kursk');
    expect(await stance(e.page, 'poland', 'kursk')).toBe('supports');
    await e.context.setOffline(false);
    await e.page.getByText('The facilitator locked the matrix: your change was undone.').waitFor();
    await connected(e.page);
    await expect.poll(() => stance(e.page, 'poland', 'kursk')).toBe('');
    await e.page.getByTestId('lock-banner').waitFor();
    expect(serverStance(server, 'poland', 'kursk')).toBe(null);
    expect(await stance(f.page, 'poland', 'kursk')).toBe('');
  });

  it('the Share panel shows three links, copies one, and draws the QR code of the editor or viewer link', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    await f.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await f.page.getByTestId('share-button').click();
    const panel = f.page.getByTestId('share-panel');
    const url = (role: string) => panel.getByTestId(`share-url-${role}`).inputValue();
    await expect.poll(() => url('editor')).toMatch(/#token=/);
    const links = { facilitator: await url('facilitator'), editor: await url('editor'), viewer: await url('viewer') };
    for (const [role, link] of Object.entries(links)) expect(link).toBe(`${server.url}/m/${DEMO_MATRIX_ID}#token=${demoToken(server, role as 'editor')}`);

    await panel.getByTestId('copy-editor').click();
    await expect.poll(() => panel.getByTestId('copy-editor').innerText()).toBe('Copied');
    expect(await f.page.evaluate(() => navigator.clipboard.readText())).toBe(links.editor);

    const qr = panel.getByTestId('share-qr');
    expect(await qr.getAttribute('data-text')).toBe(links.editor);
    const drawn = modulesOfPath((await qr.locator('path').getAttribute('d'))!);
    expect(drawn).toEqual(modulesOfText(links.editor));
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(240);
    await shot(f.page, 'share-panel');

    await panel.getByTestId('qr-viewer').check();
    await expect.poll(() => qr.getAttribute('data-text')).toBe(links.viewer);
    expect(modulesOfPath((await qr.locator('path').getAttribute('d'))!)).toEqual(modulesOfText(links.viewer));
    await panel.getByTestId('qr-enlarge').click();
    expect((await panel.getByTestId('share-qr').boundingBox())!.width).toBeGreaterThan(500);
    await shot(f.page, 'share-qr-large');
    expect(f.errors).toEqual([]);
  });

  it('replacing the editor link disconnects the editor page with the reason; the new link works', async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const e = await demo(server, 'editor', 'Eve');
    await f.page.getByTestId('share-button').click();
    const panel = f.page.getByTestId('share-panel');
    const old = `${server.url}/m/${DEMO_MATRIX_ID}#token=${demoToken(server, 'editor')}`;
    await expect.poll(() => panel.getByTestId('share-url-editor').inputValue()).toBe(old);
    await panel.getByTestId('replace-editor').click();
    const confirm = f.page.getByRole('dialog', { name: /Replace the editor link/ });
    await confirm.getByText('Everyone using the old link is disconnected').waitFor();
    await confirm.getByRole('button', { name: 'Replace link' }).click();
    await expect.poll(() => panel.getByTestId('share-url-editor').inputValue()).not.toBe(old);
    const fresh = await panel.getByTestId('share-url-editor').inputValue();

    const closed = e.page.getByTestId('matrix-closed');
    await closed.waitFor();
    expect(await closed.innerText()).toMatch(/This link was replaced by the facilitator[\s\S]*Ask them for the new one/);
    expect(await e.page.getByTestId('grid').count()).toBe(0);
    await shot(e.page, 'link-replaced');
    // The old link is forgotten: a reload asks for a link instead of trying it again.
    await e.page.reload();
    await e.page.getByTestId('need-link').waitFor();
    await e.page.goto(fresh);
    await connected(e.page);
    await e.page.getByRole('banner').locator('[data-testid="role-badge"][data-role="editor"]').waitFor();
    expect(await f.page.getByTestId('matrix-closed').count()).toBe(0);
  });

  it("replacing the facilitator's own link moves the page to the new link without an error", async () => {
    const server = await startServer();
    const f = await demo(server, 'facilitator', 'Fay');
    const oldToken = demoToken(server, 'facilitator');
    await f.page.getByTestId('share-button').click();
    const panel = f.page.getByTestId('share-panel');
    await expect.poll(() => panel.getByTestId('share-url-facilitator').inputValue()).toMatch(/#token=/);
    await panel.getByTestId('replace-facilitator').click();
    await f.page
      .getByRole('dialog', { name: /Replace the facilitator link/ })
      .getByRole('button', { name: 'Replace link' })
      .click();
    await expect.poll(() => panel.getByTestId('share-url-facilitator').inputValue()).not.toContain(oldToken);
    const newToken = (await panel.getByTestId('share-url-facilitator').inputValue()).split('#token=')[1]!;
    await f.page.keyboard.press('Escape');
    await connected(f.page);
    expect(await f.page.getByTestId('matrix-closed').count()).toBe(0);
    await cell(f.page, 'china', 'nato').focus();
    await f.page.keyboard.press('2');
    await expect.poll(() => serverStance(server, 'china', 'nato')).toBe('opposes');
    const remembered = await f.page.evaluate(() => localStorage.getItem('stance-grid:matrices'));
    expect(remembered).toContain(newToken);
    expect(remembered).not.toContain(oldToken);
    expect((await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/links`, { headers: bearer(oldToken) })).status).toBe(401);
    expect(f.errors).toEqual([]);
  });

  it('without a link the page asks for one and never connects; a broken or unknown token says so', async () => {
    const server = await startServer();
    const { page } = await openPage(`${server.url}/m/${DEMO_MATRIX_ID}`);
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await page.reload();
    await page.getByTestId('need-link').waitFor();
    expect(await page.getByTestId('need-link').innerText()).toMatch(/You need a link to open this matrix[\s\S]*ask the facilitator/);
    expect(sockets).toBe(0);
    await shot(page, 'need-link');

    await page.goto(`${server.url}/m/${DEMO_MATRIX_ID}#token=too-short`);
    await expect.poll(() => page.getByTestId('need-link').innerText()).toMatch(/This link is not valid \(or was mistyped\)/);
    await page.goto(`${server.url}/m/${DEMO_MATRIX_ID}#token=${'x'.repeat(43)}`);
    await page.getByTestId('matrix-closed').waitFor();
    expect(await page.getByTestId('matrix-closed').innerText()).toMatch(/This link is not valid[\s\S]*Ask the facilitator for a new one/);
    expect(new URL(page.url()).hash).toBe(''); // the token never stays on screen
  });

  it('home: a new matrix opens with its links; "Your matrices" lists it and a viewer link with their roles', async () => {
    const server = await startServer({ createToken: 'workshop-create-token-0001', localDemoLinks: false });
    const { page, errors } = await openPage(server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('demo-help').innerText()).toMatch(/prints the three \(facilitator, editor, viewer\)/);

    await page.getByTestId('new-matrix').click();
    await page.getByTestId('new-matrix-form').getByRole('textbox').fill('Gaza talks, May 2025');
    await page.getByRole('button', { name: 'Create matrix' }).click();
    const ask = page.getByTestId('create-token-dialog');
    await ask.getByTestId('create-token-input').fill('wrong-token');
    await ask.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => ask.getByRole('alert').innerText()).toMatch(/did not accept that create token/);
    await shot(page, 'create-token');
    await ask.getByTestId('create-token-input').fill('workshop-create-token-0001');
    await ask.getByRole('button', { name: 'Continue' }).click();
    const panel = page.getByTestId('share-panel');
    await expect.poll(() => panel.getByTestId('share-url-viewer').inputValue()).toMatch(/\/m\/gaza-talks-may-2025-[a-z0-9]+#token=/);
    expect(new URL(page.url()).hash).toBe('');
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('banner').locator('[data-testid="role-badge"][data-role="facilitator"]').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('stance-grid:create-token'))).toBe('workshop-create-token-0001');

    await page.goto(`${server.url}/m/${DEMO_MATRIX_ID}#token=${demoToken(server, 'viewer')}`);
    await connected(page);
    await page.goto(server.url);
    const list = page.getByTestId('remembered-list');
    await list.waitFor();
    const rows = list.locator('li');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/Ukraine ceasefire talks[\s\S]*Viewer/);
    expect(await rows.nth(1).innerText()).toMatch(/Gaza talks, May 2025[\s\S]*Facilitator/);
    await expect.poll(() => rows.nth(0).innerText()).toMatch(/10 parties × \d+ issues/); // the server list is open to the create token
    await shot(page, 'home-list');
    await rows
      .nth(1)
      .getByRole('button', { name: /Forget/ })
      .click();
    await page.getByRole('button', { name: 'Forget', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});
