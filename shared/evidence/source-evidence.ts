/**
 * The evidence fields of a source (documentId, selector, kind): read defensively from the
 * doc (a malformed value is dropped, never passed on) and checked before they are written.
 */
import { MatrixError } from '../errors.ts';
import { ITEM_ID_PATTERN } from '../ids.ts';
import { SOURCE_KINDS, type QuoteSelector, type SourceEvidence, type SourceKind } from '../schema.ts';
import { isQuoteSelector } from './selector.ts';

/** The evidence fields this module carries (the timeline owns `position`). */
export type SourceAnchor = Pick<SourceEvidence, 'documentId' | 'selector' | 'kind'>;

export const isSourceKind = (v: unknown): v is SourceKind => typeof v === 'string' && (SOURCE_KINDS as readonly string[]).includes(v);
export const isDocumentId = (v: unknown): v is string => typeof v === 'string' && ITEM_ID_PATTERN.test(v);

const copySelector = (s: QuoteSelector): QuoteSelector => ({ exact: s.exact, prefix: s.prefix, suffix: s.suffix, start: s.start, end: s.end });

/** The well-formed evidence fields of a stored record; absent keys stay absent. */
export function readSourceAnchor(stored: Record<string, unknown>): SourceAnchor {
  const out: SourceAnchor = {};
  if (isDocumentId(stored.documentId)) out.documentId = stored.documentId;
  if (isQuoteSelector(stored.selector)) out.selector = copySelector(stored.selector);
  if (isSourceKind(stored.kind)) out.kind = stored.kind;
  return out;
}

/** Checks evidence fields before they are written; throws a MatrixError naming the bad one. */
export function cleanSourceAnchor(input: SourceAnchor): SourceAnchor {
  const out: SourceAnchor = {};
  if (input.documentId !== undefined) {
    if (!isDocumentId(input.documentId)) throw new MatrixError('invalid-evidence', `"${input.documentId}" is not a document id.`);
    out.documentId = input.documentId;
  }
  if (input.selector !== undefined) {
    if (!isQuoteSelector(input.selector)) throw new MatrixError('invalid-evidence', 'The quote selector is malformed (exact, prefix, suffix, start, end).');
    if (input.documentId === undefined) throw new MatrixError('invalid-evidence', 'A quote selector needs the document it points into.');
    out.selector = copySelector(input.selector);
  }
  if (input.kind !== undefined) {
    if (!isSourceKind(input.kind)) throw new MatrixError('invalid-evidence', `"${String(input.kind)}" is not a kind of source (${SOURCE_KINDS.join(', ')}).`);
    out.kind = input.kind;
  }
  return out;
}

/**
 * The evidence fields of a source in an import file: each present one is checked (document id
 * format, selector shape, kind) and reported at its JSON path; absent ones stay absent.
 */
export function importSourceAnchor(s: Record<string, unknown>, path: string, err: (field: string, message: string) => void): SourceAnchor {
  const out: SourceAnchor = {};
  if (s.documentId !== undefined) {
    if (isDocumentId(s.documentId)) out.documentId = s.documentId;
    else err(`${path}.documentId`, '"documentId" must be a document id (letters, digits, "-", "_"; at most 64).');
  }
  if (s.selector !== undefined) {
    if (!isQuoteSelector(s.selector))
      err(`${path}.selector`, '"selector" must be { exact, prefix, suffix, start, end } with end − start = the length of exact.');
    else if (s.documentId === undefined) err(`${path}.selector`, 'A "selector" needs the "documentId" it points into.');
    else out.selector = copySelector(s.selector);
  }
  if (s.kind !== undefined) {
    if (isSourceKind(s.kind)) out.kind = s.kind;
    else err(`${path}.kind`, `"kind" must be one of ${SOURCE_KINDS.join(', ')}.`);
  }
  return out;
}
