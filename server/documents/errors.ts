/** Errors of the evidence library a user can act on: an HTTP status, a stable code, a message for people. */

export type DocumentErrorCode =
  | 'document-too-large'
  | 'too-many-documents'
  | 'duplicate-document'
  | 'invalid-document'
  | 'unsupported-format'
  | 'document-not-found';

const STATUS: Record<DocumentErrorCode, number> = {
  'document-too-large': 413,
  'too-many-documents': 422,
  'duplicate-document': 409,
  'invalid-document': 422,
  'unsupported-format': 415,
  'document-not-found': 404,
};

export class DocumentError extends Error {
  readonly code: DocumentErrorCode;
  readonly status: number;
  /** For `duplicate-document`: the id of the document that already holds this text. */
  readonly existingId?: string;

  constructor(code: DocumentErrorCode, message: string, existingId?: string) {
    super(message);
    this.name = 'DocumentError';
    this.code = code;
    this.status = STATUS[code];
    if (existingId !== undefined) this.existingId = existingId;
  }
}
