import type { Source } from '../../../shared/schema.ts';
import { NO_PEERS, type Peer } from '../presence/presence.svelte.ts';

/** What one cell shows: its stance, note and ordered sources (plain values, never mutated). */
export interface CellSummary {
  readonly stance: string | null;
  readonly note: string;
  readonly sources: readonly Source[];
}

export const EMPTY_CELL: CellSummary = Object.freeze({ stance: null, note: '', sources: Object.freeze([]) });

/**
 * The reactive holder of one cell. The grid cell reads only its own holder, so a remote
 * change to one cell repaints one cell, not the whole grid.
 */
export class CellView {
  /** Replaced (never mutated) whenever the doc changes this cell. */
  value = $state.raw<CellSummary>(EMPTY_CELL);
  /** Owned by GridSelection: exactly one view is selected, so moving costs O(1). */
  selected = $state.raw(false);
  /** Owned by Presence: the colleagues whose selection is on this cell. */
  peers = $state.raw<readonly Peer[]>(NO_PEERS);
  /** Owned by MatrixStore: concurrent stances disagree (history heads). */
  contested = $state.raw(false);
  /** Owned by MatrixStore: open comment threads on this cell. */
  openThreads = $state.raw(0);

  constructor(
    readonly key: string,
    value: CellSummary,
  ) {
    this.value = value;
  }
}
