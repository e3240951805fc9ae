/** Group commit: the updates of one turn in one transaction, relayed after it, in order; a failure relays nothing. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initMatrix, setTitle } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { GroupCommit, MAX_COMMIT_GAP_MS, commitGap, type PendingUpdate } from '../../server/sync/group-commit.ts';
import { tempDataDir } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const EMPTY = { parties: 0, issues: 0, coded: 0, sources: 0 };

function storageWith(...ids: string[]): Storage {
  const storage = new Storage(tempDataDir());
  for (const id of ids) {
    const doc = new Y.Doc();
    initMatrix(doc, { title: id }, SEED_ORIGIN);
    storage.create(id, id, Y.encodeStateAsUpdate(doc), EMPTY);
  }
  return storage;
}

/** A real update of a fresh doc, tagged by its title. */
function update(title: string): Uint8Array {
  const doc = new Y.Doc();
  setTitle(doc, title);
  return Y.encodeStateAsUpdate(doc);
}

describe('group commit', () => {
  it('stores the updates of one turn, across rooms, in one transaction, then relays each in arrival order', async () => {
    const storage = storageWith('room-a', 'room-b');
    const group = new GroupCommit(storage);
    const events: string[] = [];
    const pending = (matrixId: string, title: string): PendingUpdate => ({
      matrixId,
      update: update(title),
      committed: (seq) => events.push(`${matrixId} ${title} #${seq} (${storage.updateCount(matrixId)} rows)`),
      failed: () => events.push(`failed ${title}`),
    });
    group.enqueue(pending('room-a', 'a1'));
    group.enqueue(pending('room-b', 'b1'));
    group.enqueue(pending('room-a', 'a2'));
    group.enqueue(pending('room-a', 'a3'));
    // Nothing is stored or relayed within the turn the updates arrived in.
    expect([events, storage.updateCount('room-a'), group.size]).toEqual([[], 1, 4]);
    await waitFor(() => events.length === 4);
    expect(group.commits).toBe(1);
    // Every update is already stored when the first one is relayed; seqs follow the arrival order.
    expect(events).toEqual(['room-a a1 #3 (4 rows)', 'room-b b1 #4 (2 rows)', 'room-a a2 #5 (4 rows)', 'room-a a3 #6 (4 rows)']);
  });

  it('the pause between commits is as long as the last commit took, at most MAX_COMMIT_GAP_MS', () => {
    expect([commitGap(0.14), commitGap(4), commitGap(25), commitGap(-1)]).toEqual([0.14, 4, MAX_COMMIT_GAP_MS, 0]);
  });

  it('on a slow disk a stream of updates does not commit (fsync) every turn: the next commit waits as long as the last took', async () => {
    const storage = storageWith('room-a');
    // A disk whose commit takes 6 ms (busy-waited inside the transaction, where the fsync would be).
    const append = storage.append.bind(storage);
    storage.append = (id, u) => {
      const until = performance.now() + 6;
      while (performance.now() < until);
      return append(id, u);
    };
    const group = new GroupCommit(storage);
    const committedAt: number[] = [];
    const pending = (title: string): PendingUpdate => ({
      matrixId: 'room-a',
      update: update(title),
      committed: () => committedAt.push(performance.now()),
      failed: () => {},
    });
    // An isolated update commits in the next turn.
    group.enqueue(pending('first'));
    await new Promise((r) => setImmediate(r));
    expect(committedAt.length).toBe(1);
    // One right after it waits for the gap; more arriving meanwhile join its commit.
    group.enqueue(pending('second'));
    await new Promise((r) => setImmediate(r));
    group.enqueue(pending('third'));
    await waitFor(() => committedAt.length === 3);
    expect(group.commits).toBe(2);
    // The second commit started >= 6 ms after the first ended, and itself took >= 6 ms.
    expect(committedAt[1]! - committedAt[0]!).toBeGreaterThanOrEqual(11);
  });

  it('a failed commit stores none of the batch and relays none of it', () => {
    const storage = storageWith('room-a');
    const group = new GroupCommit(storage);
    const events: string[] = [];
    const pending = (matrixId: string, title: string): PendingUpdate => ({
      matrixId,
      update: update(title),
      committed: () => events.push(`relayed ${title}`),
      failed: (err) => events.push(`failed ${title}: ${err instanceof Error ? err.message : String(err)}`),
    });
    group.enqueue(pending('room-a', 'good'));
    // No such matrix: the foreign key fails the whole transaction.
    group.enqueue(pending('no-such-room', 'bad'));
    group.flush();
    expect(events).toEqual(['failed good: FOREIGN KEY constraint failed', 'failed bad: FOREIGN KEY constraint failed']);
    expect(storage.updateCount('room-a')).toBe(1);
    expect(group.commits).toBe(0);
    // The next batch is unaffected.
    group.enqueue(pending('room-a', 'later'));
    group.flush();
    expect(events.at(-1)).toBe('relayed later');
    expect(storage.updateCount('room-a')).toBe(2);
  });

  it('an update queued by a relay callback goes into the next batch, after the current one', () => {
    const storage = storageWith('room-a');
    const group = new GroupCommit(storage);
    const events: string[] = [];
    group.enqueue({
      matrixId: 'room-a',
      update: update('first'),
      committed: () => {
        events.push('first');
        group.enqueue({ matrixId: 'room-a', update: update('second'), committed: () => events.push('second'), failed: () => {} });
      },
      failed: () => {},
    });
    group.flush();
    expect([events, group.commits, storage.updateCount('room-a')]).toEqual([['first', 'second'], 2, 3]);
  });
});
