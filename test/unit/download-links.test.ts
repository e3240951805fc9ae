import { describe, expect, it } from 'vitest';
import { DownloadLinks } from '../../server/http/download-links.ts';
import { HttpError } from '../../server/http/respond.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, code: e.code };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('single-use download links', () => {
  it('give their target once, until they expire', () => {
    let now = 1_000;
    const links = new DownloadLinks<string>(60_000, () => now);
    const a = links.create('a');
    const b = links.create('b');
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.expiresAt.getTime()).toBe(61_000);
    expect(links.take(a.id)).toBe('a');
    expect(refusal(() => links.take(a.id))).toEqual({ status: 404, code: 'download-expired' });
    now = 61_000;
    expect(refusal(() => links.take(b.id))).toEqual({ status: 404, code: 'download-expired' });
    expect(refusal(() => links.take('made-up'))).toEqual({ status: 404, code: 'download-expired' });
  });

  it('stay bounded: expired links are swept, and at most 10,000 wait', () => {
    let now = 0;
    const links = new DownloadLinks<number>(1_000, () => now);
    for (let i = 0; i < 10_000; i++) links.create(i);
    expect(refusal(() => links.create(-1))).toEqual({ status: 429, code: 'rate-limited' });
    now = 1_000;
    expect(() => links.create(1)).not.toThrow();
  });
});
