import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

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
});
