import { describe, expect, it } from 'vitest';
import { readHttpConfig } from '../../server/config.ts';
import { DEFAULT_HTTP_LIMITS } from '../../server/http/security-options.ts';

describe('HTTP perimeter configuration', () => {
  it('defaults: limits as documented, no proxy trusted, no other origin, frames refused, demo links by terminal', () => {
    const c = readHttpConfig({}, []);
    expect(c.security.limits).toEqual(DEFAULT_HTTP_LIMITS);
    expect(c.security).toMatchObject({ trustProxy: false, allowedOrigins: [], frameAncestors: "'none'" });
    expect(c.demoLinks).toBeNull();
  });

  it('reads env and flags (flags win)', () => {
    const c = readHttpConfig(
      {
        TRUST_PROXY: '1',
        ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
        RATE_READS_PER_MIN: '10',
        SNAPSHOT_MIB_PER_MATRIX: '5',
        DEMO_LINKS: '1',
      },
      ['--rate-reads-per-min', '20', '--no-demo-links', '--frame-ancestors', "'self'"],
    );
    expect(c.security.trustProxy).toBe(true);
    expect(c.security.allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(c.security.limits.readsPerIp).toEqual({ points: 20, seconds: 60 });
    expect(c.security.limits.snapshotBytesPerMatrix).toBe(5 * 1024 * 1024);
    expect(c.security.frameAncestors).toBe("'self'");
    expect(c.demoLinks).toBe(false);
  });

  it('refuses values it cannot use, saying what to give', () => {
    expect(() => readHttpConfig({ ALLOWED_ORIGINS: 'grid.example.org' })).toThrow(/ALLOWED_ORIGINS takes origins/);
    expect(() => readHttpConfig({ ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => readHttpConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY must be 1 or 0/);
    expect(() => readHttpConfig({ FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/FRAME_ANCESTORS/);
    expect(() => readHttpConfig({ RATE_WRITES_PER_MIN: '-1' })).toThrow(/RATE_WRITES_PER_MIN/);
  });
});
