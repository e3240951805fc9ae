/**
 * SQLite persistence (better-sqlite3, WAL). Each matrix is a row in `matrices` plus a log of
 * Yjs updates in `updates`. Appends are synchronous and durable before the caller broadcasts;
 * compaction replaces a prefix of the log by one merged update in a single transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MatrixCounts } from '../shared/schema.ts';
import type { MatrixSummary } from '../shared/api.ts';
import { migrate } from './migrate.ts';

/** A matrix as listed: the stored summary (GET /api/matrices). */
export type MatrixRow = MatrixSummary;

/** A row of `matrices`; its counts are four columns (as in `snapshots`). */
interface DbMatrixRow extends MatrixCounts {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

export class Storage {
  readonly file: string;
  private db: Database.Database;
  private statements;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'stance-grid.sqlite');
    ownerOnly(dataDir, this.file);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // SQLite gives -wal and -shm the database file's mode; this covers files made before that was 0600.
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(this.file + suffix)) fs.chmodSync(this.file + suffix, 0o600);
    // FULL: an update acknowledged (and broadcast) is on disk even if the process is killed.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // The first step of each table is what it was before migrations existed (IF NOT EXISTS: old files pass).
    migrate(this.db, 'matrices', [
      `CREATE TABLE IF NOT EXISTS matrices (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        parties INTEGER NOT NULL DEFAULT 0,
        issues INTEGER NOT NULL DEFAULT 0,
        coded INTEGER NOT NULL DEFAULT 0,
        sources INTEGER NOT NULL DEFAULT 0
      )`,
    ]);
    migrate(this.db, 'updates', [
      `CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        matrix_id TEXT NOT NULL REFERENCES matrices(id) ON DELETE CASCADE,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_matrix ON updates(matrix_id, seq);`,
    ]);
    this.statements = {
      exists: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM matrices WHERE id = ?'),
      insertMatrix: this.db.prepare(
        'INSERT INTO matrices (id, title, created_at, updated_at, parties, issues, coded, sources) VALUES (@id, @title, @createdAt, @updatedAt, @parties, @issues, @coded, @sources)',
      ),
      append: this.db.prepare<[string, Buffer]>('INSERT INTO updates (matrix_id, data) VALUES (?, ?)'),
      touch: this.db.prepare<[string, string]>('UPDATE matrices SET updated_at = ? WHERE id = ?'),
      load: this.db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE matrix_id = ? ORDER BY seq'),
      deleteUpTo: this.db.prepare<[string, number]>('DELETE FROM updates WHERE matrix_id = ? AND seq <= ?'),
      countUpdates: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM updates WHERE matrix_id = ?'),
      summary: this.db.prepare('UPDATE matrices SET title = @title, parties = @parties, issues = @issues, coded = @coded, sources = @sources WHERE id = @id'),
      list: this.db.prepare<[], DbMatrixRow>('SELECT * FROM matrices ORDER BY updated_at DESC'),
      get: this.db.prepare<[string], DbMatrixRow>('SELECT * FROM matrices WHERE id = ?'),
    };
  }

  /** The open database, for modules that keep their own tables (snapshots, share links). */
  get database(): Database.Database {
    return this.db;
  }

  exists(id: string): boolean {
    return this.statements.exists.get(id) !== undefined;
  }

  /** Creates a matrix with its initial state in one transaction. Returns false if the id exists. */
  create(id: string, title: string, initialUpdate: Uint8Array, counts: MatrixCounts): boolean {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      if (this.exists(id)) return false;
      this.statements.insertMatrix.run({ id, title, createdAt: now, updatedAt: now, ...counts });
      this.statements.append.run(id, Buffer.from(initialUpdate));
      return true;
    })();
  }

  /** Appends one update durably. Throws if the write fails: the caller must not broadcast then. */
  append(id: string, update: Uint8Array): number {
    const info = this.statements.append.run(id, Buffer.from(update));
    this.statements.touch.run(new Date().toISOString(), id);
    return Number(info.lastInsertRowid);
  }

  /** All stored updates of a matrix, oldest first, with the last sequence number. */
  load(id: string): { updates: Uint8Array[]; lastSeq: number } {
    const rows = this.statements.load.all(id);
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastSeq: rows.at(-1)?.seq ?? 0 };
  }

  updateCount(id: string): number {
    return this.statements.countUpdates.get(id)?.n ?? 0;
  }

  /**
   * Replaces all updates up to `upToSeq` by `merged` (which must contain them all), in one
   * transaction, and refreshes the list summary. Updates appended after `upToSeq` are kept.
   * Returns the merged row's sequence number.
   */
  compact(id: string, merged: Uint8Array, upToSeq: number, summary: { title: string } & MatrixCounts): number {
    return this.db.transaction(() => {
      this.statements.deleteUpTo.run(id, upToSeq);
      const info = this.statements.append.run(id, Buffer.from(merged));
      this.statements.summary.run({ id, ...summary });
      return Number(info.lastInsertRowid);
    })();
  }

  list(): MatrixRow[] {
    return this.statements.list.all().map(toRow);
  }

  get(id: string): MatrixRow | undefined {
    const row = this.statements.get.get(id);
    return row ? toRow(row) : undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The data directory 0700 and the database 0600 (also when an older start made them wider): the
 * file holds every matrix, and the directory secret.key. The file is made before SQLite opens it,
 * so it is never readable by others, not even for a moment.
 */
function ownerOnly(dataDir: string, file: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, file + '-wal', file + '-shm']) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
}

function toRow(r: DbMatrixRow): MatrixRow {
  return { id: r.id, title: r.title, createdAt: r.created_at, updatedAt: r.updated_at, counts: countsOf(r) };
}

/** The counts of a row that keeps them as the columns parties, issues, coded and sources. */
export function countsOf(r: MatrixCounts): MatrixCounts {
  return { parties: r.parties, issues: r.issues, coded: r.coded, sources: r.sources };
}
