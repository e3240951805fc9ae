import { untrack } from 'svelte';
import { asOf, timelineTicks, type TimelineTick } from '../../../shared/timeline/asof.ts';
import { cellKey, type MatrixData, type Source } from '../../../shared/schema.ts';
import { defineContext } from '../lib/context.ts';
import type { MatrixView } from '../matrix/matrix-view.svelte.ts';
import { EMPTY_CELL, type CellSummary } from '../matrix/cell-view.svelte.ts';
import { addDays, daysBetween } from './dates.ts';

/** How long Play stays on each tick. */
export const PLAY_STEP_MS = 1000;

/** Where the "as of" day lives: the stage (present mode and follow-me share it) or, in tests, a plain holder. */
export interface DayHolder {
  /** The day shown (null: now, live). */
  readonly day: string | null;
  setDay(day: string | null): void;
}

/**
 * The world-time view of one matrix: the ticks (days on which a position is dated or an event
 * named), the "as of" day and the grid as it stood that day, and Play. The day itself is kept by
 * a DayHolder (the present-mode stage), so a presenting facilitator's day drives followers.
 */
export class Timeline {
  data = $derived.by<MatrixData>(() => this.view.timelineData());
  ticks = $derived<TimelineTick[]>(timelineTicks(this.data));
  first = $derived(this.ticks[0]?.date ?? null);
  last = $derived(this.ticks[this.ticks.length - 1]?.date ?? null);
  /** The day shown, or null for now (live). */
  day = $derived.by(() => this.holder.day);
  events = $derived(this.data.events ?? []);
  /** The matrix as of the day (null: live). */
  asOfData = $derived(this.day === null ? null : asOf(this.data, this.day));
  #cells = $derived.by(() => {
    const data = this.asOfData;
    if (!data) return null;
    return new Map<string, CellSummary>(data.cells.map((c) => [cellKey(c.partyId, c.issueId), { stance: c.stance, note: c.note, sources: c.sources }]));
  });
  /** The tick the day falls on or after (what "changed since the previous tick" refers to). */
  currentTick = $derived.by<TimelineTick | null>(() => {
    const day = this.day;
    if (day === null) return null;
    let found: TimelineTick | null = null;
    for (const t of this.ticks) if (t.date <= day) found = t;
    return found;
  });
  #moved = $derived(new Set(this.currentTick?.changed ?? []));
  playing = $state.raw(false);
  /** Which timeline dialog is open in this browser. */
  dialog = $state.raw<'moves' | 'events' | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly view: MatrixView,
    private readonly holder: DayHolder,
  ) {}

  /** A cell as it stood on the day, or undefined when live (read the cell's own view). */
  cellOn(key: string): CellSummary | undefined {
    const cells = this.#cells;
    return cells ? (cells.get(key) ?? EMPTY_CELL) : undefined;
  }

  /**
   * The sources of the position a cell holds as shown (as of the day, or now): what supports the
   * stance on screen, not the quotes of the positions it has since left. Null when not coded.
   */
  heldSources(partyId: string, issueId: string): Source[] | null {
    const cell = (this.asOfData ?? this.data).cells.find((c) => c.partyId === partyId && c.issueId === issueId);
    const latest = cell?.positions?.[cell.positions.length - 1];
    if (!cell || !latest) return null;
    const ids = new Set(latest.sources);
    return cell.sources.filter((s) => ids.has(s.id));
  }

  /** Did this cell's stance change on the current tick (since the previous one)? */
  movedOn(key: string): boolean {
    return this.#moved.has(key);
  }

  /** Shows the matrix as of `day` (YYYY-MM-DD), or live with null. */
  setDay(day: string | null): void {
    this.holder.setDay(day);
  }

  now(): void {
    this.pause();
    this.setDay(null);
  }

  /** Days from the first tick to `day` (the slider's value), or the last position when live. */
  offsetOf(day: string | null): number {
    if (this.first === null) return 0;
    return daysBetween(this.first, day ?? this.last ?? this.first);
  }

  dayAt(offset: number): string | null {
    return this.first === null ? null : addDays(this.first, offset);
  }

  /** The next (+1) or previous (−1) tick from the day shown; from live, back is the last tick. */
  step(direction: 1 | -1): void {
    const day = this.day;
    const dates = this.ticks.map((t) => t.date);
    if (dates.length === 0) return;
    if (day === null) {
      if (direction === -1) this.setDay(dates[dates.length - 1]!);
      return;
    }
    const next = direction === 1 ? dates.find((d) => d > day) : dates.filter((d) => d < day).pop();
    if (next !== undefined) this.setDay(next);
  }

  /** Plays through the ticks (from the first, unless already at one), one per PLAY_STEP_MS. */
  play(): void {
    if (this.ticks.length === 0) return;
    this.stop();
    const last = this.last;
    if (this.day === null || this.day === last) this.setDay(this.first);
    this.playing = true;
    this.#timer = setInterval(() => {
      untrack(() => {
        if (this.day === null || this.day >= (this.last ?? '')) return this.pause();
        this.step(1);
        if (this.day === this.last) this.pause();
      });
    }, PLAY_STEP_MS);
  }

  /** Stops where it is. */
  pause(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.playing = false;
  }

  /** Stops and goes back to the first tick. */
  stop(): void {
    const was = this.playing;
    this.pause();
    if (was && this.first !== null) this.setDay(this.first);
  }

  destroy(): void {
    this.pause();
  }
}

export const timelineContext = defineContext<Timeline>('timeline');
