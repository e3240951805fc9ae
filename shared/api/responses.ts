/** What the API returns for matrices, their access, locks, snapshots and the server itself. */
import type { Role, ShareTokens } from '../access.ts';
import type { MatrixCounts, MatrixData } from '../schema.ts';
import type { VerifiedSource } from '../evidence/citations.ts';
import type { Analysis } from '../analysis/index.ts';
import type { SnapshotInfo } from '../versions/snapshot.ts';

export type { CompareResponse, SnapshotInfo, SnapshotView, VersionRef } from '../versions/snapshot.ts';

/** A matrix just made (new, imported or restored): its three links' tokens, returned once. */
export interface CreatedMatrix {
  id: string;
  title: string;
  tokens: ShareTokens;
}

/** POST /api/import: the new matrix and the format the file was read as. */
export interface ImportResult extends CreatedMatrix {
  format: string;
}

/** One row of GET /api/matrices. */
export interface MatrixSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  counts: MatrixCounts;
}

export interface MatrixList {
  matrices: MatrixSummary[];
}

/**
 * GET /api/matrices/:id[?asOf=YYYY-MM-DD]: readTimelineData (each cell with `positions`, the last
 * being `stance`, and `salience`; the matrix with `events`), or asOf of it; `asOf` echoes the day.
 */
export interface MatrixResponse extends MatrixData {
  id: string;
  updatedAt: string | null;
  asOf?: string;
}

/** GET /api/matrices/:id/analysis[?asOf=YYYY-MM-DD]: analyseDoc, `{ issues, pairs, clusters, evidence }` (README "Analysis"). */
export type AnalysisResponse = Analysis;

export type { Analysis, Clusters, Evidence, IssueAnalysis, PairAnalysis } from '../analysis/index.ts';

/** Counts of the sources' verification statuses (the header's "82 of 85 sources verified"). */
export interface VerificationSummary {
  total: number;
  verified: number;
  altered: number;
  notFound: number;
  noDocument: number;
}

/**
 * What GET /api/matrices/:id adds to the matrix it returns: each source's `verification`
 * (computed against the library now) and the counts of the statuses.
 */
export type WithEvidence<M extends MatrixData> = Omit<M, 'cells'> & {
  cells: (Omit<M['cells'][number], 'sources'> & { sources: VerifiedSource[] })[];
  verification: VerificationSummary;
};

export interface Health {
  status: 'ok';
  rooms: number;
  connections: number;
  uptimeSeconds: number;
}

export interface ServerConfig {
  createTokenRequired: boolean;
  /** GET /api/demo/links answers this request (a browser on the server's own machine). */
  demoLinksHere: boolean;
}

/** GET /api/matrices/:id/access: what the presented token is. */
export interface AccessInfo {
  id: string;
  title: string;
  role: Role;
  locked: boolean;
}

/** GET …/links and POST …/links/:role/rotate. */
export interface Links {
  tokens: ShareTokens;
}

export interface LockState {
  locked: boolean;
}

export interface SnapshotList {
  snapshots: SnapshotInfo[];
}

/** What a revert did: the snapshot taken first ("Before revert to …") and how many keys changed. */
export interface RevertResult {
  before: SnapshotInfo;
  changed: number;
}
