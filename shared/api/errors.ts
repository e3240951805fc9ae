/** The shape of every error response. */
import type { CitingSource } from './documents.ts';
import type { ErrorCode } from './codes.ts';

/** One problem in an imported file (422 `invalid-import`). */
export interface ImportIssue {
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

/** Every error response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ImportIssue[];
    /** `409 duplicate-document`: the document that already holds this text. */
    existingId?: string;
    /** `409 document-cited`: the sources a delete would orphan. */
    citing?: CitingSource[];
  };
}
