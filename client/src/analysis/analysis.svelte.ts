import { untrack } from 'svelte';
import { analyseMatrix, type Analysis } from '../../../shared/analysis/index.ts';
import { defineContext } from '../lib/context.ts';
import type { MatrixView } from '../matrix/matrix-view.svelte.ts';
import type { Timeline } from '../timeline/timeline.svelte.ts';
import type { Source } from '../../../shared/schema.ts';

/** Edits within this many ms recompute once (typing in a busy room must not recompute per key). */
export const ANALYSIS_DEBOUNCE_MS = 50;

/**
 * The live analysis of the matrix as shown (as of the timeline's day, or now): recomputed from
 * shared/analysis after each change, debounced, and only while someone looks at it (`wanted`).
 */
export class AnalysisState {
  /** The side panel in this browser. */
  open = $state.raw(false);
  result = $state.raw<Analysis | null>(null);
  /** The day the result is for (null: now). */
  day = $state.raw<string | null>(null);
  /** performance.now() of the last computation (tests and the panel's "updated" note). */
  computedAt = $state.raw(0);
  #pending: ReturnType<typeof setTimeout> | undefined;
  /** Evidence health counts a source when this says it is a verified direct statement (set by the evidence library). */
  isVerifiedDirect: ((source: Source) => boolean) | null = null;

  constructor(
    private readonly view: MatrixView,
    private readonly timeline: Timeline,
    private readonly wanted: () => boolean,
  ) {
    $effect(() => {
      if (!this.wanted()) return;
      void this.view.docVersion;
      void this.view.historyVersion;
      void this.timeline.day;
      untrack(() => this.#schedule());
    });
  }

  toggle(): void {
    this.open = !this.open;
  }

  #schedule(): void {
    // The first result comes at once; later ones wait for the edits to settle.
    if (this.result === null) return this.compute();
    if (this.#pending !== undefined) return;
    this.#pending = setTimeout(() => this.compute(), ANALYSIS_DEBOUNCE_MS);
  }

  /** Recomputes now (the debounce calls this). */
  compute(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    const day = this.timeline.day;
    const data = this.timeline.asOfData ?? this.timeline.data;
    const verified = this.isVerifiedDirect;
    this.result = analyseMatrix(data, { contested: this.view.contestedKeys(), ...(verified ? { isVerifiedDirect: verified } : {}) });
    this.day = day;
    this.computedAt = performance.now();
  }

  destroy(): void {
    clearTimeout(this.#pending);
  }
}

export const analysisContext = defineContext<AnalysisState>('analysis');
