/**
 * Imports are written as generators that `yield` between chunks of work, so the same code runs
 * straight through (runSync) or hands the event loop back between chunks (runChunked) while a
 * server keeps serving other rooms. The pause itself is injected: shared/ stays free of Node.
 */
export type Steps<T> = Generator<void, T, void>;

export interface ChunkOptions {
  /** Rows (or items) handled between two pauses. Default 500. */
  yieldEvery?: number;
  /** The pause, e.g. `() => new Promise((r) => setImmediate(r))` on Node. Default: a resolved promise. */
  yield?: () => Promise<void>;
}

export const DEFAULT_YIELD_EVERY = 500;

export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export async function runChunked<T>(steps: Steps<T>, pause: () => Promise<void> = () => Promise.resolve()): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}

/** Counts work and says when a chunk is full (call `tick()` once per item; yield when it returns true). */
export function chunker(every: number = DEFAULT_YIELD_EVERY): () => boolean {
  const size = Math.max(1, Math.floor(every));
  let n = 0;
  return () => ++n % size === 0;
}
