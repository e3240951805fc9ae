/** A room's storage: explicit load, sync replies from the stored bytes while cold, append before relay. */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { initMatrix, metaMap, readMatrix, readMeta, setStance, addAxisItem, setTitle } from '../../shared/matrix.ts';
import { docSchemaVersion } from '../../shared/timeline/migrate.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { COMPACT_FORCE_FACTOR, COMPACT_QUIET_MS, RoomStorage } from '../../server/sync/room-storage.ts';
import { memoryLogger } from '../../server/log.ts';
import { tempDataDir } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

function stored(title = 'Stored') {
  const storage = new Storage(tempDataDir());
  const doc = new Y.Doc();
  initMatrix(doc, { title }, SEED_ORIGIN);
  storage.create('room-test', title, Y.encodeStateAsUpdate(doc), { parties: 0, issues: 0, coded: 0, sources: 0 });
  return storage;
}

describe('room storage', () => {
  it('answers a sync step 1 from the stored bytes without loading, and loads only when asked', () => {
    let loads = 0;
    const room = new RoomStorage('room-test', stored(), memoryLogger(), 500, () => loads++);
    const client = new Y.Doc();
    Y.applyUpdate(client, room.diff(Y.encodeStateVector(client)));
    expect(readMeta(client).title).toBe('Stored');
    expect(room.loaded).toBe(false);
    expect(room.doc.store.clients.size).toBe(0); // nothing decoded yet
    expect(readMeta(room.load()).title).toBe('Stored');
    room.load();
    expect([room.loaded, loads]).toEqual([true, 1]);
    room.destroy();
  });

  it('appends before anything is relayed, and a failed append relays nothing while the change stays in memory', async () => {
    const storage = stored();
    const log = memoryLogger();
    const room = new RoomStorage('room-test', storage, log, 500, () => {});
    const doc = room.load();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const events: string[] = [];
    setTitle(doc, 'Renamed');
    room.append(
      updates[0]!,
      () => events.push(`relayed with ${storage.updateCount('room-test')} rows`),
      () => events.push('failed'),
    );
    expect(events).toEqual([]); // queued for the group commit at the end of this turn
    await waitFor(() => events.length === 1);
    expect(events).toEqual(['relayed with 2 rows']);
    storage.close();
    setTitle(doc, 'Again');
    room.append(
      updates[1]!,
      () => events.push('relayed'),
      () => events.push('failed'),
    );
    room.flush();
    expect(events).toEqual(['relayed with 2 rows', 'failed']);
    expect(readMeta(room.doc).title).toBe('Again');
    expect(log.lines.join('\n')).toMatch(/could not store update/);
    room.destroy();
  });

  it('migrates a version-1 document on load: stored at once, handed to the room, and only once', () => {
    const storage = new Storage(tempDataDir());
    const v1 = new Y.Doc();
    initMatrix(v1, { title: 'Old' }, SEED_ORIGIN);
    metaMap(v1).delete('schemaVersion');
    addAxisItem(v1, 'parties', { id: 'p1', name: 'P' }, SEED_ORIGIN);
    addAxisItem(v1, 'issues', { id: 'i1', name: 'I' }, SEED_ORIGIN);
    setStance(v1, 'p1', 'i1', 'supports', SEED_ORIGIN);
    storage.create('room-test', 'Old', Y.encodeStateAsUpdate(v1), { parties: 1, issues: 1, coded: 1, sources: 0 });
    const migrations: (Uint8Array | null)[] = [];
    const room = new RoomStorage('room-test', storage, memoryLogger(), 500, (m) => migrations.push(m));
    // A client answered cold holds the version-1 bytes; the migration update brings it to 2.
    const client = new Y.Doc();
    Y.applyUpdate(client, room.diff(Y.encodeStateVector(client)));
    expect(docSchemaVersion(client)).toBe(1);
    const doc = room.load();
    expect(docSchemaVersion(doc)).toBe(2);
    expect(migrations).toHaveLength(1);
    Y.applyUpdate(client, migrations[0]!);
    expect(docSchemaVersion(client)).toBe(2);
    expect(readMatrix(client).cells).toEqual(readMatrix(v1).cells);
    expect(storage.updateCount('room-test')).toBe(2);
    room.destroy();
    const again = new RoomStorage('room-test', storage, memoryLogger(), 500, (m) => migrations.push(m));
    expect(docSchemaVersion(again.load())).toBe(2);
    expect(migrations).toEqual([migrations[0], null]);
    again.destroy();
  });

  it('stores queued updates before it answers a sync step 1 from the live doc', () => {
    const storage = stored();
    const room = new RoomStorage('room-test', storage, memoryLogger(), 500, () => {});
    const doc = room.load();
    let relayed = 0;
    doc.on('update', (u: Uint8Array) =>
      room.append(
        u,
        () => relayed++,
        () => {},
      ),
    );
    setTitle(doc, 'Queued');
    expect([relayed, storage.updateCount('room-test')]).toEqual([0, 1]);
    const client = new Y.Doc();
    Y.applyUpdate(client, room.diff(Y.encodeStateVector(client)));
    expect(readMeta(client).title).toBe('Queued');
    expect([relayed, storage.updateCount('room-test')]).toEqual([1, 2]);
    room.destroy();
  });

  it('a due compaction waits for a quiet spell in the room, unless the log has grown to COMPACT_FORCE_FACTOR × compactEvery', async () => {
    // Only the clock and timers are fake: the group commit's setImmediate stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const storage = stored();
      const room = new RoomStorage('room-test', storage, memoryLogger(), 5, () => {});
      const doc = room.load();
      doc.on('update', (u: Uint8Array) =>
        room.append(
          u,
          () => {},
          () => {},
        ),
      );
      const edit = (n: number) => {
        for (let i = 0; i < n; i++) setTitle(doc, `Edit ${i}`);
        room.flush();
      };
      const rows = () => storage.updateCount('room-test');
      edit(5); // due now (compactEvery), but the room is busy
      expect(rows()).toBe(6);
      for (let i = 0; i < 3; i++) {
        vi.advanceTimersByTime(COMPACT_QUIET_MS / 2);
        edit(1);
      }
      expect(rows()).toBe(9); // never quiet for COMPACT_QUIET_MS: not compacted yet
      vi.advanceTimersByTime(COMPACT_QUIET_MS);
      expect(rows()).toBe(1); // compacted in the quiet spell
      edit(COMPACT_FORCE_FACTOR * 5 - 1);
      expect(rows()).toBe(COMPACT_FORCE_FACTOR * 5);
      edit(1); // the log is at COMPACT_FORCE_FACTOR × compactEvery: compacted in the next turn, busy or not
      await new Promise((r) => setImmediate(r));
      expect(rows()).toBe(1);
      expect(readMeta(room.load()).title).toBe('Edit 0');
      room.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
