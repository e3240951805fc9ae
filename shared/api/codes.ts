/** The API's error codes, and the contract that gives each refused body field its code. */
import type * as v from 'valibot';

export type ErrorCode =
  | 'invalid-json'
  | 'invalid-body'
  | 'invalid-matrix-id'
  | 'invalid-title'
  | 'invalid-description'
  | 'invalid-name'
  | 'invalid-created-by'
  | 'invalid-note'
  | 'invalid-role'
  | 'invalid-version'
  | 'invalid-format'
  | 'invalid-kind'
  | 'invalid-import'
  | 'invalid-date'
  | 'import-too-large'
  | 'rate-limited'
  | 'snapshot-quota'
  | 'origin-not-allowed'
  | 'download-expired'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'snapshot-not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal'
  // the evidence library (README "Evidence library")
  | 'document-too-large'
  | 'too-many-documents'
  | 'duplicate-document'
  | 'invalid-document'
  | 'unsupported-format'
  | 'document-not-found'
  | 'document-cited'
  | 'invalid-confirm';

/** A body schema and the error code each field's refusal carries (`''`: the body as a whole). */
export interface BodyContract<S extends v.GenericSchema = v.GenericSchema> {
  schema: S;
  codes: { '': ErrorCode } & Partial<Record<string, ErrorCode>>;
}
