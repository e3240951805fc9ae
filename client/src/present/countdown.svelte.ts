import type { Timer } from '../../../shared/stage.ts';
import { timerRemaining } from '../../../shared/stage-timer.ts';

/** Ticks while a timer runs (create during component initialisation). */
export class Countdown {
  #now = $state.raw(Date.now());
  timer = $derived.by(() => this.source());
  remainingMs = $derived(this.timer ? timerRemaining(this.timer, this.#now) : 0);
  up = $derived(this.timer !== null && this.remainingMs === 0);
  paused = $derived(this.timer !== null && this.timer.endsAt === null);

  constructor(private readonly source: () => Timer | null) {
    $effect(() => {
      const t = this.timer;
      this.#now = Date.now();
      if (!t || t.endsAt === null) return;
      // 4 ticks a second keep the shown second within 250 ms of the real one.
      const id = setInterval(() => {
        this.#now = Date.now();
        if (this.#now >= (t.endsAt ?? 0)) clearInterval(id);
      }, 250);
      return () => clearInterval(id);
    });
  }
}
