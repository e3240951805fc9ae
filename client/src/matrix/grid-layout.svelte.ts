import type { ShownAxes } from './selection.svelte.ts';

/** Narrowest issue column before the grid scrolls sideways (large matrices only). */
export const MIN_COL = 52;
/** Widest issue column: a matrix with few issues should not stretch into bands. */
export const MAX_COL = 260;
/** Columns at least this wide also show the stance label under the symbol. */
const LABEL_COL = 74;
export const MIN_ROW = 50;
const MAX_ROW = 72;
const PRESENT_MAX_ROW = 150;
/** Header height assumed until measured (avoids laying the grid out twice). */
const HEAD_GUESS = 80;

/** Column and row sizes derived from the space the grid gets. */
export class GridLayout {
  /** Bound to the scroll container's client size. */
  width = $state(0);
  height = $state(0);
  /** Bound to the header row group's height. */
  headHeight = $state(0);

  /** Present mode: the projector's large type needs a wider party column and taller rows. */
  present = $derived.by(() => this.presenting());
  partyCol = $derived(this.present ? (this.width >= 1600 ? 250 : 200) : this.width >= 1400 ? 200 : this.width >= 1100 ? 168 : 140);
  colWidth = $derived.by(() => {
    const n = this.store.view.issues.length;
    return n ? Math.min(MAX_COL, (this.width - this.partyCol) / n) : 0;
  });
  /** Rows grow to use the height a projector gives them, within readable bounds. */
  rowHeight = $derived.by(() => {
    // (Present mode keeps 2 px spare: headers measure in whole pixels but lay out in fractions.)
    const free = this.height - (this.headHeight || HEAD_GUESS) - (this.present ? 4 : 2);
    return Math.floor(Math.max(MIN_ROW, Math.min(this.present ? PRESENT_MAX_ROW : MAX_ROW, free / Math.max(1, this.store.view.parties.length))));
  });
  showLabels = $derived(this.colWidth >= LABEL_COL);
  labelLines = $derived(this.rowHeight >= 66 ? 2 : 1);
  columns = $derived.by(() => `${this.partyCol}px repeat(${this.store.view.issues.length}, minmax(${MIN_COL}px, 1fr))`);
  minWidth = $derived.by(() => this.partyCol + this.store.view.issues.length * MIN_COL);
  maxWidth = $derived.by(() => this.partyCol + this.store.view.issues.length * MAX_COL);
  /** Rows and columns that fit on the first screen. */
  firstScreenRows = $derived(Math.ceil(Math.max(0, this.height - 60) / MIN_ROW) + 1);
  firstScreenCols = $derived(Math.ceil(Math.max(0, this.width - this.partyCol) / MIN_COL) + 1);

  constructor(
    /** The shown parties and issues (the filters' view of the matrix). */
    private readonly store: { view: ShownAxes },
    private readonly presenting: () => boolean = () => false,
  ) {}
}
