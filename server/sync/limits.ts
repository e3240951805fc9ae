/**
 * The sync endpoint's limits (README "Security model — sync"), with defaults sized so that a
 * 30-person workshop behind one NAT address, each with a few tabs, never meets them.
 */

export interface SyncLimits {
  /** Sockets open at once from one IP address. */
  maxConnectionsPerIp: number;
  /** Websocket upgrades (accepted or not) per IP address per minute. */
  upgradesPerIpPerMinute: number;
  /** Upgrades refused for a missing or wrong token per IP per minute; beyond it the address is refused until the minute ends. */
  failedAuthsPerIpPerMinute: number;
  /** Yjs updates per socket per second, sustained (a token bucket) ... */
  updatesPerSecond: number;
  /** ... and the burst allowed above it (typing, undo of a large change, a paste). */
  updateBurst: number;
  /**
   * Yjs updates per IP address per second, all its sockets together (the burst is twice this).
   * Each stored update costs one fsync (SQLite synchronous=FULL), so this bounds one address's
   * share of the disk; a workshop of 30 typing behind one NAT sends far fewer.
   */
  updatesPerIpPerSecond: number;
  /** Update bytes per socket per second, sustained; the burst is twice this (at least one largest frame). */
  updateBytesPerSecond: number;
  /** Updates dropped for rate within 10 s before the socket is closed with 4429. */
  maxRateRejections: number;
  /** A socket whose unsent data (`ws.bufferedAmount`) would pass this is closed with 4013. */
  maxBufferedBytes: number;
  /** A socket gets at most one full sync reply (to sync step 1) per this many ms; later requests coalesce into one. */
  syncReplyIntervalMs: number;
  /**
   * Bytes of received updates a room holds unapplied (waiting for missing data), and updates in a
   * row that leave some, before it drops them and closes the sender with 4003. Yjs re-merges what
   * is pending on every update, so both are kept small: an honest client never leaves any.
   */
  maxPendingBytes: number;
  maxPendingUpdates: number;
  /** Awareness client ids one socket may own (a browser tab has one). */
  maxAwarenessIdsPerSocket: number;
  /** Bytes a matrix may store (its update log plus compacted state); a change beyond it is refused with `rejected: quota`. */
  quotaBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  maxConnectionsPerIp: 100,
  upgradesPerIpPerMinute: 600,
  failedAuthsPerIpPerMinute: 30,
  updatesPerSecond: 200,
  updateBurst: 400,
  updatesPerIpPerSecond: 500,
  updateBytesPerSecond: 4 * MiB,
  maxRateRejections: 200,
  maxBufferedBytes: 8 * MiB,
  syncReplyIntervalMs: 1000,
  maxPendingBytes: 256 * 1024,
  maxPendingUpdates: 100,
  maxAwarenessIdsPerSocket: 4,
  quotaBytes: 64 * MiB,
};

/** A token bucket: synchronous, because it sits in the per-frame path, where order matters. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private capacity: number,
    private perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Takes `n` tokens if there are; false (and nothing taken) otherwise. */
  take(n = 1, now = Date.now()): boolean {
    if (!this.has(n, now)) return false;
    this.tokens -= n;
    return true;
  }

  /** Are there `n` tokens now? */
  has(n: number, now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    return this.tokens >= n;
  }

  /** Milliseconds until `n` tokens are there (0 if they are now); beyond the capacity, until it is full. */
  msUntil(n: number, now = Date.now()): number {
    const tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    return Math.max(0, ((Math.min(n, this.capacity) - tokens) / this.perSecond) * 1000);
  }

  /** Back to its full capacity by now (it can be dropped: a new bucket would be the same). */
  full(now = Date.now()): boolean {
    return this.tokens + ((now - this.at) / 1000) * this.perSecond >= this.capacity;
  }
}

/** Counts events in a sliding window of `windowMs` (for "sustained abuse"). */
export class WindowCounter {
  private times: number[] = [];

  constructor(private windowMs: number) {}

  /** Records one event; returns how many fell in the window. */
  hit(now = Date.now()): number {
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - this.windowMs) this.times.shift();
    return this.times.length;
  }
}

/** A socket over its rate is not read until its buckets hold this many updates again ... */
const READ_PAUSE_REFILL = 20;
/** ... or for at most this long (well within the heartbeat's interval, so its pongs are read in time). */
const MAX_READ_PAUSE_MS = 1000;

/** The per-socket rate state for incoming updates. */
export class UpdateRate {
  private updates: TokenBucket;
  private bytes: TokenBucket;
  private rejections = new WindowCounter(10_000);
  private toldAt = 0;

  constructor(
    private limits: SyncLimits,
    /** The bucket shared by every socket of the same address (server/sync/ip-limits.ts), if any. */
    private address: TokenBucket | null = null,
  ) {
    this.updates = new TokenBucket(limits.updateBurst, limits.updatesPerSecond);
    this.bytes = new TokenBucket(limits.updateBytesPerSecond * 2, limits.updateBytesPerSecond);
  }

  /**
   * 'ok'; 'drop' (over the rate: refuse this update; `tell` the sender at most once a second, so
   * refusals cannot amplify a flood; read nothing more from it for `pauseMs`, see
   * server/sync/read-pause.ts); or 'close' (dropped too many: sustained abuse).
   */
  check(byteLength: number): { verdict: 'ok' } | { verdict: 'drop'; tell: boolean; pauseMs: number } | { verdict: 'close' } {
    const now = Date.now();
    // Taken only when all three have room, so a refusal costs no bucket anything.
    if (this.updates.has(1, now) && this.bytes.has(byteLength, now) && (this.address?.has(1, now) ?? true)) {
      this.updates.take(1, now);
      this.bytes.take(byteLength, now);
      this.address?.take(1, now);
      return { verdict: 'ok' };
    }
    if (this.rejections.hit(now) > this.limits.maxRateRejections) return { verdict: 'close' };
    const tell = now - this.toldAt >= 1000;
    if (tell) this.toldAt = now;
    // Until every bucket has room for READ_PAUSE_REFILL updates again: the sender's next frames
    // then wait in its own TCP buffers instead of being read here only to be dropped.
    const pauseMs = Math.max(
      this.updates.msUntil(READ_PAUSE_REFILL, now),
      this.bytes.msUntil(byteLength, now),
      this.address?.msUntil(READ_PAUSE_REFILL, now) ?? 0,
    );
    return { verdict: 'drop', tell, pauseMs: Math.min(pauseMs, MAX_READ_PAUSE_MS) };
  }
}
