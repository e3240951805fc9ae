/** One reactive value; readers depend on this holder only. */
export class Slot<T> {
  value = $state.raw() as T;
  constructor(value: T) {
    this.value = value;
  }
}

/**
 * One reactive holder per key (a cell's selection flag, its colleagues): a reader of one key
 * depends on that key only, so changing one cell's value repaints that cell, not the grid.
 *
 * `at` hands out the holder rather than its value on purpose: Svelte does not track state a
 * reaction reads in the same run that created it, so take the holder first (in a `$derived` or
 * at component init) and read `.value` where it is shown.
 */
export class KeyedState<T> {
  #slots = new Map<string, Slot<T>>();

  constructor(private readonly empty: T) {}

  at(key: string): Readonly<Slot<T>> {
    let slot = this.#slots.get(key);
    if (!slot) this.#slots.set(key, (slot = new Slot(this.empty)));
    return slot;
  }

  set(key: string, value: T): void {
    const slot = this.#slots.get(key);
    if (slot) slot.value = value;
    else if (value !== this.empty) this.#slots.set(key, new Slot(value));
  }
}
