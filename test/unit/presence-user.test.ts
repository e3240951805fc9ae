import { describe, expect, it } from 'vitest';
import { PRESENCE_COLORS, colorFor, firstName, initials, textOn } from '../../client/src/presence/user.ts';

describe('presence identity helpers', () => {
  it('gives one id always the same palette colour, and spreads ids over the palette', () => {
    expect(colorFor('abc123')).toBe(colorFor('abc123'));
    expect(PRESENCE_COLORS).toContain(colorFor('abc123'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => colorFor(`user-${i}`)));
    expect(used.size).toBe(PRESENCE_COLORS.length);
  });

  it('writes initials and first names for avatars and flags', () => {
    expect(initials('Ana Lima')).toBe('AL');
    expect(initials('  ben  ')).toBe('BE');
    expect(initials('Chloé de la Martin')).toBe('CM');
    expect(initials('')).toBe('?');
    expect(firstName('Chloé Martin')).toBe('Chloé');
  });

  it('picks readable text on every palette colour (contrast at least 4.5:1 for bold small text)', () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const color of PRESENCE_COLORS) {
      const text = textOn(color) === '#fff' ? '#ffffff' : '#111111';
      const [hi, lo] = [lum(color), lum(text)].sort((x, y) => y - x) as [number, number];
      expect((hi + 0.05) / (lo + 0.05), color).toBeGreaterThanOrEqual(4.5);
    }
  });
});
