/**
 * Measures for issue 11's legibility tests (items 5–8), run in the page: words split across lines,
 * stance symbols covered by a mark, and a 15 × 25 matrix with long names imported through the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import type { ImportResult } from '../../shared/api.ts';
import type { StanceGridServer } from '../../server/server.ts';

export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** Screenshots go to SG_SCREENSHOT_DIR (default: the OS temp folder, sg-legibility/). */
export function screenshotDir(): string {
  const dir = process.env.SG_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'sg-legibility');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Words (split at spaces, hyphens and soft hyphens, where a break is a legitimate one) of the
 * visible headers and cell labels whose characters lie on more than one line (a line is a top
 * in horizontal text, a left edge in sideways text).
 */
export function splitWords(page: Page, selector = '[role="columnheader"], [role="rowheader"], [role="gridcell"] .label'): Promise<string[]> {
  return page.evaluate((sel) => {
    const split: string[] = [];
    for (const root of document.querySelectorAll(sel)) {
      if (!(root as HTMLElement).checkVisibility()) continue;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        // Screen-reader-only copies (a 1 px box) wrap every letter; only what is seen counts.
        if (!parent || parent.getBoundingClientRect().width <= 1) continue;
        const sideways = getComputedStyle(parent).writingMode.startsWith('vertical');
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[^\s\u00ad\-–/]+/g)) {
          const lineOf = (i: number) => {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            // A character right after a break also reports the break's position at the end of the line above.
            const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            const r = rects.at(-1);
            return Math.round((sideways ? r?.left : r?.top) ?? 0);
          };
          const lines = new Set(Array.from(m[0], (_, i) => lineOf(m.index + i)));
          if (lines.size > 1) split.push(`${m[0]} (in "${text.replace(/\u00ad/g, '')}")`);
        }
      }
    }
    return split;
  }, selector);
}

/**
 * Cells whose source, comment, contested or reactions mark overlaps the stance symbol, and whose
 * reactions chip overlaps the source mark (bounding boxes).
 */
export function coveredSymbols(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const covered: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) => a.width > 0 && b.width > 0 && a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
    for (const cell of document.querySelectorAll<HTMLElement>('[role="gridcell"]')) {
      const chip = cell.querySelector('.reactions')?.getBoundingClientRect();
      for (const mark of cell.querySelectorAll('.badge, .no-source')) {
        if (chip && overlap(chip, mark.getBoundingClientRect())) covered.push(`${cell.dataset.testid ?? '?'} (reactions on the source mark)`);
      }
      const symbol = cell.querySelector('.symbol')?.getBoundingClientRect();
      if (!symbol || symbol.width === 0) continue;
      for (const mark of cell.querySelectorAll('.badge, .no-source, .comments, .contested, .reactions')) {
        if (overlap(mark.getBoundingClientRect(), symbol)) covered.push(cell.dataset.testid ?? '?');
      }
    }
    return covered;
  });
}

/** The smallest computed font sizes (px) of visible header names and of stance symbols. */
export function smallestType(page: Page): Promise<{ header: number; party: number; symbol: number }> {
  return page.evaluate(() => {
    const min = (sel: string) =>
      Math.min(
        ...[...document.querySelectorAll<HTMLElement>(sel)]
          .filter((e) => e.checkVisibility() && e.textContent)
          .map((e) => parseFloat(getComputedStyle(e).fontSize)),
      );
    return {
      header: min('[role="columnheader"].issue .name'),
      party: min('[role="rowheader"] .name'),
      symbol: min('[role="gridcell"] .symbol'),
    };
  });
}

export const LONG_PARTIES = [
  'Alliance for Democratic Renewal and Social Progress',
  'Confederation of Independent Trade Unions',
  'Organisation for Security and Co-operation in Europe',
  'International Committee of the Red Cross',
  'Parliamentary Assembly of the Council of Europe',
  'United Nations High Commissioner for Refugees',
  'European Bank for Reconstruction and Development',
  'Christian Democratic and Conservative Union',
  'Movement for Territorial Integrity and Sovereignty',
  "Federation of Veterans' Associations",
  'Russian Orthodox Church (Moscow Patriarchate)',
  'North Atlantic Treaty Organization',
  'Association of Southeast Asian Nations',
  "Ministry of Foreign Affairs of the People's Republic of China",
  'Plenipotentiary Representatives of the Occupied Territories',
];

export const LONG_ISSUES = [
  'Withdrawal of foreign troops from occupied territories',
  'Internationally supervised demilitarised zone',
  'Reconstruction financing from frozen sovereign assets',
  'Security guarantees by third-party states',
  'Prisoner exchanges and return of deported children',
  'Nuclear power plant safety and inspections',
  'Black Sea grain corridor and freedom of navigation',
  'Sanctions relief conditional on compliance',
  'Accountability for war crimes and reparations',
  'Constitutional neutrality and non-alignment',
  'Elections under international observation',
  'Language and minority rights protections',
  'Energy infrastructure ceasefire',
  'Peacekeepers',
  'Humanitarian corridors',
  'Demining and unexploded ordnance clearance',
  'Return of internally displaced persons',
  'Status of annexed regions',
  'Membership in the North Atlantic Alliance',
  'European Union accession negotiations',
  'Arms control and missile deployments',
  'Transitional justice and amnesty provisions',
  'Cross-border trade and customs arrangements',
  'Monitoring mission mandate and composition',
  'Decentralisation and regional self-government',
];

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Imports a 15 × 25 matrix with long party and issue names (about two thirds of the cells coded,
 * most with one to three sources, the rest without) through POST /api/import; returns its tokens.
 */
export async function importLongMatrix(server: StanceGridServer): Promise<ImportResult> {
  const levels = DEFAULT_SCALE.filter((l) => l.id !== 'no-position');
  const rows = ['Party,Issue,Stance,Quote,Speaker'];
  LONG_PARTIES.forEach((party, p) =>
    LONG_ISSUES.forEach((issue, i) => {
      if ((p * 7 + i * 3) % 10 >= 7) return;
      const stance = levels[(p + i) % levels.length]!.label;
      const sources = (p + i) % 4;
      if (sources === 0) rows.push([party, issue, stance, '', ''].map(csvField).join(','));
      for (let k = 0; k < sources; k++) rows.push([party, issue, stance, `Statement ${k + 1} on ${issue}`, `Spokesperson ${k + 1}`].map(csvField).join(','));
    }),
  );
  const res = await fetch(`${server.url}/api/import?kind=csv&title=${encodeURIComponent('Long names, 15 × 25')}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: rows.join('\r\n') + '\r\n',
  });
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as ImportResult;
}

/** Waits until the hyphenation patterns have loaded (a long issue name has soft hyphens). */
export async function waitForHyphens(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('[role="columnheader"] .name')].some((e) => (e.textContent ?? '').includes('\u00ad')));
}
