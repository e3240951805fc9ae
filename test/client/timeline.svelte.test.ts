import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { addAxisItem, setStance } from '../../shared/matrix.ts';
import { addEvent, addPosition } from '../../shared/positions.ts';
import { cellKey } from '../../shared/schema.ts';
import { MatrixView } from '../../client/src/matrix/matrix-view.svelte.ts';
import { PLAY_STEP_MS, Timeline, type DayHolder } from '../../client/src/timeline/timeline.svelte.ts';
import { ANALYSIS_DEBOUNCE_MS, AnalysisState } from '../../client/src/analysis/analysis.svelte.ts';
import { EMPTY_CELL } from '../../client/src/matrix/cell-view.svelte.ts';
import { replicas } from '../utils/docs.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((undo) => undo());
  vi.useRealTimers();
});

/** A plain day holder (the page keeps the day on the present stage). */
class Holder implements DayHolder {
  day = $state.raw<string | null>(null);
  setDay(day: string | null) {
    this.day = day;
  }
}

/**
 * Russia on the ceasefire: no position (12 Mar) → conditional (13 Mar); Ukraine supports from 11
 * Mar; an event on 15 Mar; the US coded without dates.
 */
function setup() {
  const [doc] = replicas(1) as [Y.Doc];
  const [russia, ukraine, us] = ['Russia', 'Ukraine', 'US'].map((name) => addAxisItem(doc, 'parties', { name })) as [string, string, string];
  const [ceasefire, energy] = ['Ceasefire', 'Energy'].map((name) => addAxisItem(doc, 'issues', { name })) as [string, string];
  addPosition(doc, russia, ceasefire, { stance: 'no-position', date: '2025-03-12' });
  addPosition(doc, russia, ceasefire, { stance: 'conditional', date: '2025-03-13' });
  addPosition(doc, ukraine, ceasefire, { stance: 'supports', date: '2025-03-11' });
  setStance(doc, us, ceasefire, 'demands');
  setStance(doc, us, energy, 'supports');
  addEvent(doc, { date: '2025-03-15', label: 'Coalition call' });
  const view = new MatrixView(doc);
  const holder = new Holder();
  let timeline!: Timeline;
  const stop = $effect.root(() => {
    timeline = new Timeline(view, holder);
  });
  cleanups.push(() => (timeline.destroy(), stop()));
  return { doc, view, holder, timeline, russia, ukraine, us, ceasefire, energy };
}

describe('Timeline: the grid as of a day', () => {
  it('ticks are the dated days and events; the range runs from the first to the last', () => {
    const { timeline } = setup();
    expect(timeline.ticks.map((t) => t.date)).toEqual(['2025-03-11', '2025-03-12', '2025-03-13', '2025-03-15']);
    expect(timeline.ticks[3]?.events.map((e) => e.label)).toEqual(['Coalition call']);
    expect([timeline.first, timeline.last]).toEqual(['2025-03-11', '2025-03-15']);
    expect(timeline.offsetOf('2025-03-13')).toBe(2);
    expect(timeline.dayAt(4)).toBe('2025-03-15');
  });

  it('live shows the cells themselves; a day shows each cell as it stood, uncoded ones empty, and marks the moves of that tick', () => {
    const { timeline, russia, ukraine, us, ceasefire } = setup();
    const key = cellKey(russia, ceasefire);
    expect(timeline.cellOn(key)).toBeUndefined();
    timeline.setDay('2025-03-11');
    expect(timeline.cellOn(key)).toBe(EMPTY_CELL);
    expect(timeline.cellOn(cellKey(ukraine, ceasefire))?.stance).toBe('supports');
    expect(timeline.cellOn(cellKey(us, ceasefire))?.stance).toBe('demands'); // undated: held since always
    timeline.setDay('2025-03-12');
    expect(timeline.cellOn(key)?.stance).toBe('no-position');
    expect(timeline.movedOn(key)).toBe(true);
    expect(timeline.movedOn(cellKey(ukraine, ceasefire))).toBe(false);
    timeline.setDay('2025-03-14'); // between ticks: the 13th is the current tick
    expect(timeline.cellOn(key)?.stance).toBe('conditional');
    expect(timeline.currentTick?.date).toBe('2025-03-13');
    expect(timeline.movedOn(key)).toBe(true);
  });

  it('a remote edit reaches the as-of grid', () => {
    const { doc, timeline, ukraine, ceasefire } = setup();
    timeline.setDay('2025-03-13');
    addPosition(doc, ukraine, ceasefire, { stance: 'conditional', date: '2025-03-13' });
    expect(timeline.cellOn(cellKey(ukraine, ceasefire))?.stance).toBe('conditional');
    expect(timeline.ticks.find((t) => t.date === '2025-03-13')?.changed).toContain(cellKey(ukraine, ceasefire));
  });

  it('steps tick to tick; from live, back is the last tick; Now returns to live', () => {
    const { timeline } = setup();
    timeline.step(1);
    expect(timeline.day).toBeNull();
    timeline.step(-1);
    expect(timeline.day).toBe('2025-03-15');
    timeline.step(-1);
    expect(timeline.day).toBe('2025-03-13');
    timeline.setDay('2025-03-14');
    timeline.step(1);
    expect(timeline.day).toBe('2025-03-15');
    timeline.step(1);
    expect(timeline.day).toBe('2025-03-15');
    timeline.now();
    expect(timeline.day).toBeNull();
  });

  it('Play starts at the first tick, advances one tick per step and stops at the last; Pause holds; Stop goes back to the first', () => {
    vi.useFakeTimers();
    const { timeline } = setup();
    timeline.play();
    expect([timeline.day, timeline.playing]).toEqual(['2025-03-11', true]);
    vi.advanceTimersByTime(PLAY_STEP_MS);
    expect(timeline.day).toBe('2025-03-12');
    timeline.pause();
    vi.advanceTimersByTime(5 * PLAY_STEP_MS);
    expect([timeline.day, timeline.playing]).toEqual(['2025-03-12', false]);
    timeline.play(); // resumes where it is
    vi.advanceTimersByTime(2 * PLAY_STEP_MS);
    expect([timeline.day, timeline.playing]).toEqual(['2025-03-15', false]);
    timeline.play(); // at the end: from the start again
    vi.advanceTimersByTime(PLAY_STEP_MS);
    timeline.stop();
    expect([timeline.day, timeline.playing]).toEqual(['2025-03-11', false]);
  });
});

describe('AnalysisState: live and debounced', () => {
  function withAnalysis() {
    const s = setup();
    let wanted = $state(true);
    let analysis!: AnalysisState;
    const stop = $effect.root(() => {
      analysis = new AnalysisState(s.view, s.timeline, () => wanted);
    });
    cleanups.push(() => (analysis.destroy(), stop()));
    flushSync();
    return { ...s, analysis, setWanted: (v: boolean) => (wanted = v) };
  }

  it('computes at once, then once per burst of edits after the debounce, for the day shown', () => {
    vi.useFakeTimers();
    const { doc, analysis, timeline, russia, ukraine, energy, ceasefire } = withAnalysis();
    const ceasefireOf = () => analysis.result?.issues.find((i) => i.issueId === ceasefire);
    expect(ceasefireOf()?.n).toBe(3);
    const first = analysis.computedAt;
    setStance(doc, russia, energy, 'supports');
    flushSync();
    setStance(doc, ukraine, energy, 'opposes');
    flushSync();
    expect(analysis.computedAt).toBe(first);
    vi.advanceTimersByTime(ANALYSIS_DEBOUNCE_MS);
    expect(analysis.result?.issues.find((i) => i.issueId === energy)?.n).toBe(3);
    timeline.setDay('2025-03-11');
    flushSync();
    vi.advanceTimersByTime(ANALYSIS_DEBOUNCE_MS);
    expect([analysis.day, ceasefireOf()?.n]).toEqual(['2025-03-11', 2]);
  });

  it('does not compute while nobody looks at it', () => {
    vi.useFakeTimers();
    const { doc, analysis, setWanted, russia, energy } = withAnalysis();
    setWanted(false);
    flushSync();
    const before = analysis.computedAt;
    setStance(doc, russia, energy, 'rejects');
    flushSync();
    vi.advanceTimersByTime(10 * ANALYSIS_DEBOUNCE_MS);
    expect(analysis.computedAt).toBe(before);
  });
});
