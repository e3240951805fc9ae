/**
 * The analysis of a live document, as GET /api/matrices/:id/analysis[?asOf=] returns it: the
 * timeline data (as of a day, when given), with the cells contested now.
 */
import type * as Y from 'yjs';
import { contestedCells } from '../history.ts';
import type { Source } from '../schema.ts';
import { asOf } from '../timeline/asof.ts';
import { readTimelineData } from '../timeline/read.ts';
import { analyseMatrix, type Analysis } from './index.ts';

export interface DocAnalysisOptions {
  /** YYYY-MM-DD: analyse the matrix as it stood at the end of that day (MatrixError 'invalid-date' if malformed). */
  asOf?: string;
  isVerifiedDirect?: (source: Source) => boolean;
}

export function analyseDoc(doc: Y.Doc, options: DocAnalysisOptions = {}): Analysis {
  const data = readTimelineData(doc);
  const contested = contestedCells(doc);
  const view = options.asOf === undefined ? data : asOf(data, options.asOf);
  return analyseMatrix(view, { contested, ...(options.isVerifiedDirect ? { isVerifiedDirect: options.isVerifiedDirect } : {}) });
}
