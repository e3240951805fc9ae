/**
 * Group commit: the updates that arrive within one event-loop turn, across all rooms, are stored
 * in ONE SQLite transaction (one fsync) and only then relayed, each by its own callback, in
 * arrival order. Write-before-relay holds per update: a callback runs only after the transaction
 * that holds its update has committed; if the commit fails, every update of the batch gets
 * `failed` and none is relayed.
 *
 * Anything that reads the live document for a client (a sync step 2, a join) calls `flush()`
 * first, so no client is ever sent a change that is not yet on disk.
 *
 * Commits start at least MIN_COMMIT_GAP_MS after the previous one ended: each is an fsync that
 * blocks the event loop (tens of ms on a busy disk), and a stream of updates (one address
 * spending its whole update budget, one frame per turn) would otherwise commit every turn and
 * keep the loop blocked. An isolated edit still commits in the turn after it arrives.
 */
import type { Storage } from '../storage.ts';

export interface PendingUpdate {
  matrixId: string;
  update: Uint8Array;
  /** Runs after the commit, with the update's sequence number: relay it now. */
  committed: (seq: number) => void;
  /** Runs if the commit failed: the update is not stored and must not be relayed. */
  failed: (err: unknown) => void;
}

/** The least time from the end of one commit to the start of the next (see above). */
export const MIN_COMMIT_GAP_MS = 10;

export class GroupCommit {
  private pending: PendingUpdate[] = [];
  private scheduled: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | null = null;
  /** performance.now() when the last commit ended. */
  private lastCommitEnd = -Infinity;
  /** Transactions committed so far (for tests and the bench: updates per fsync). */
  commits = 0;
  private readonly commitBatch: (batch: PendingUpdate[]) => number[];

  constructor(storage: Storage) {
    // Storage.append is an insert and a touch; inside one transaction they are atomic and share the fsync.
    this.commitBatch = storage.database.transaction((batch: PendingUpdate[]) => batch.map((p) => storage.append(p.matrixId, p.update)));
  }

  get size(): number {
    return this.pending.length;
  }

  /** Queues an update for the commit at the end of this event-loop turn. */
  enqueue(pending: PendingUpdate): void {
    this.pending.push(pending);
    if (this.scheduled) return;
    const wait = this.lastCommitEnd + MIN_COMMIT_GAP_MS - performance.now();
    // setImmediate: after the I/O callbacks of this turn, so every frame read in it joins the batch.
    this.scheduled = wait > 0 ? { timeout: setTimeout(() => this.flush(), wait) } : { immediate: setImmediate(() => this.flush()) };
  }

  /** Commits everything queued now, in one transaction, then runs the callbacks in order. */
  flush(): void {
    if (this.scheduled && 'timeout' in this.scheduled) clearTimeout(this.scheduled.timeout);
    else if (this.scheduled) clearImmediate(this.scheduled.immediate);
    this.scheduled = null;
    // Callbacks may enqueue more (or flush again); they wait for the next batch.
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      let seqs: number[];
      try {
        seqs = this.commitBatch(batch);
        this.commits++;
      } catch (err) {
        for (const p of batch) p.failed(err);
        continue;
      } finally {
        this.lastCommitEnd = performance.now();
      }
      batch.forEach((p, i) => p.committed(seqs[i]!));
    }
  }
}

/** One group commit per database, shared by all its rooms. */
const byStorage = new WeakMap<Storage, GroupCommit>();

export function groupCommitFor(storage: Storage): GroupCommit {
  let group = byStorage.get(storage);
  if (!group) {
    group = new GroupCommit(storage);
    byStorage.set(storage, group);
  }
  return group;
}
