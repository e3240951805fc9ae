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
/** Each present-mode zoom step scales the type by this factor. */
const ZOOM_STEP = 1.2;
/** Present mode: screen width per px of header type (20 px on a 1920 px projector, 14 px at 1280). */
const PRESENT_TYPE_RATIO = 94;
/** Issue headers turn sideways (read bottom to top) when a column is narrower than this many header em. */
const ROTATE_EM = 6;
/** The same in the plain grid, whose small type keeps whole syllables in narrower columns. */
const GRID_ROTATE_EM = 4.6;
/** The source mark's width (it gets a lane of its own on the cell's right when columns are narrow). */
const MARK_W = 24;
/** In present mode; `narrow` (the count alone) also in the plain grid's narrowest columns. */
const PRESENT_MARK_W = { narrow: 15, wide: 30 };

const clamp = (lo: number, v: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Column and row sizes derived from the space the grid gets. */
export class GridLayout {
  /** Bound to the scroll container's client size. */
  width = $state(0);
  height = $state(0);
  /** Bound to the header row group's height. */
  headHeight = $state(0);

  /** Present mode: the projector's large type needs a wider party column and taller rows. */
  present = $derived.by(() => this.presenting());
  /** The zoom step shown (present mode only): + larger type and fewer cells on screen, − the reverse. */
  zoomStep = $derived.by(() => (this.present ? this.zoom() : 0));
  /** Header text size in px: in present mode from the screen width and the zoom step. */
  headFont: number = $derived.by((): number =>
    this.present ? Math.round(clamp(14, this.width / PRESENT_TYPE_RATIO, 28) * ZOOM_STEP ** this.zoomStep) : this.colWidthAt(this.partyCol) < 72 ? 12 : 13,
  );
  /** The symbol size the type asks for; the column may hold less (symbolFont). */
  #symbolWanted = $derived(this.present ? Math.round(this.headFont * 1.25) : 18);
  partyCol: number = $derived(this.present ? Math.round(clamp(150, this.headFont * 12, 420)) : this.width >= 1400 ? 200 : this.width >= 1100 ? 168 : 140);
  /** Narrowest issue column before the grid scrolls sideways: in present mode, room for the symbol and the source mark. */
  minCol = $derived(this.present ? Math.round(this.#symbolWanted * 1.3 + PRESENT_MARK_W.narrow + 4) : MIN_COL);
  colWidth = $derived.by(() => Math.max(this.minCol, this.colWidthAt(this.partyCol)));
  /** Stance symbol size in px: what the type asks for, as far as the column holds it ("−3" is 1.5 em wide). */
  symbolFont = $derived(this.present ? Math.min(this.#symbolWanted, Math.floor((this.colWidth - PRESENT_MARK_W.narrow - 4) / 1.45)) : this.#symbolWanted);
  /** Narrow columns: the issue names turn sideways, as many lines as the column holds. */
  rotateHeads = $derived(this.colWidth < this.headFont * (this.present ? ROTATE_EM : GRID_ROTATE_EM));
  headLines = $derived(this.rotateHeads ? Math.max(1, Math.floor((this.colWidth - 8) / (this.headFont * 1.15))) : 4);
  /** Longest a sideways issue name runs (then it ends in "…"; the full name is its title). */
  headMax = $derived(Math.round(Math.min(this.height * 0.26, this.headFont * 13)));
  /** Rows grow to use the height a projector gives them, within readable bounds. */
  rowHeight = $derived.by(() => {
    // (Present mode keeps 2 px spare: headers measure in whole pixels but lay out in fractions.)
    const free = this.height - (this.headHeight || HEAD_GUESS) - (this.present ? 4 : 2);
    const min = this.present ? Math.round(this.symbolFont * 1.5 + 6) : MIN_ROW;
    return Math.floor(Math.max(min, Math.min(this.present ? PRESENT_MAX_ROW : MAX_ROW, free / Math.max(1, this.store.view.parties.length))));
  });
  /** Party names: as many lines as a row holds, then "…" (the full name is the header's title). */
  partyLines = $derived(Math.max(1, Math.floor((this.rowHeight - 6) / ((this.present ? this.headFont : 14.5) * 1.22))));
  /** Labels under the symbols only where the column is wide and the row tall enough for both. */
  showLabels = $derived(this.colWidth >= LABEL_COL && (!this.present || this.rowHeight >= this.symbolFont * 1.2 + this.headFont * 0.8 + 16));
  labelLines = $derived(this.rowHeight >= 66 ? 2 : 1);
  /**
   * Width kept free on a cell's right for its source mark when the column is too narrow for the
   * mark beside a centred symbol: the symbol then centres in what is left, never under the mark.
   */
  markLane = $derived.by(() => {
    if (this.present) return this.colWidth < this.symbolFont * 4.5 ? PRESENT_MARK_W.narrow : PRESENT_MARK_W.wide;
    if (this.colWidth < 64) return PRESENT_MARK_W.narrow;
    return this.colWidth < 104 ? MARK_W : 0;
  });
  /** The narrow lane holds the source count alone (no document glyph). */
  narrowMarks = $derived(this.markLane === PRESENT_MARK_W.narrow);
  columns = $derived.by(() => `${this.partyCol}px repeat(${this.store.view.issues.length}, minmax(${this.minCol}px, 1fr))`);
  minWidth = $derived.by(() => this.partyCol + this.store.view.issues.length * this.minCol);
  maxWidth = $derived.by(() => this.partyCol + this.store.view.issues.length * MAX_COL);
  /** Rows and columns that fit on the first screen. */
  firstScreenRows = $derived(Math.ceil(Math.max(0, this.height - 60) / MIN_ROW) + 1);
  firstScreenCols = $derived(Math.ceil(Math.max(0, this.width - this.partyCol) / MIN_COL) + 1);

  constructor(
    /** The shown parties and issues (the filters' view of the matrix). */
    private readonly store: { view: ShownAxes },
    private readonly presenting: () => boolean = () => false,
    private readonly zoom: () => number = () => 0,
  ) {}

  colWidthAt(partyCol: number): number {
    const n = this.store.view.issues.length;
    return n ? Math.min(MAX_COL, (this.width - partyCol) / n) : 0;
  }
}
