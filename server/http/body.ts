/** Request bodies: one size-capped reader for raw and JSON bodies, and valibot validation. */
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import type { BodyContract } from '../../shared/api.ts';
import { HttpError } from './respond.ts';

/** The whole body, refused with 413 as soon as it passes `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, tooLarge = `The request body is larger than ${limit} bytes.`): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'payload-too-large', tooLarge);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function hasBody(req: IncomingMessage): boolean {
  return (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
}

/** A JSON body (Content-Type: application/json), parsed. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) throw new HttpError(415, 'unsupported-media-type', 'Send JSON with Content-Type: application/json.');
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.');
  }
}

/** Validates `value` against a contract; the first problem becomes a 400 with the field's code. */
export function validate<S extends v.GenericSchema>(contract: BodyContract<S>, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(contract.schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = issue.path?.[0]?.key;
  const code = (typeof key === 'string' ? contract.codes[key] : undefined) ?? contract.codes[''];
  throw new HttpError(400, code, issue.message);
}
