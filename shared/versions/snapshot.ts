/**
 * Named snapshots: what the server stores and the API returns. A snapshot is the full Yjs
 * state of a matrix at one moment; these helpers turn it back into plain data.
 */
import * as Y from 'yjs';
import { readTimelineData } from '../timeline/read.ts';
import type { MatrixCounts, MatrixData } from '../schema.ts';
import type { MatrixComparison } from './compare.ts';
import { readExtras, type MatrixExtras } from '../exports/json.ts';

export const MAX_SNAPSHOT_NAME_LENGTH = 200;
export const MAX_SNAPSHOT_NOTE_LENGTH = 2000;

/** A snapshot as listed (GET /api/matrices/:id/snapshots). */
export interface SnapshotInfo {
  id: string;
  matrixId: string;
  name: string;
  note: string;
  /** Display name of who took it. */
  createdBy: string;
  /** ISO timestamp. */
  createdAt: string;
  counts: MatrixCounts;
}

/** GET /api/matrices/:id/snapshots/:sid: the matrix as it was, plus the snapshot's metadata. */
export interface SnapshotView extends MatrixData {
  id: string;
  snapshot: SnapshotInfo;
}

/** One side of a comparison: a snapshot, or the live matrix. */
export type VersionRef = { kind: 'current' } | { kind: 'snapshot'; id: string; name: string; createdAt: string; createdBy: string };

/** GET /api/matrices/:id/compare?from=…&to=… */
export interface CompareResponse extends MatrixComparison {
  from: VersionRef;
  to: VersionRef;
}

/** Decodes a stored Yjs state into plain data, in a throwaway doc. */
export function matrixFromState(state: Uint8Array): MatrixData {
  return versionFromState(state).matrix;
}

/** The matrix plus its history and comments (what a lossless export or a restore needs). */
export function versionFromState(state: Uint8Array): { matrix: MatrixData; extras: MatrixExtras } {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { matrix: readTimelineData(doc), extras: readExtras(doc) };
  } finally {
    doc.destroy();
  }
}
