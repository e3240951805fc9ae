import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../server/migrate.ts';
import { tempDataDir } from '../utils/server.ts';

const columns = (db: Database.Database, table: string) =>
  db
    .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => c.name);

describe('per-table migrations', () => {
  it('runs each step once, only the new ones on the next open, and refuses a newer file', () => {
    const file = path.join(tempDataDir(), 'm.sqlite');
    const steps = ['CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY)'];
    let db = new Database(file);
    migrate(db, 'notes', steps);
    migrate(db, 'notes', steps);
    db.prepare("INSERT INTO notes (id) VALUES ('a')").run();
    db.close();

    db = new Database(file);
    const more = [...steps, "ALTER TABLE notes ADD COLUMN text TEXT NOT NULL DEFAULT ''"];
    migrate(db, 'notes', more);
    expect(columns(db, 'notes')).toEqual(['id', 'text']);
    expect(db.prepare('SELECT id, text FROM notes').all()).toEqual([{ id: 'a', text: '' }]);
    expect(() => migrate(db, 'notes', steps)).toThrow(/newer than this server knows/);
    db.close();
  });

  it('adopts a table made before migrations existed (its first step is IF NOT EXISTS)', () => {
    const db = new Database(path.join(tempDataDir(), 'old.sqlite'));
    db.exec("CREATE TABLE notes (id TEXT PRIMARY KEY); INSERT INTO notes VALUES ('kept');");
    migrate(db, 'notes', ['CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY)']);
    expect(db.prepare('SELECT id FROM notes').all()).toEqual([{ id: 'kept' }]);
    db.close();
  });
});
