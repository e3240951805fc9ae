/** Cleaning of what people type (names, links, dates, texts, source fields): a MatrixError says what is wrong. */
import { MatrixError } from '../errors.ts';
import type { SourceFields } from '../schema.ts';

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 20_000;

export function cleanName(name: string, what = 'Name'): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (!trimmed) throw new MatrixError('invalid-name', `${what} cannot be empty.`);
  if (trimmed.length > MAX_NAME_LENGTH) throw new MatrixError('invalid-name', `${what} is longer than ${MAX_NAME_LENGTH} characters.`);
  return trimmed;
}

/** Accepts "" or an absolute http(s) URL; anything else (javascript:, data:, relative) is refused. */
export function cleanLink(link: string): string {
  const trimmed = link.trim();
  if (!trimmed) return '';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new MatrixError('invalid-link', `"${trimmed}" is not a web address. Links must start with http:// or https://.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MatrixError('invalid-link', `Only http:// and https:// links are allowed (got ${url.protocol}).`);
  }
  return url.href;
}

/** Accepts "" or a real calendar date YYYY-MM-DD. */
export function cleanDate(date: string): string {
  const trimmed = date.trim();
  if (!trimmed) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const d = m ? new Date(`${trimmed}T00:00:00Z`) : null;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== trimmed) {
    throw new MatrixError('invalid-date', `"${trimmed}" is not a date. Use YYYY-MM-DD, e.g. 2025-03-18.`);
  }
  return trimmed;
}

export function cleanText(text: string, what: string): string {
  if (text.length > MAX_TEXT_LENGTH) throw new MatrixError('invalid-quote', `${what} is longer than ${MAX_TEXT_LENGTH} characters.`);
  return text;
}

export function cleanSourceFields(fields: Partial<SourceFields>): Partial<SourceFields> {
  const out: Partial<SourceFields> = {};
  if (fields.quote !== undefined) out.quote = cleanText(fields.quote.trim(), 'The quote');
  if (fields.speaker !== undefined) out.speaker = cleanText(fields.speaker.trim(), 'The speaker');
  if (fields.document !== undefined) out.document = cleanText(fields.document.trim(), 'The document');
  if (fields.date !== undefined) out.date = cleanDate(fields.date);
  if (fields.link !== undefined) out.link = cleanLink(fields.link);
  return out;
}
