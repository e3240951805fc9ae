import { scrollFraction, type Stage, type StageScroll } from '../../../shared/stage.ts';

/** At most one stage message per this many ms (a facilitator's scrolling and stepping come in bursts). */
const PUBLISH_MS = 100;

/**
 * Sends the facilitator's stage into awareness, throttled, with the grid's scroll position (kept
 * here, never reactive: it changes too often). `published` is what should be out now, or null.
 */
export class StagePublisher {
  #scroll: StageScroll = { x: null, y: null };
  #lastSent = 0;
  #sentStage = false;
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly published: () => Stage | null,
    private readonly setStage: (stage: Stage | null) => void,
  ) {}

  reportScroll(el: HTMLElement): void {
    const next = {
      x: scrollFraction(el.scrollLeft, el.scrollWidth, el.clientWidth),
      y: scrollFraction(el.scrollTop, el.scrollHeight, el.clientHeight),
    };
    if (next.x === this.#scroll.x && next.y === this.#scroll.y) return;
    this.#scroll = next;
    if (this.published()) this.schedule();
  }

  schedule(): void {
    if (this.#pending !== undefined) return;
    const wait = this.#lastSent + PUBLISH_MS - performance.now();
    if (wait <= 0) this.#send();
    else this.#pending = setTimeout(() => this.#send(), wait);
  }

  #send(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#lastSent = performance.now();
    const s = this.published();
    if (!s && !this.#sentStage) return;
    this.#sentStage = s !== null;
    this.setStage(s ? { ...s, scroll: this.#scroll, at: Date.now() } : null);
  }

  destroy(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
  }
}
