import { untrack } from 'svelte';

export interface ProgressiveGridOptions {
  /** Rows and columns that fill the first screen. */
  firstRows: () => number;
  firstCols: () => number;
  /** Rows appended per frame afterwards. */
  chunkRows: () => number;
  rows: () => number;
  cols: () => number;
}

/**
 * How much of a big grid to render. The first frame renders only what fills the screen;
 * after each paint the rest of those rows' columns, then further rows chunk by chunk, so the
 * first screen shows quickly and every cell is in the DOM shortly after. Budgets only grow,
 * so a resize never drops rendered cells. Create it during component initialisation.
 */
export class ProgressiveGrid {
  rowBudget = $state(0);
  colBudget = $state(0);

  constructor(o: ProgressiveGridOptions) {
    $effect(() => {
      const rows = o.firstRows();
      const cols = o.firstCols();
      untrack(() => {
        if (this.rowBudget < rows) this.rowBudget = rows;
        if (this.colBudget < cols) this.colBudget = cols;
      });
    });
    $effect(() => {
      if (this.rowBudget === 0) return;
      const colsLeft = this.colBudget < o.cols();
      if (!colsLeft && this.rowBudget >= o.rows()) return;
      const grow = colsLeft ? () => (this.colBudget = Infinity) : () => (this.rowBudget += o.chunkRows());
      let timer: ReturnType<typeof setTimeout> | undefined;
      // rAF then a task: the next chunk starts after this frame has painted.
      const frame = requestAnimationFrame(() => (timer = setTimeout(grow)));
      return () => {
        cancelAnimationFrame(frame);
        clearTimeout(timer);
      };
    });
  }

  /** The first `budget` items (the list itself once all fit, so no copy is made). */
  static take<T>(items: T[], budget: number): T[] {
    return budget >= items.length ? items : items.slice(0, budget);
  }
}
