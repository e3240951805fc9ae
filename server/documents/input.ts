/**
 * Reads the JSON body of POST /api/matrices/:id/documents ({ title, text, outlet?, author?,
 * date?, url?, lang? }) into a NewDocument, and turns a DocumentError into the API's error
 * body. The store itself checks limits and metadata values; this checks only the shape.
 */
import { DocumentError } from './errors.ts';
import type { NewDocument } from './store.ts';

const OPTIONAL = ['outlet', 'author', 'date', 'url', 'lang'] as const;

export function documentFromJson(body: unknown, addedBy: string): NewDocument {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DocumentError('invalid-document', 'Send a JSON object { title, text, outlet?, author?, date?, url? }.');
  const b = body as Record<string, unknown>;
  if (typeof b.title !== 'string') throw new DocumentError('invalid-document', '"title" must be text.');
  if (typeof b.text !== 'string') throw new DocumentError('invalid-document', '"text" must be text.');
  const out: NewDocument = { title: b.title, text: b.text, addedBy };
  for (const key of OPTIONAL) {
    const v = b[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new DocumentError('invalid-document', `"${key}" must be text.`);
    out[key] = v;
  }
  return out;
}

/** `{ error: { code, message, existingId? } }` with its HTTP status, as every API error. */
export function documentErrorResponse(e: DocumentError): { status: number; body: { error: { code: string; message: string; existingId?: string } } } {
  return { status: e.status, body: { error: { code: e.code, message: e.message, ...(e.existingId !== undefined && { existingId: e.existingId }) } } };
}
