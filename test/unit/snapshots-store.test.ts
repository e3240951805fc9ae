import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Storage } from '../../server/storage.ts';
import { SnapshotStore } from '../../server/snapshots.ts';
import { countMatrix, setStance } from '../../shared/matrix.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import { matrixFromState } from '../../shared/versions/snapshot.ts';
import { tempDataDir } from '../utils/server.ts';
import { DEMO_COUNTS, demoDoc } from './export-fixtures.ts';

function setup() {
  const storage = new Storage(tempDataDir());
  const doc = demoDoc();
  storage.create('demo-matrix', 'Demo', Y.encodeStateAsUpdate(doc), countMatrix(doc));
  return { storage, doc, snapshots: new SnapshotStore(storage.database) };
}

describe('SnapshotStore', () => {
  it('stores the full state with who, when and counts; lists newest first', () => {
    const { storage, doc, snapshots } = setup();
    try {
      const first = snapshots.create('demo-matrix', {
        name: 'after Jeddah',
        note: 'before the call',
        createdBy: 'Ana',
        state: Y.encodeStateAsUpdate(doc),
        counts: countMatrix(doc),
        createdAt: '2025-03-12T10:00:00.000Z',
      });
      setStance(doc, 'russia', 'ceasefire-30-day', 'rejects');
      const second = snapshots.create('demo-matrix', {
        name: 'after the call',
        note: '',
        createdBy: 'Ben',
        state: Y.encodeStateAsUpdate(doc),
        counts: countMatrix(doc),
      });
      const third = snapshots.create('demo-matrix', {
        name: 'same moment',
        note: '',
        createdBy: 'Ben',
        state: Y.encodeStateAsUpdate(doc),
        counts: countMatrix(doc),
        createdAt: second.createdAt,
      });

      expect(first).toMatchObject({
        matrixId: 'demo-matrix',
        name: 'after Jeddah',
        note: 'before the call',
        createdBy: 'Ana',
        counts: DEMO_COUNTS,
      });
      expect(first.id).toMatch(/^[a-z0-9]{12}$/);
      expect(snapshots.list('demo-matrix').map((s) => s.id)).toEqual([third.id, second.id, first.id]);
      expect(snapshots.list('other-matrix')).toEqual([]);
      expect(snapshots.get('demo-matrix', first.id)).toEqual(first);
      expect(snapshots.get('other-matrix', first.id)).toBeUndefined();

      const was = matrixFromState(snapshots.state('demo-matrix', first.id)!);
      const now = matrixFromState(snapshots.state('demo-matrix', second.id)!);
      expect(was.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance).toBe('conditional');
      expect(now).toEqual(readTimelineData(doc));
    } finally {
      storage.close();
    }
  });

  it('keeps snapshots across a restart (same database file)', () => {
    const dir = tempDataDir();
    const storage = new Storage(dir);
    const doc = demoDoc();
    storage.create('demo-matrix', 'Demo', Y.encodeStateAsUpdate(doc), countMatrix(doc));
    const info = new SnapshotStore(storage.database).create('demo-matrix', {
      name: 'v1',
      note: '',
      createdBy: 'A',
      state: Y.encodeStateAsUpdate(doc),
      counts: countMatrix(doc),
    });
    storage.close();
    const reopened = new Storage(dir);
    try {
      const store = new SnapshotStore(reopened.database);
      expect(store.list('demo-matrix')).toEqual([info]);
      expect(matrixFromState(store.state('demo-matrix', info.id)!)).toEqual(readTimelineData(doc));
    } finally {
      reopened.close();
    }
  });

  it('refuses a snapshot of a matrix that does not exist', () => {
    const { storage, doc, snapshots } = setup();
    try {
      expect(() =>
        snapshots.create('no-such-matrix', { name: 'x', note: '', createdBy: 'A', state: Y.encodeStateAsUpdate(doc), counts: countMatrix(doc) }),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      storage.close();
    }
  });
});
