import type { StanceLevel } from '../../../shared/scale.ts';

/** "+2 Supports" (symbol and label, never colour alone); "not coded" for null. */
export function stanceWords(levels: ReadonlyMap<string, StanceLevel>, stance: string | null): string {
  if (stance === null) return 'not coded';
  const level = levels.get(stance);
  return level ? `${level.symbol} ${level.label}` : stance;
}
