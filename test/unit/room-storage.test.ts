/** A room's storage: explicit load, sync replies from the stored bytes while cold, append before relay. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initMatrix, readMeta, setTitle } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { RoomStorage } from '../../server/sync/room-storage.ts';
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
});
