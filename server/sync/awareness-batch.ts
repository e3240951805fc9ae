/**
 * Coalesces a room's awareness broadcasts: the first change after a quiet spell goes out at once;
 * changes within the next `windowMs` are gathered and sent as ONE message per peer when the
 * window ends. A join storm of n clients then costs far fewer than n × n frames, while a
 * single cursor move in a quiet room is not delayed at all.
 */
export class AwarenessBatch {
  private pending = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private windowMs: number,
    /** Sends the current states of these client ids to every peer. */
    private broadcast: (clientIds: number[]) => void,
  ) {}

  add(clientIds: number[]): void {
    if (this.timer) {
      for (const id of clientIds) this.pending.add(id);
      return;
    }
    this.broadcast(clientIds);
    this.startWindow();
  }

  private startWindow(): void {
    this.timer = setTimeout(this.endWindow, this.windowMs);
    this.timer.unref();
  }

  private endWindow = () => {
    this.timer = null;
    if (this.pending.size === 0) return;
    const ids = [...this.pending];
    this.pending.clear();
    this.broadcast(ids);
    this.startWindow();
  };

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
