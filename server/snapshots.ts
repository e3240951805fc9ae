/**
 * Named snapshots in SQLite, in the same database as the matrices (a table of their own).
 * A snapshot is immutable: the full Yjs state of the matrix when it was taken, with who took
 * it, when, and the counts for the list. Deleting a matrix deletes its snapshots (FK cascade).
 */
import type Database from 'better-sqlite3';
import { newId } from '../shared/ids.ts';
import type { MatrixCounts } from '../shared/schema.ts';
import type { SnapshotInfo } from '../shared/versions/snapshot.ts';
import { migrate } from './migrate.ts';
import { countsOf } from './storage.ts';

interface DbSnapshotRow extends MatrixCounts {
  id: string;
  matrix_id: string;
  name: string;
  note: string;
  created_by: string;
  created_at: string;
}

const INFO_COLUMNS = 'id, matrix_id, name, note, created_by, created_at, parties, issues, coded, sources';

export interface NewSnapshot {
  name: string;
  note: string;
  createdBy: string;
  state: Uint8Array;
  counts: MatrixCounts;
  /** Defaults to now. */
  createdAt?: string;
}

export class SnapshotStore {
  private statements;

  constructor(private db: Database.Database) {
    migrate(db, 'snapshots', [
      `CREATE TABLE IF NOT EXISTS snapshots (
        id TEXT PRIMARY KEY,
        matrix_id TEXT NOT NULL REFERENCES matrices(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state BLOB NOT NULL,
        parties INTEGER NOT NULL DEFAULT 0,
        issues INTEGER NOT NULL DEFAULT 0,
        coded INTEGER NOT NULL DEFAULT 0,
        sources INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX IF NOT EXISTS snapshots_by_matrix ON snapshots(matrix_id, created_at);`,
    ]);
    this.statements = {
      insert: db.prepare(
        `INSERT INTO snapshots (id, matrix_id, name, note, created_by, created_at, state, parties, issues, coded, sources)
         VALUES (@id, @matrixId, @name, @note, @createdBy, @createdAt, @state, @parties, @issues, @coded, @sources)`,
      ),
      exists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM snapshots WHERE id = ?'),
      // rowid breaks ties between snapshots taken in the same millisecond.
      list: db.prepare<[string], DbSnapshotRow>(`SELECT ${INFO_COLUMNS} FROM snapshots WHERE matrix_id = ? ORDER BY created_at DESC, rowid DESC`),
      get: db.prepare<[string, string], DbSnapshotRow>(`SELECT ${INFO_COLUMNS} FROM snapshots WHERE matrix_id = ? AND id = ?`),
      state: db.prepare<[string, string], { state: Buffer }>('SELECT state FROM snapshots WHERE matrix_id = ? AND id = ?'),
      usage: db.prepare<[string], { count: number; bytes: number }>(
        'SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(state)), 0) AS bytes FROM snapshots WHERE matrix_id = ?',
      ),
    };
  }

  /** Stores a snapshot of `matrixId` (which must exist in `matrices`). */
  create(matrixId: string, snapshot: NewSnapshot): SnapshotInfo {
    let id = newId(12);
    while (this.statements.exists.get(id)) id = newId(12);
    const createdAt = snapshot.createdAt ?? new Date().toISOString();
    this.statements.insert.run({
      id,
      matrixId,
      name: snapshot.name,
      note: snapshot.note,
      createdBy: snapshot.createdBy,
      createdAt,
      state: Buffer.from(snapshot.state.buffer, snapshot.state.byteOffset, snapshot.state.byteLength),
      ...snapshot.counts,
    });
    return { id, matrixId, name: snapshot.name, note: snapshot.note, createdBy: snapshot.createdBy, createdAt, counts: { ...snapshot.counts } };
  }

  /** The snapshots of a matrix, newest first. */
  list(matrixId: string): SnapshotInfo[] {
    return this.statements.list.all(matrixId).map(toInfo);
  }

  get(matrixId: string, id: string): SnapshotInfo | undefined {
    const row = this.statements.get.get(matrixId, id);
    return row ? toInfo(row) : undefined;
  }

  /** How many snapshots a matrix has and their stored bytes (the per-matrix quota). */
  usage(matrixId: string): { count: number; bytes: number } {
    return this.statements.usage.get(matrixId) ?? { count: 0, bytes: 0 };
  }

  /** The stored Yjs state (an update that rebuilds the whole doc). */
  state(matrixId: string, id: string): Uint8Array | undefined {
    const row = this.statements.state.get(matrixId, id);
    return row ? new Uint8Array(row.state) : undefined;
  }
}

function toInfo(r: DbSnapshotRow): SnapshotInfo {
  return {
    id: r.id,
    matrixId: r.matrix_id,
    name: r.name,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    counts: countsOf(r),
  };
}
