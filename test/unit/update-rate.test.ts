import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_LIMITS, TokenBucket, UpdateRate } from '../../server/sync/limits.ts';

describe('per-socket update rate', () => {
  it('a refused update says how long to stop reading the socket: until the budget holds a few updates again, at most a second', () => {
    const rate = new UpdateRate({ ...DEFAULT_SYNC_LIMITS, updatesPerSecond: 10, updateBurst: 5 });
    for (let n = 0; n < 5; n++) expect(rate.check(10).verdict).toBe('ok');
    const refused = rate.check(10);
    expect(refused.verdict).toBe('drop');
    if (refused.verdict !== 'drop') return;
    expect(refused.pauseMs).toBeGreaterThan(0);
    expect(refused.pauseMs).toBeLessThanOrEqual(1000);
  });

  it('a refusal takes nothing from the buckets that had room (the address budget is not spent by dropped frames)', () => {
    const address = new TokenBucket(3, 0.001);
    const rate = new UpdateRate({ ...DEFAULT_SYNC_LIMITS, updatesPerSecond: 0.001, updateBurst: 1 }, address);
    expect(rate.check(10).verdict).toBe('ok');
    for (let n = 0; n < 10; n++) expect(rate.check(10).verdict).toBe('drop');
    // The socket's bucket refused them all; the address still has the two updates it had.
    expect([address.take(), address.take(), address.take()]).toEqual([true, true, false]);
  });

  it('a bucket says when it will hold n tokens', () => {
    const bucket = new TokenBucket(10, 100, 0);
    expect(bucket.take(10, 0)).toBe(true);
    expect(bucket.msUntil(5, 0)).toBeCloseTo(50);
    expect(bucket.msUntil(5, 50)).toBe(0);
    expect(bucket.msUntil(50, 0)).toBeCloseTo(100); // beyond the capacity: until full
  });
});
