import type { Source } from '../../../shared/schema.ts';

/** What one cell shows: its stance, note and ordered sources (plain values, never mutated). */
export interface CellSummary {
  readonly stance: string | null;
  readonly note: string;
  readonly sources: readonly Source[];
}

export const EMPTY_CELL: CellSummary = Object.freeze({ stance: null, note: '', sources: Object.freeze([]) });

/**
 * The reactive holder of one cell, written only by MatrixView. The grid cell reads only its
 * own holder, so a remote change to one cell repaints one cell, not the whole grid. (Selection
 * and presence keep their own per-cell state.)
 */
export class CellView {
  /** Replaced (never mutated) whenever the doc changes this cell. */
  value = $state.raw<CellSummary>(EMPTY_CELL);
  /** Concurrent stances disagree (history heads). */
  contested = $state.raw(false);
  /** Open comment threads on this cell. */
  openThreads = $state.raw(0);

  constructor(
    readonly key: string,
    value: CellSummary,
  ) {
    this.value = value;
  }
}
