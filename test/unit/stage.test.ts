import { describe, expect, it } from 'vitest';
import {
  emptyStage,
  MAX_TIMER_MS,
  MAX_ZOOM,
  MIN_ZOOM,
  newestStage,
  parseStage,
  scrollFraction,
  setStageAnalysis,
  setStageAsOf,
  setStageZoom,
  type Stage,
} from '../../shared/stage.ts';
import {
  cellMark,
  endReveal,
  headerMark,
  moveParty,
  revealAll,
  revealColumn,
  revealedIssues,
  setSpotlight,
  startReveal,
  stepIssue,
} from '../../shared/stage-walk.ts';
import { formatRemaining, parseTimerInput, pauseTimer, resetTimer, resumeTimer, startTimer, timerRemaining } from '../../shared/stage-timer.ts';

const ISSUES = ['i1', 'i2', 'i3', 'i4'];
const PARTIES = ['p1', 'p2', 'p3'];

function valid(): Stage {
  return {
    v: 1,
    at: 1_700_000_000_000,
    presenting: true,
    spotlight: { kind: 'cell', party: 'p1', issue: 'i2' },
    step: 'i2',
    reveal: { through: 'i2', extra: ['i4'], all: false },
    scroll: { x: 0.5, y: null },
    timer: { durationMs: 300_000, endsAt: 1_700_000_300_000, remainingMs: null },
    asOf: '2025-03-13',
    analysis: true,
    filter: { show: ['contested'], since: null, collapse: true, hiddenParties: ['p3'], hiddenIssues: [], sort: { issue: 'i1', dir: 'desc' } },
    zoom: -1,
  };
}

describe('parseStage: a stage from awareness is checked in every part', () => {
  it('accepts a well-formed stage and returns a fresh copy without unknown fields', () => {
    const input = { ...valid(), evil: '<script>' };
    const parsed = parseStage(input);
    expect(parsed).toEqual(valid());
    expect(parsed).not.toBe(input);
    expect(parsed && 'evil' in parsed).toBe(false);
    expect(parseStage(emptyStage(5))).toEqual(emptyStage(5));
  });

  it('reads a stage from an older client (no asOf, no analysis) as live, grid shown', () => {
    const { asOf: _a, analysis: _b, filter: _c, zoom: _d, ...old } = valid();
    expect(parseStage(old)).toEqual({ ...valid(), asOf: null, analysis: false, filter: null, zoom: 0 });
  });

  it('setStageAsOf and setStageAnalysis change the stage only when the value differs; a malformed day is live', () => {
    const s = emptyStage(1);
    expect(setStageAsOf(s, '2025-03-12', 2)).toEqual({ ...s, at: 2, asOf: '2025-03-12' });
    expect(setStageAsOf(s, null, 2)).toBe(s);
    expect(setStageAsOf({ ...s, asOf: '2025-03-12' }, 'March', 3).asOf).toBeNull();
    expect(setStageAnalysis(s, true, 4)).toEqual({ ...s, at: 4, analysis: true });
    expect(setStageAnalysis(s, false, 4)).toBe(s);
  });

  it('setStageZoom keeps the projector zoom an integer step within MIN_ZOOM..MAX_ZOOM', () => {
    const s = emptyStage(1);
    expect(setStageZoom(s, 1, 2)).toEqual({ ...s, at: 2, zoom: 1 });
    expect(setStageZoom(s, 0, 2)).toBe(s);
    expect(setStageZoom(s, 99, 2).zoom).toBe(MAX_ZOOM);
    expect(setStageZoom(s, -99, 2).zoom).toBe(MIN_ZOOM);
    expect(setStageZoom(s, 1.4, 2).zoom).toBe(1);
  });

  const broken: [string, (s: Record<string, unknown>) => unknown][] = [
    ['not an object', () => 'stage'],
    ['an array', () => []],
    ['null', () => null],
    ['another version', (s) => ({ ...s, v: 2 })],
    ['a NaN timestamp', (s) => ({ ...s, at: NaN })],
    ['a negative timestamp', (s) => ({ ...s, at: -1 })],
    ['presenting as a string', (s) => ({ ...s, presenting: 'yes' })],
    ['a spotlight of an unknown kind', (s) => ({ ...s, spotlight: { kind: 'everything' } })],
    ['a spotlight id with a pipe', (s) => ({ ...s, spotlight: { kind: 'issue', issue: 'a|b' } })],
    ['a cell spotlight without its party', (s) => ({ ...s, spotlight: { kind: 'cell', issue: 'i1' } })],
    ['an over-long id', (s) => ({ ...s, step: 'x'.repeat(65) })],
    ['a step that is a number', (s) => ({ ...s, step: 3 })],
    ['a reveal without extra', (s) => ({ ...s, reveal: { through: null, all: false } })],
    ['a reveal with duplicate extras', (s) => ({ ...s, reveal: { through: null, extra: ['i1', 'i1'], all: false } })],
    ['a reveal with too many extras', (s) => ({ ...s, reveal: { through: null, extra: Array.from({ length: 501 }, (_, i) => `i${i}`), all: false } })],
    ['a scroll fraction above 1', (s) => ({ ...s, scroll: { x: 1.5, y: 0 } })],
    ['a missing scroll', (s) => ({ ...s, scroll: undefined })],
    ['a timer both running and paused', (s) => ({ ...s, timer: { durationMs: 1000, endsAt: 5, remainingMs: 5 } })],
    ['a timer neither running nor paused', (s) => ({ ...s, timer: { durationMs: 1000, endsAt: null, remainingMs: null } })],
    ['an as-of day that is not a date', (s) => ({ ...s, asOf: '2025-02-30' })],
    ['an as-of day with a time', (s) => ({ ...s, asOf: '2025-03-13T10:00' })],
    ['an as-of day as a number', (s) => ({ ...s, asOf: 20250313 })],
    ['analysis as a string', (s) => ({ ...s, analysis: 'on' })],
    ['a zoom as a string', (s) => ({ ...s, zoom: '2' })],
    ['a fractional zoom', (s) => ({ ...s, zoom: 0.5 })],
    ['a zoom beyond the largest step', (s) => ({ ...s, zoom: MAX_ZOOM + 1 })],
    ['a zoom below the smallest step', (s) => ({ ...s, zoom: MIN_ZOOM - 1 })],
    ['a null zoom', (s) => ({ ...s, zoom: null })],
    ['a zero-length timer', (s) => ({ ...s, timer: { durationMs: 0, endsAt: 5, remainingMs: null } })],
    ['a timer longer than allowed', (s) => ({ ...s, timer: { durationMs: MAX_TIMER_MS + 1, endsAt: 5, remainingMs: null } })],
    ['more time remaining than the duration', (s) => ({ ...s, timer: { durationMs: 1000, endsAt: null, remainingMs: 2000 } })],
    ['an infinite end time', (s) => ({ ...s, timer: { durationMs: 1000, endsAt: Infinity, remainingMs: null } })],
  ];
  it.each(broken)('rejects %s', (_name, make) => {
    expect(parseStage(make(valid() as unknown as Record<string, unknown>))).toBe(null);
  });
});

describe('walk-through: stepping moves the spotlight one issue column at a time', () => {
  it('next/prev/first/last move the step and spotlight the column, clamped at the ends', () => {
    let s = stepIssue(emptyStage(), 'next', ISSUES, 1);
    expect(s.step).toBe('i1');
    expect(s.spotlight).toEqual({ kind: 'issue', issue: 'i1' });
    s = stepIssue(s, 'next', ISSUES, 2);
    expect(s.step).toBe('i2');
    expect(s.at).toBe(2);
    s = stepIssue(s, 'last', ISSUES, 3);
    expect(s.step).toBe('i4');
    expect(stepIssue(s, 'next', ISSUES, 4).step).toBe('i4');
    s = stepIssue(s, 'first', ISSUES, 5);
    expect(stepIssue(s, 'prev', ISSUES, 6).step).toBe('i1');
    expect(stepIssue(emptyStage(), 'prev', ISSUES, 1).step).toBe('i1');
    expect(stepIssue(emptyStage(), 'next', [], 1)).toEqual(emptyStage());
  });

  it('a step that was deleted restarts at the first issue', () => {
    const s = { ...emptyStage(), step: 'gone' };
    expect(stepIssue(s, 'next', ISSUES, 1).step).toBe('i1');
  });

  it('spotlighting a cell makes its issue the step; a party row keeps the step', () => {
    let s = setSpotlight(emptyStage(), { kind: 'cell', party: 'p2', issue: 'i3' }, 1);
    expect(s.step).toBe('i3');
    s = setSpotlight(s, { kind: 'party', party: 'p1' }, 2);
    expect(s.step).toBe('i3');
    expect(stepIssue(s, 'next', ISSUES, 3).spotlight).toEqual({ kind: 'issue', issue: 'i4' });
  });

  it('up/down walk the cells of the current column, and party rows without one', () => {
    let s = stepIssue(emptyStage(), 'next', ISSUES, 1);
    s = moveParty(s, 1, PARTIES, ISSUES, 2);
    expect(s.spotlight).toEqual({ kind: 'cell', party: 'p1', issue: 'i1' });
    s = moveParty(moveParty(moveParty(s, 1, PARTIES, ISSUES, 3), 1, PARTIES, ISSUES, 4), 1, PARTIES, ISSUES, 5);
    expect(s.spotlight).toEqual({ kind: 'cell', party: 'p3', issue: 'i1' });
    s = moveParty(moveParty(moveParty(s, -1, PARTIES, ISSUES, 6), -1, PARTIES, ISSUES, 7), -1, PARTIES, ISSUES, 8);
    expect(s.spotlight).toEqual({ kind: 'issue', issue: 'i1' });
    let rows = moveParty(emptyStage(), 1, PARTIES, ISSUES, 1);
    expect(rows.spotlight).toEqual({ kind: 'party', party: 'p1' });
    rows = moveParty(rows, 1, PARTIES, ISSUES, 2);
    expect(rows.spotlight).toEqual({ kind: 'party', party: 'p2' });
  });

  it('marks cells and headers inside the spotlight and dims the rest', () => {
    expect(cellMark(null, 'p1', 'i1')).toBe(undefined);
    const col = { kind: 'issue', issue: 'i2' } as const;
    expect(cellMark(col, 'p3', 'i2')).toBe('issue');
    expect(cellMark(col, 'p3', 'i1')).toBe('dim');
    expect(cellMark({ kind: 'party', party: 'p2' }, 'p2', 'i4')).toBe('party');
    const cell = { kind: 'cell', party: 'p2', issue: 'i3' } as const;
    expect(cellMark(cell, 'p2', 'i3')).toBe('cell');
    expect(cellMark(cell, 'p2', 'i2')).toBe('dim');
    expect(headerMark(col, 'issues', 'i2')).toBe('on');
    expect(headerMark(col, 'parties', 'p1')).toBe('dim');
    expect(headerMark(cell, 'issues', 'i3')).toBe('axis');
    expect(headerMark(cell, 'parties', 'p2')).toBe('axis');
    expect(headerMark(cell, 'parties', 'p1')).toBe('dim');
    expect(headerMark(null, 'parties', 'p1')).toBe(undefined);
  });
});

describe('reveal: stances hidden until their column is reached or revealed', () => {
  it('starts with everything hidden and reveals column by column as the step advances', () => {
    const start = startReveal(stepIssue(emptyStage(), 'last', ISSUES, 1), 2);
    expect(start.step).toBe(null);
    expect(start.spotlight).toBe(null);
    expect([...revealedIssues(start.reveal, ISSUES)!]).toEqual([]);
    const one = stepIssue(start, 'next', ISSUES, 3);
    expect([...revealedIssues(one.reveal, ISSUES)!]).toEqual(['i1']);
    const two = stepIssue(one, 'next', ISSUES, 4);
    expect([...revealedIssues(two.reveal, ISSUES)!]).toEqual(['i1', 'i2']);
    // Stepping back keeps what was revealed; jumping ahead reveals everything before.
    expect([...revealedIssues(stepIssue(two, 'first', ISSUES, 5).reveal, ISSUES)!]).toEqual(['i1', 'i2']);
    expect([...revealedIssues(stepIssue(two, 'last', ISSUES, 5).reveal, ISSUES)!]).toEqual(ISSUES);
  });

  it('pointing at a hidden column (spotlight, up/down through its cells) reveals nothing; stepping on does', () => {
    let s = setSpotlight(startReveal(emptyStage(), 1), { kind: 'issue', issue: 'i3' }, 2);
    s = moveParty(s, 1, PARTIES, ISSUES, 3);
    expect(s.spotlight).toEqual({ kind: 'cell', party: 'p1', issue: 'i3' });
    expect([...revealedIssues(s.reveal, ISSUES)!]).toEqual([]);
    expect([...revealedIssues(stepIssue(s, 'next', ISSUES, 4).reveal, ISSUES)!]).toEqual(['i1', 'i2', 'i3', 'i4']);
  });

  it('"Reveal column" reveals one issue out of order; "Reveal all" and ending show everything', () => {
    const s = revealColumn(startReveal(emptyStage(), 1), 'i3', 2);
    expect([...revealedIssues(s.reveal, ISSUES)!]).toEqual(['i3']);
    expect(revealColumn(s, 'i3', 3)).toBe(s);
    expect(revealedIssues(revealAll(s, 3).reveal, ISSUES)).toBe(null);
    expect(revealedIssues(endReveal(s, 3).reveal, ISSUES)).toBe(null);
    expect(revealedIssues(null, ISSUES)).toBe(null);
    expect(revealColumn(emptyStage(), 'i1', 1)).toEqual(emptyStage());
  });

  it('a reveal survives a reorder: it is kept by issue id, not position', () => {
    const s = stepIssue(stepIssue(startReveal(emptyStage(), 1), 'next', ISSUES, 2), 'next', ISSUES, 3);
    expect([...revealedIssues(s.reveal, ['i2', 'i1', 'i3', 'i4'])!]).toEqual(['i2']);
  });
});

describe('timer: start, pause, resume, reset', () => {
  it('counts down from endsAt and freezes the remaining time while paused', () => {
    let s = startTimer(emptyStage(), 5 * 60_000, 1000);
    expect(s.timer).toEqual({ durationMs: 300_000, endsAt: 301_000, remainingMs: null });
    expect(timerRemaining(s.timer!, 61_000)).toBe(240_000);
    s = pauseTimer(s, 61_000);
    expect(s.timer).toEqual({ durationMs: 300_000, endsAt: null, remainingMs: 240_000 });
    expect(timerRemaining(s.timer!, 999_999)).toBe(240_000);
    expect(pauseTimer(s, 70_000)).toBe(s);
    s = resumeTimer(s, 100_000);
    expect(s.timer?.endsAt).toBe(340_000);
    expect(timerRemaining(s.timer!, 400_000)).toBe(0);
    s = resetTimer(s, 400_000);
    expect(s.timer).toEqual({ durationMs: 300_000, endsAt: null, remainingMs: 300_000 });
    expect(parseStage(s)).toEqual(s);
  });

  it('formats the remaining time rounded up to whole seconds', () => {
    expect(formatRemaining(245_000)).toBe('4:05');
    expect(formatRemaining(8_001)).toBe('0:09');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_720_000)).toBe('1:02:00');
  });

  it('reads a typed length as minutes or minutes:seconds, refusing anything else', () => {
    expect(parseTimerInput('5')).toBe(300_000);
    expect(parseTimerInput(' 2,5 ')).toBe(150_000);
    expect(parseTimerInput('1:30')).toBe(90_000);
    expect(parseTimerInput('0:04')).toBe(null); // under 5 seconds
    expect(parseTimerInput('0:05')).toBe(5000);
    expect(parseTimerInput('1:75')).toBe(null);
    expect(parseTimerInput('721')).toBe(null);
    expect(parseTimerInput('-2')).toBe(null);
    expect(parseTimerInput('five')).toBe(null);
    expect(parseTimerInput('')).toBe(null);
  });

  it('clamps the duration to the allowed range', () => {
    expect(startTimer(emptyStage(), 10, 0).timer?.durationMs).toBe(1000);
    expect(startTimer(emptyStage(), MAX_TIMER_MS * 2, 0).timer?.durationMs).toBe(MAX_TIMER_MS);
  });
});

describe('several facilitators: the most recently changed stage leads', () => {
  it('prefers the stage seen changing latest here, then the newer timestamp', () => {
    const a = { clientId: 1, seenAt: 0, stage: { ...emptyStage(), at: 500 } };
    const b = { clientId: 2, seenAt: 0, stage: { ...emptyStage(), at: 400 } };
    expect(newestStage([a, b])).toBe(a);
    const bChanged = { ...b, seenAt: 10 };
    expect(newestStage([a, bChanged])).toBe(bChanged);
    expect(newestStage([])).toBe(null);
  });
});

describe('scroll fractions', () => {
  it('are null when an axis does not scroll, else clamped to 0..1', () => {
    expect(scrollFraction(0, 1000, 1000)).toBe(null);
    expect(scrollFraction(250, 1500, 1000)).toBe(0.5);
    expect(scrollFraction(900, 1500, 1000)).toBe(1);
  });
});
