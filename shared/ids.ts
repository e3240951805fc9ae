/** Ids for parties, issues and sources: short, URL-safe, never positions. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newId(length = 10): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Item ids (parties, issues, sources): letters, digits, '-' and '_', 1–64 chars. Never '|'. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Matrix (room) ids: 3–64 chars of lowercase letters, digits and '-', starting with a letter
 * or digit. Used in URLs (/m/:id), websocket paths (/sync/:id) and as the SQLite key.
 */
export const MATRIX_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

export function isMatrixId(id: string): boolean {
  return MATRIX_ID_PATTERN.test(id);
}

/** A new matrix id: a slug of the title plus a random suffix, e.g. "gaza-talks-k3f9x2". */
export function newMatrixId(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  const suffix = newId(6);
  return slug ? `${slug}-${suffix}` : `matrix-${suffix}`;
}
