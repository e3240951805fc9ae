/** This browser's stable presence id and colour (kept in localStorage, never in the doc). */
export const USER_ID_KEY = 'stance-grid:user-id';

/**
 * Okabe–Ito based, readable on white and on every stance colour when drawn as a ring with a
 * white halo; distinguishable with the common colour-vision deficiencies.
 */
export const PRESENCE_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7A4FA3', '#A6611A'] as const;

function randomId(): string {
  return Math.random().toString(36).slice(2, 12);
}

export function browserUserId(): string {
  try {
    let id = localStorage.getItem(USER_ID_KEY);
    if (!id) localStorage.setItem(USER_ID_KEY, (id = randomId()));
    return id;
  } catch {
    return randomId();
  }
}

/** FNV-1a of the id, so one browser keeps one colour across matrices and reloads. */
export function colorFor(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return PRESENCE_COLORS[(h >>> 0) % PRESENCE_COLORS.length]!;
}

/** "Ana Lima" → "AL", "ben" → "BE". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase();
  return (words[0]![0]! + words[words.length - 1]![0]!).toUpperCase();
}

/** Text colour (near-black or white) with the better contrast on a presence colour. */
export function textOn(color: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#111' : '#fff';
}

/** "Chloé Martin" → "Chloé" (for the small flag; the full name is in the tooltip). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}
