import { createSubscriber } from 'svelte/reactivity';

/** The current time for relative times ("5 minutes ago"): readers re-run every `ms` while shown. */
export class Clock {
  #subscribe;

  constructor(ms = 30_000) {
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(update, ms);
      return () => clearInterval(timer);
    });
  }

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}
