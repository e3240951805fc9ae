/**
 * Issue 11, item 10 in real Chromium pages on the demo matrix: filters ("show only" cells),
 * hidden parties and issues, and the view-only sort of parties by their stance on an issue. A
 * presenting facilitator's filter reaches a follower; an editor's own filter stays in its page.
 * Screenshots go to SG_SCREENSHOT_DIR (default: the OS temp folder, sg-filters/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role } from '../../shared/access.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { sortParties } from '../../shared/filters.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { openDemoAs } from '../utils/browser.ts';

const SHOTS = process.env.SG_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'sg-filters');
const ISSUE = 'ceasefire-30-day';
const cell = (page: Page, party: string, issue: string) => page.getByTestId(`cell-${party}-${issue}`);

async function openDemo(server: TestServer, role: Role, name: string, size = { width: 1280, height: 800 }) {
  const opened = await openDemoAs(server, role, { name, ...size });
  await opened.page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  await cell(opened.page, 'us', ISSUE).waitFor();
  return opened;
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const partyOrder = (page: Page) => page.locator('[role="rowheader"]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id));
const issueOrder = (page: Page) => page.locator('[role="columnheader"][data-id]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id));

/** Per shown cell: its key, whether it is unsourced (a stance, no source) and whether it is dimmed. */
const cellStates = (page: Page) =>
  page.locator('[role="gridcell"]').evaluateAll((els) =>
    els.map((el) => ({
      nav: (el as HTMLElement).dataset.nav ?? '',
      unsourced: el.classList.contains('unsourced'),
      dimmed: el.classList.contains('filtered-out'),
    })),
  );

async function openPanel(page: Page) {
  await page.getByTestId('filter-button').click();
  await page.getByTestId('filter-panel').waitFor();
}

describe('filters and sorting', () => {
  it("a presenting facilitator's filter, sort and hidden issue reach a follower; an editor's own filter stays in its page", async () => {
    const server = await startServer();
    const f = await openDemo(server, 'facilitator', 'Fatima');
    const v = await openDemo(server, 'viewer', 'Victor', { width: 1920, height: 1080 });
    const e = await openDemo(server, 'editor', 'Ben');
    const stored = await partyOrder(e.page);
    const storedIssues = await issueOrder(e.page);

    // An unsourced cell: a stance on an empty cell, with no source.
    const empty = await f.page.locator('[role="gridcell"][data-stance=""]').first().getAttribute('data-testid');
    await f.page.getByTestId(empty!).focus();
    await f.page.keyboard.press('6');
    await expect.poll(() => v.page.getByTestId(empty!).getAttribute('class')).toContain('unsourced');

    await f.page.getByTestId(empty!).focus();
    await f.page.keyboard.press('p');
    await f.page.getByTestId('present-bar').waitFor();
    await openPanel(f.page);
    await f.page.getByTestId('filter-unsourced').check();
    await f.page.getByTestId('filter-sort-dir').selectOption('desc');
    await f.page.getByTestId('filter-sort-issue').selectOption(ISSUE);
    await f.page.getByTestId('filter-issues').getByLabel('Black Sea', { exact: false }).uncheck();
    await shot(f.page, 'panel-present-1280.png');

    // The follower: same dimmed cells, same order, the issue gone, and a visible count.
    await expect.poll(() => issueOrder(v.page)).toEqual(storedIssues.filter((i) => i !== 'black-sea'));
    const states = await cellStates(v.page);
    const matching = states.filter((s) => s.unsourced);
    expect(matching.length).toBeGreaterThan(0);
    expect(states.filter((s) => s.unsourced === s.dimmed)).toEqual([]);
    await expect
      .poll(() => v.page.getByTestId('filter-count').textContent())
      .toBe(`${matching.length} ${matching.length === 1 ? 'cell matches' : 'cells match'}`);
    expect(await v.page.getByTestId('filter-status').textContent()).toContain("Facilitator's filter");
    // Sorted by stance value on the issue, highest first, ties in stored order, empty last.
    const values = new Map(DEFAULT_SCALE.map((l) => [l.id, l.value]));
    const stanceOn = new Map<string, string>();
    for (const p of stored) stanceOn.set(p!, (await cell(v.page, p!, ISSUE).getAttribute('data-stance')) ?? '');
    const expected = sortParties(
      stored.map((id) => ({ id: id! })),
      (p) => (stanceOn.get(p) ? (values.get(stanceOn.get(p)!) ?? null) : undefined),
      'desc',
    ).map((p) => p.id);
    expect(await partyOrder(v.page)).toEqual(expected);
    expect(expected).not.toEqual(stored);
    await shot(v.page, 'follower-filtered-1920.png');
    // The follower may look at the filter panel (it says whose filter it is) without leaving the presenter.
    await openPanel(v.page);
    expect(await v.page.getByTestId('filter-panel').textContent()).toContain("You see the facilitator's filter");
    await shot(v.page, 'panel-follower-1920.png');
    await v.page.keyboard.press('Escape');
    await expect.poll(() => v.page.getByTestId('filter-panel').count()).toBe(0);
    expect(await v.page.getByTestId('filter-status').textContent()).toContain("Facilitator's filter");
    await f.page.keyboard.press('Escape');
    await expect.poll(() => f.page.getByTestId('filter-panel').count()).toBe(0);
    await shot(f.page, 'present-filtered-1280.png');
    // The walk-through counts the issues shown: one is hidden.
    await f.page.keyboard.press('ArrowRight');
    await expect.poll(() => f.page.getByTestId('step-indicator').textContent()).toMatch(new RegExp(`Issue 1 of ${storedIssues.length - 1}:`));
    await openPanel(f.page);

    // The editor (not following) sees the plain grid: nothing dimmed, stored order, every issue.
    expect(await partyOrder(e.page)).toEqual(stored);
    expect(await issueOrder(e.page)).toEqual(storedIssues);
    expect(await e.page.locator('.filtered-out').count()).toBe(0);
    expect(await e.page.getByTestId('filter-status').count()).toBe(0);

    // The editor hides a party from its header menu: only the editor's page changes.
    await e.page.getByTestId('party-china').hover();
    await e.page.getByRole('button', { name: 'Actions for China' }).click();
    await e.page.getByRole('menuitem', { name: 'Hide party' }).click();
    await expect.poll(() => e.page.getByTestId('party-china').count()).toBe(0);
    await expect.poll(() => e.page.getByTestId('filter-status').textContent()).toContain('1 party hidden');
    // Barrier: a later change of the facilitator's reaches the follower, so the editor's would have too.
    await f.page.getByTestId('filter-sort-issue').selectOption('');
    await expect.poll(() => partyOrder(v.page)).toEqual(stored);
    expect(await v.page.getByTestId('party-china').count()).toBe(1);
    expect(await f.page.getByTestId('party-china').count()).toBe(1);

    // The editor shows it again from the panel's list, then Escape closes the panel onto its button.
    await openPanel(e.page);
    await e.page.getByTestId('filter-parties').getByLabel('China').check();
    await expect.poll(() => e.page.getByTestId('party-china').count()).toBe(1);
    await shot(e.page, 'panel-1280.png');
    await e.page.keyboard.press('Escape');
    await expect.poll(() => e.page.getByTestId('filter-panel').count()).toBe(0);
    expect(await e.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-button');

    // Clearing on the facilitator's page clears the follower's grid.
    await f.page.getByTestId('filter-clear-all').click();
    await expect.poll(() => v.page.getByTestId('filter-status').count()).toBe(0);
    expect(await v.page.locator('.filtered-out').count()).toBe(0);
    expect(await issueOrder(v.page)).toEqual(storedIssues);
    expect([...f.errors, ...v.errors, ...e.errors]).toEqual([]);
  });

  it('collapse leaves only rows and columns with a match; a viewer sorts from the issue menu and clears it', async () => {
    const server = await startServer();
    const a = await openDemo(server, 'editor', 'Ana', { width: 1920, height: 1080 });
    const stored = await partyOrder(a.page);
    // Two unsourced cells in two rows and two columns.
    const empties = await a.page
      .locator('[role="gridcell"][data-stance=""]')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.nav!.split('|')));
    const first = empties[0]!;
    const second = empties.find(([p, i]) => p !== first[0] && i !== first[1])!;
    for (const [p, i] of [first, second]) {
      await cell(a.page, p!, i!).focus();
      await a.page.keyboard.press('2');
    }
    await openPanel(a.page);
    await a.page.getByTestId('filter-unsourced').check();
    await a.page.getByTestId('filter-collapse').check();
    await expect.poll(async () => (await cellStates(a.page)).filter((s) => !s.dimmed).length).toBeGreaterThan(0);
    // Every shown row and column holds a match.
    const states = await cellStates(a.page);
    const rows = await partyOrder(a.page);
    const cols = await issueOrder(a.page);
    for (const p of rows) expect(states.some((s) => s.unsourced && s.nav.split('|')[0] === p)).toBe(true);
    for (const i of cols) expect(states.some((s) => s.unsourced && s.nav.split('|')[1] === i)).toBe(true);
    expect(rows.length).toBeLessThan(stored.length);
    await shot(a.page, 'collapsed-1920.png');
    await a.page.keyboard.press('Escape');
    await a.page.getByTestId('filter-clear').click();
    await expect.poll(() => partyOrder(a.page)).toEqual(stored);

    // A viewer (no edit rights) sorts from the issue header menu, then clears the sort there.
    const v = await openDemo(server, 'viewer', 'Victor');
    await v.page.getByTestId(`issue-${ISSUE}`).hover();
    await v.page.getByRole('button', { name: /^View options for 30-day/ }).click();
    expect(await v.page.getByRole('menuitem', { name: 'Rename' }).count()).toBe(0);
    await v.page.getByRole('menuitem', { name: 'Sort parties: opposition first' }).click();
    await expect.poll(() => partyOrder(v.page)).not.toEqual(stored);
    await v.page.getByTestId(`issue-${ISSUE}`).hover();
    await v.page.getByRole('button', { name: /^View options for 30-day/ }).click();
    await v.page.getByRole('menuitem', { name: 'Clear the sort' }).click();
    await expect.poll(() => partyOrder(v.page)).toEqual(stored);
    expect([...a.errors, ...v.errors]).toEqual([]);
  });

  it('"changed since" a snapshot shows only the cells edited after it, live', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/snapshots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(demoToken(server, 'editor')) },
      body: JSON.stringify({ name: 'Before the break', note: '', createdBy: 'Ana' }),
    });
    expect(res.status).toBe(201);
    const a = await openDemo(server, 'editor', 'Ana');
    await cell(a.page, 'china', 'nato').focus();
    await a.page.keyboard.press('3');
    await openPanel(a.page);
    await a.page.getByTestId('filter-since').selectOption({ label: 'Before the break' });
    expect(await a.page.getByTestId('filter-changed').isChecked()).toBe(true);
    await expect.poll(() => a.page.getByTestId('filter-count').textContent()).toBe('1 cell matches');
    expect(await cell(a.page, 'china', 'nato').getAttribute('class')).not.toContain('filtered-out');
    expect(await cell(a.page, 'us', ISSUE).getAttribute('class')).toContain('filtered-out');
    // A later edit matches at once.
    await cell(a.page, 'poland', 'kursk').focus();
    await a.page.keyboard.press('5');
    await expect.poll(() => a.page.getByTestId('filter-count').textContent()).toBe('2 cells match');
    expect([...a.errors]).toEqual([]);
  });
});
