/** How a CSV names a stance: every exact spelling of a level, never a guess. */
import type { StanceLevel } from '../scale.ts';

export const normalizeKey = (text: string) =>
  text
    .normalize('NFC')
    .replace(/[\u2212\u2013\u2012]/g, '-') // minus sign and dashes typed for "−2"
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Every exact spelling that names a level: id, label, symbol, "symbol label", and the value as
 * a number ("-2", "+2", "2"). Built once per scale; a spelling shared by two levels is dropped
 * so it can never pick one of them silently.
 */
export function stanceLookup(scale: readonly StanceLevel[]): Map<string, StanceLevel> {
  const found = new Map<string, StanceLevel | null>();
  const put = (key: string, level: StanceLevel) => {
    const k = normalizeKey(key);
    if (!k) return;
    const had = found.get(k);
    found.set(k, had === undefined || had?.id === level.id ? level : null);
  };
  for (const level of scale) {
    put(level.id, level);
    put(level.label, level);
    put(level.symbol, level);
    put(`${level.symbol} ${level.label}`, level);
    if (level.value !== null) {
      put(String(level.value), level);
      if (level.value > 0) put(`+${level.value}`, level);
    }
  }
  const out = new Map<string, StanceLevel>();
  for (const [k, v] of found) if (v) out.set(k, v);
  return out;
}

export function scaleHint(scale: readonly StanceLevel[]): string {
  return scale.map((l) => `${l.label} (${l.symbol})`).join(', ');
}
