/**
 * Client state classes under Svelte's browser runtime, without a browser: `$state` fields read in
 * an `$effect` re-run it when they change. Here the short-lived error notices.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from '../../client/src/ui/notices.svelte.ts';

/** Runs `read` in an effect, as a component would; `shown()` is what it last saw after a flush. */
function track<T>(read: () => T): { shown: () => T | undefined; stop: () => void } {
  let last: T | undefined;
  const stop = $effect.root(() => {
    $effect(() => {
      last = read();
    });
  });
  return {
    shown: () => {
      flushSync();
      return last;
    },
    stop,
  };
}

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows an error to whoever reads the list, once per message, for six seconds after it last occurred', () => {
    const notices = new Notices();
    const list = track(() => notices.items.map((n) => n.message));
    const locked = 'Could not save: the matrix is locked';
    const replaced = 'The link was replaced; ask for the new one';
    expect(list.shown()).toEqual([]);
    notices.error(locked);
    expect(list.shown()).toEqual([locked]);
    vi.advanceTimersByTime(1000);
    notices.error(locked); // again: still one notice, now shown until six seconds from here
    expect(list.shown()).toEqual([locked]);
    vi.advanceTimersByTime(1000);
    notices.error(replaced);
    expect(list.shown()).toEqual([locked, replaced]);

    vi.advanceTimersByTime(4000); // six seconds after the first `locked`: the repeat keeps it
    expect(list.shown()).toEqual([locked, replaced]);
    vi.advanceTimersByTime(1000);
    expect(list.shown()).toEqual([replaced]);
    vi.advanceTimersByTime(1000);
    expect(list.shown()).toEqual([]);
    list.stop();
  });

  it('dismisses one notice by id and leaves the others', () => {
    const notices = new Notices();
    notices.error('first');
    notices.error('second');
    const [first] = notices.items;
    notices.dismiss(first!.id);
    expect(notices.items.map((n) => n.message)).toEqual(['second']);
  });
});
