class Slot<T> {
  value = $state.raw() as T;
  constructor(value: T) {
    this.value = value;
  }
}

/**
 * One reactive value per key (a cell's selection flag, its colleagues): a reader of one key
 * depends on that key only, so changing one cell's value repaints that cell, not the grid.
 */
export class KeyedState<T> {
  #slots = new Map<string, Slot<T>>();

  constructor(private readonly empty: T) {}

  get(key: string): T {
    let slot = this.#slots.get(key);
    if (!slot) this.#slots.set(key, (slot = new Slot(this.empty)));
    return slot.value;
  }

  set(key: string, value: T): void {
    const slot = this.#slots.get(key);
    if (slot) slot.value = value;
    else if (value !== this.empty) this.#slots.set(key, new Slot(value));
  }
}
