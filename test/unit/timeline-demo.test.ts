/**
 * The demo's timeline (shared/demo/ukraine-ceasefire-2025-03.timeline.json): its structure, that
 * every quote is verbatim in the seed article it names, and what seeding it gives.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { applyDemoData, type DemoData } from '../../shared/demo.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { historyArray } from '../../shared/history.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import { applyDemoTimeline, type DemoTimeline } from '../../shared/timeline/demo.ts';
import { asOf, changedBetween, timelineTicks } from '../../shared/timeline/asof.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import { analyseMatrix } from '../../shared/analysis/index.ts';
import type { MatrixData } from '../../shared/schema.ts';
import manifest from '../../shared/demo/documents.json' with { type: 'json' };

/** The seed article files the demo ships (shared/demo/documents.json). */
const articleFiles = new Set(manifest.map((d) => d.file));
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(repoRoot, 'shared', 'demo', file), 'utf8')) as T;
const demo = read<DemoData>('ukraine-ceasefire-2025-03.json');
const timeline = read<DemoTimeline>('ukraine-ceasefire-2025-03.timeline.json');

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const label = (c: { party: string; issue: string }) => `${c.party} × ${c.issue}`;

describe('demo timeline: structure', () => {
  const parties = new Set(demo.parties.map((p) => p.id));
  const issues = new Set(demo.issues.map((i) => i.id));
  const levels = new Set(DEFAULT_SCALE.map((l) => l.id));
  const demoStance = new Map(demo.cells.map((c) => [label(c), c.stance]));

  it('belongs to the demo and names only its parties, issues and stance levels', () => {
    expect(timeline.matrix).toBe(demo.id);
    for (const cell of timeline.cells) {
      expect(parties.has(cell.party), label(cell)).toBe(true);
      expect(issues.has(cell.issue), label(cell)).toBe(true);
      for (const p of cell.positions) expect(levels.has(p.stance), `${label(cell)} ${p.date}: ${p.stance}`).toBe(true);
    }
    const cells = timeline.cells.map(label);
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('codes at least 8 cells with two or more dated positions, 6 of them actual moves', () => {
    const multi = timeline.cells.filter((c) => c.positions.filter((p) => DATE.test(p.date)).length >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(8);
    const moves = timeline.cells.filter((c) => new Set(c.positions.map((p) => p.stance)).size > 1);
    expect(moves.length).toBeGreaterThanOrEqual(6);
  });

  it('dates every position, in ascending order, and ends each cell on the stance the demo codes', () => {
    for (const cell of timeline.cells) {
      const dates = cell.positions.map((p) => p.date);
      for (const d of dates) expect(d, label(cell)).toMatch(DATE);
      expect([...dates].sort(), label(cell)).toEqual(dates);
      expect(new Set(dates).size, `${label(cell)}: one position per day`).toBe(dates.length);
      expect(cell.positions.at(-1)?.stance, label(cell)).toBe(demoStance.get(label(cell)));
    }
  });

  it('gives every position a note and a source naming a known article; no quote twice in a cell', () => {
    for (const cell of timeline.cells) {
      const quotes = cell.positions.flatMap((p) => p.sources.map((s) => s.quote));
      expect(new Set(quotes).size, label(cell)).toBe(quotes.length);
      for (const p of cell.positions) {
        expect(p.note.trim(), `${label(cell)} ${p.date}: note`).not.toBe('');
        expect(p.sources.length, `${label(cell)} ${p.date}: sources`).toBeGreaterThan(0);
        for (const s of p.sources) {
          expect(articleFiles.has(s.article ?? ''), s.article).toBe(true);
          expect(s.date).toMatch(DATE);
          expect(s.speaker.trim()).not.toBe('');
        }
      }
    }
  });

  it('names the events of the talks: Jeddah on 11 March, the Trump–Putin call on 18 March', () => {
    expect(timeline.events.map((e) => [e.date, e.label])).toEqual(
      expect.arrayContaining([
        ['2025-03-11', expect.stringMatching(/Jeddah/)],
        ['2025-03-18', 'Trump–Putin call'],
      ]),
    );
    for (const e of timeline.events) expect(articleFiles.has(e.article), e.id).toBe(true);
  });
});

/** The seed texts: the copies shipped with the demo first, else the folder beside the repo (or the worktree's). */
const seedDirs = [
  path.join(repoRoot, 'shared', 'demo', 'documents'),
  path.resolve(repoRoot, '..', 'shared', 'seeds'),
  path.resolve(repoRoot, '..', '..', 'shared', 'seeds'),
];
function seedText(article: string): string | undefined {
  for (const dir of seedDirs) {
    const file = path.join(dir, article);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  return undefined;
}
describe('demo timeline: quotes are verbatim', () => {
  const rows = timeline.cells.flatMap((cell) =>
    cell.positions.flatMap((p) => p.sources.map((s) => [`${label(cell)} ${p.date}: ${s.quote.slice(0, 50)}`, s] as const)),
  );
  it.each(rows)('%s', (_name, s) => {
    expect(seedText(s.article ?? '')?.includes(s.quote), `not verbatim in ${s.article}: "${s.quote}"`).toBe(true);
  });
});

describe('demo timeline: seeding', () => {
  function seeded(withTimeline: boolean): Y.Doc {
    const doc = new Y.Doc();
    applyDemoData(doc, demo);
    if (withTimeline) applyDemoTimeline(doc, timeline);
    return doc;
  }
  const stanceIn = (data: MatrixData, party: string, issue: string) => data.cells.find((c) => c.partyId === party && c.issueId === issue)?.stance ?? null;

  it('leaves the grid as the demo codes it today, and leaves no history', () => {
    const doc = seeded(true);
    const stances = (m: MatrixData) => m.cells.map((c) => `${label({ party: c.partyId, issue: c.issueId })}=${c.stance}`);
    expect(stances(readMatrix(doc))).toEqual(stances(readMatrix(seeded(false))));
    expect(historyArray(doc).length).toBe(0);
  });

  it('12 March: Russia has no public position on either truce; Ukraine supports the 30-day ceasefire', () => {
    const on12 = asOf(readTimelineData(seeded(true)), '2025-03-12');
    expect(stanceIn(on12, 'russia', 'ceasefire-30-day')).toBe('no-position');
    expect(stanceIn(on12, 'russia', 'energy-truce')).toBe('no-position');
    expect(stanceIn(on12, 'ukraine', 'ceasefire-30-day')).toBe('supports');
    expect(stanceIn(on12, 'russia', 'military-aid')).toBe('opposes');
    const peskov = on12.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.sources.map((s) => s.quote);
    expect(peskov).toContain('We will not comment on the proposed ceasefire until all details are made known.');
  });

  it('20 March: Russia is conditional on the ceasefire, supports the energy truce and rejects foreign military aid', () => {
    const on20 = asOf(readTimelineData(seeded(true)), '2025-03-20');
    expect(stanceIn(on20, 'russia', 'ceasefire-30-day')).toBe('conditional');
    expect(stanceIn(on20, 'russia', 'energy-truce')).toBe('supports');
    expect(stanceIn(on20, 'russia', 'military-aid')).toBe('rejects');
  });

  it('between 12 and 20 March the moves are those the seeds document, each with its source', () => {
    const moves = changedBetween(readTimelineData(seeded(true)), '2025-03-12', '2025-03-20');
    expect(moves.cells.map((m) => `${m.partyId} × ${m.issueId}: ${m.from} → ${m.to}`)).toEqual([
      'russia × ceasefire-30-day: no-position → conditional',
      'russia × energy-truce: no-position → supports',
      'russia × military-aid: opposes → rejects',
      'ukraine × kursk: open → ambiguous',
      // First coded on 15 March (the coalition's video conference): null = not yet coded on 12 March.
      'uk × peacekeepers: null → demands',
    ]);
    for (const m of moves.cells) expect(m.sources.length, `${m.partyId} × ${m.issueId}`).toBeGreaterThan(0);
  });

  it('links quotes the demo already has instead of adding them twice', () => {
    const plain = readMatrix(seeded(false));
    const data = readTimelineData(seeded(true));
    const quotesOf = (m: MatrixData) => m.cells.flatMap((c) => c.sources.map((s) => `${c.partyId}|${c.issueId}|${s.quote}`));
    const added = quotesOf(data).filter((q) => !quotesOf(plain).includes(q));
    expect(added.length).toBe(new Set(added).size);
    // New: Peskov in both Russian truce cells, Peskov's "First, we must receive", and the
    // Jeddah and 4 March quotes in Ukraine's ceasefire cell.
    expect(added.length).toBe(5);
    const ruCf = data.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day');
    expect(ruCf?.positions?.map((p) => [p.date, p.stance, p.sources.length])).toEqual([
      ['2025-03-12', 'no-position', 2],
      ['2025-03-13', 'conditional', 1],
      // The two quotes of the call, plus the demo's unlinked source (the anonymous "yes, but" of
      // 12 March), which supports the current stance.
      ['2025-03-18', 'conditional', 3],
    ]);
  });

  it('gives the slider its ticks and events, and the analysis runs on any day', () => {
    const data = readTimelineData(seeded(true));
    const ticks = timelineTicks(data);
    expect(ticks[0]?.date).toBe('2025-03-04');
    expect(ticks.find((t) => t.date === '2025-03-18')?.changed).toEqual(['russia|energy-truce', 'russia|military-aid']);
    expect(ticks.find((t) => t.date === '2025-03-11')?.events.map((e) => e.id)).toEqual(['jeddah-talks']);
    const before = analyseMatrix(asOf(data, '2025-03-12')).issues.find((i) => i.issueId === 'energy-truce');
    const after = analyseMatrix(asOf(data, '2025-03-20')).issues.find((i) => i.issueId === 'energy-truce');
    // Russia's no-position (counted apart) becomes a +2 (supports).
    expect(before?.counts['no-position']).toBe(1);
    expect(after?.counts['no-position']).toBe(0);
    expect((after?.valued ?? 0) - (before?.valued ?? 0)).toBe(1);
  });
});
