/**
 * Per-table schema migrations. Each table has one owner module (matrices and updates:
 * storage.ts; share_links: share-links.ts; snapshots: snapshots.ts) which lists its steps, in
 * order, and calls `migrate` when it opens; `schema_versions` records how many steps each table
 * has run. A step is never edited once released: a change is a new step at the end.
 */
import type Database from 'better-sqlite3';

export function migrate(db: Database.Database, table: string, steps: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_versions (table_name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  db.transaction(() => {
    const row = db.prepare<[string], { version: number }>('SELECT version FROM schema_versions WHERE table_name = ?').get(table);
    const done = row?.version ?? 0;
    if (done > steps.length) throw new Error(`table ${table} is at schema version ${done}, newer than this server knows (${steps.length})`);
    for (const step of steps.slice(done)) db.exec(step);
    db.prepare('INSERT INTO schema_versions (table_name, version) VALUES (?, ?) ON CONFLICT(table_name) DO UPDATE SET version = excluded.version').run(
      table,
      steps.length,
    );
  })();
}
