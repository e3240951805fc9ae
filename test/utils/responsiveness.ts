/**
 * Is the server still serving while a heavy request runs? Runs probes one after another
 * (each a real request: /healthz, a sync round trip) until the work settles, and records how
 * long each answer took, the event-loop delay (perf_hooks) and the memory. Shared by the
 * import-outage test and its bench scenario.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Responsiveness<T> {
  result: T;
  /** Slowest answer of each probe, in ms. */
  maxMs: Record<string, number>;
  /** Answers per probe. */
  answers: Record<string, number>;
  /** Event-loop delay over the whole work: p99 and max, in ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Largest RSS seen while probing, in MiB. */
  peakRssMiB: number;
  /** The work's own duration, in ms. */
  workMs: number;
}

export async function probeWhile<T>(work: () => Promise<T>, probes: Record<string, () => Promise<unknown>>): Promise<Responsiveness<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const maxMs: Record<string, number> = {};
  const answers: Record<string, number> = {};
  let peakRss = process.memoryUsage().rss;
  let settled = false;
  const started = performance.now();
  const running = work().finally(() => (settled = true));
  const probing = (async () => {
    // At least one round, so a probe that never answered cannot pass unnoticed.
    do {
      for (const [name, probe] of Object.entries(probes)) {
        const t = performance.now();
        await probe();
        const took = performance.now() - t;
        maxMs[name] = Math.max(maxMs[name] ?? 0, took);
        answers[name] = (answers[name] ?? 0) + 1;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    } while (!settled);
  })();
  const result = await running;
  const workMs = performance.now() - started;
  await probing;
  histogram.disable();
  return {
    result,
    maxMs,
    answers,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    loopDelayMaxMs: histogram.max / 1e6,
    peakRssMiB: peakRss / 1024 / 1024,
    workMs,
  };
}

/** One line of figures for the test output and the bench. */
export function describeResponsiveness(label: string, r: Responsiveness<unknown>): string {
  const probes = Object.keys(r.maxMs)
    .map((name) => `${name}: ${r.answers[name]} answers, slowest ${r.maxMs[name]!.toFixed(0)} ms`)
    .join('; ');
  return `${label}: took ${r.workMs.toFixed(0)} ms; ${probes}; event-loop delay p99 ${r.loopDelayP99Ms.toFixed(1)} ms, max ${r.loopDelayMaxMs.toFixed(1)} ms; peak RSS ${r.peakRssMiB.toFixed(0)} MiB`;
}
