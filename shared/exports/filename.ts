/** Download file names: the matrix title plus the time or snapshot name, in safe characters. */

/** Letters (any script), digits and "-" only; everything else becomes one "-". */
function safePart(text: string, max: number): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
}

function stamp(when: Date, utc: boolean): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const [y, mo, d, h, mi] = utc
    ? [when.getUTCFullYear(), when.getUTCMonth() + 1, when.getUTCDate(), when.getUTCHours(), when.getUTCMinutes()]
    : [when.getFullYear(), when.getMonth() + 1, when.getDate(), when.getHours(), when.getMinutes()];
  return `${y}-${p(mo)}-${p(d)}_${p(h)}${p(mi)}`;
}

/**
 * e.g. exportFileName("Ukraine ceasefire talks, March 2025", new Date(…), "csv")
 *   -> "Ukraine-ceasefire-talks-March-2025_2026-11-22_1405.csv"
 * and with a snapshot name instead of a date -> "Ukraine-ceasefire-talks-March-2025_after-Jeddah.csv".
 * The time is local by default (what the person downloading expects); the server passes utc.
 */
export function exportFileName(title: string, when: Date | string, ext: string, options: { utc?: boolean } = {}): string {
  const base = safePart(title, 80) || 'stance-grid';
  const suffix = typeof when === 'string' ? safePart(when, 60) || 'snapshot' : stamp(when, options.utc ?? false);
  const extension = ext
    .replace(/^\.+/, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
  return `${base}_${suffix}${extension ? `.${extension}` : ''}`;
}

/** An ASCII-only fallback of a file name (for the plain `filename=` of Content-Disposition). */
export function asciiFileName(name: string): string {
  const out = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/-*([._])-*/g, '$1')
    .replace(/^[-.]+/, '');
  // A title in another script leaves nothing ASCII: keep a readable stem.
  return !out || out.startsWith('_') ? `stance-grid${out}` : out;
}
