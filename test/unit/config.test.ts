import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { DEFAULT_SYNC_LIMITS } from '../../server/sync/limits.ts';

describe('configuration', () => {
  it('reads CREATE_TOKEN from the environment or --create-token (the flag wins); unset means anyone may create', () => {
    expect(readConfig({}, []).createToken).toBeNull();
    expect(readConfig({ CREATE_TOKEN: '' }, []).createToken).toBeNull();
    expect(readConfig({ CREATE_TOKEN: 'from-the-environment-123' }, []).createToken).toBe('from-the-environment-123');
    expect(readConfig({ CREATE_TOKEN: 'from-the-environment-123' }, ['--create-token', 'from-the-flag-1234567']).createToken).toBe('from-the-flag-1234567');
    expect(readConfig({}, ['--create-token=inline-flag-value-1234']).createToken).toBe('inline-flag-value-1234');
  });

  it('refuses a short create token, saying how to make a good one', () => {
    expect(() => readConfig({ CREATE_TOKEN: 'short' }, [])).toThrow(/at least 16 characters.*openssl rand/);
    expect(() => readConfig({ CREATE_TOKEN: 'has spaces in it, sixteen+' }, [])).toThrow(/without spaces/);
  });

  it('reads each sync limit from SYNC_… or --sync-…, with the defaults otherwise', () => {
    expect(readConfig({}, []).syncLimits).toEqual(DEFAULT_SYNC_LIMITS);
    const limits = readConfig({ SYNC_MAX_CONNECTIONS_PER_IP: '300' }, ['--sync-quota-bytes', '1048576']).syncLimits;
    expect(limits).toEqual({ ...DEFAULT_SYNC_LIMITS, maxConnectionsPerIp: 300, quotaBytes: 1048576 });
    expect(() => readConfig({ SYNC_UPDATES_PER_SECOND: 'lots' }, [])).toThrow(/SYNC_UPDATES_PER_SECOND must be a whole number/);
  });
});
