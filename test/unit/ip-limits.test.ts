import { describe, expect, it } from 'vitest';
import { IpLimits } from '../../server/sync/ip-limits.ts';
import { DEFAULT_SYNC_LIMITS, TokenBucket } from '../../server/sync/limits.ts';

describe('per-address update budget', () => {
  it('a flooder that closes every socket and reconnects gets no fresh burst', async () => {
    const limits = new IpLimits({ ...DEFAULT_SYNC_LIMITS, updatesPerIpPerSecond: 10 });
    expect(await limits.refuse('10.0.0.9')).toBeNull();
    const first = limits.updateBucket('10.0.0.9');
    let taken = 0;
    while (first.take()) taken++;
    expect(taken).toBe(20); // burst = 2 × the rate
    limits.closed('10.0.0.9');
    expect(await limits.refuse('10.0.0.9')).toBeNull();
    const again = limits.updateBucket('10.0.0.9');
    expect(again).toBe(first);
    expect(again.take()).toBe(false);
  });

  it('forgets an address whose budget has refilled once its last socket closed', async () => {
    const limits = new IpLimits(DEFAULT_SYNC_LIMITS);
    expect(await limits.refuse('10.0.0.8')).toBeNull();
    const bucket = limits.updateBucket('10.0.0.8');
    limits.closed('10.0.0.8');
    expect(await limits.refuse('10.0.0.8')).toBeNull();
    expect(limits.updateBucket('10.0.0.8')).not.toBe(bucket);
    expect(new TokenBucket(2, 1).full()).toBe(true);
  });
});
