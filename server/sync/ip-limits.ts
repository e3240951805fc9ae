/**
 * Per-address limits at the websocket upgrade (rate-limiter-flexible, in memory): sockets open at
 * once, upgrades per minute, and failed tokens per minute (after which the address is refused
 * until its minute ends, so tokens cannot be guessed at speed). The address is the TCP peer's;
 * behind a reverse proxy every client shares the proxy's, so size the limits for that.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { TokenBucket, type SyncLimits } from './limits.ts';

export class IpLimits {
  private open = new Map<string, number>();
  private updates = new Map<string, TokenBucket>();
  private upgrades: RateLimiterMemory;
  private failedAuths: RateLimiterMemory;

  constructor(private limits: SyncLimits) {
    this.upgrades = new RateLimiterMemory({ points: limits.upgradesPerIpPerMinute, duration: 60 });
    this.failedAuths = new RateLimiterMemory({ points: limits.failedAuthsPerIpPerMinute, duration: 60 });
  }

  /**
   * Why an upgrade from `ip` is refused now, or null: then a connection slot is taken, to be
   * given back with `closed(ip)` when the socket closes or the upgrade is refused later.
   */
  async refuse(ip: string): Promise<'connections' | 'upgrades' | 'failed-auths' | null> {
    const failed = await this.failedAuths.get(ip);
    if (failed && failed.consumedPoints >= this.limits.failedAuthsPerIpPerMinute) return 'failed-auths';
    try {
      await this.upgrades.consume(ip);
    } catch {
      return 'upgrades';
    }
    // Checked and taken in one synchronous step, so concurrent upgrades cannot all pass.
    const open = this.open.get(ip) ?? 0;
    if (open >= this.limits.maxConnectionsPerIp) return 'connections';
    this.open.set(ip, open + 1);
    return null;
  }

  /** The update bucket all sockets of `ip` share (kept while it has one open). */
  /** Drops the budgets of addresses with no socket whose buckets have refilled (keeps the map bounded). */
  private sweep(): void {
    if (this.updates.size <= this.open.size + 64) return;
    for (const [ip, bucket] of this.updates) if (!this.open.has(ip) && bucket.full()) this.updates.delete(ip);
  }

  updateBucket(ip: string): TokenBucket {
    let bucket = this.updates.get(ip);
    if (!bucket) this.updates.set(ip, (bucket = new TokenBucket(2 * this.limits.updatesPerIpPerSecond, this.limits.updatesPerIpPerSecond)));
    return bucket;
  }

  /** A missing or wrong token from `ip`. */
  async failedAuth(ip: string): Promise<void> {
    await this.failedAuths.penalty(ip);
  }

  closed(ip: string): void {
    const n = (this.open.get(ip) ?? 1) - 1;
    if (n <= 0) {
      this.open.delete(ip);
      // A flooder that reconnects must not get a fresh burst: the budget is kept until it has refilled.
      if (this.updates.get(ip)?.full() !== false) this.updates.delete(ip);
    } else this.open.set(ip, n);
    this.sweep();
  }
}
