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
 * A commit starts no sooner after the previous one ended than that one took (at most
 * MAX_COMMIT_GAP_MS): each is an fsync that blocks the event loop, and on a busy disk (tens of ms
 * per fsync) a stream of updates (one frame per socket per turn) would otherwise commit every turn
 * and keep the loop blocked. So the loop spends at most about half its time in commits, while on a
 * fast disk the gap is a fraction of a millisecond and an edit commits in the turn after it arrives.
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

/** The longest pause between two commits (see above). */
export const MAX_COMMIT_GAP_MS = 10;

/** The pause from the end of one commit to the start of the next: as long as it took, at most MAX_COMMIT_GAP_MS. */
export function commitGap(lastCommitMs: number): number {
  return Math.min(MAX_COMMIT_GAP_MS, Math.max(0, lastCommitMs));
}

export class GroupCommit {
  private pending: PendingUpdate[] = [];
  private scheduled: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | null = null;
  /** performance.now() when the last commit ended, and how long it took. */
  private lastCommitEnd = -Infinity;
  private lastCommitMs = 0;
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
    const wait = this.lastCommitEnd + commitGap(this.lastCommitMs) - performance.now();
    // setImmediate: after the I/O callbacks of this turn, so every frame read in it joins the batch
    // (also for a gap under a millisecond, which a timer would round up to one).
    this.scheduled = wait >= 1 ? { timeout: setTimeout(() => this.flush(), wait) } : { immediate: setImmediate(() => this.flush()) };
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
      const start = performance.now();
      try {
        seqs = this.commitBatch(batch);
        this.commits++;
      } catch (err) {
        for (const p of batch) p.failed(err);
        continue;
      } finally {
        this.lastCommitEnd = performance.now();
        this.lastCommitMs = this.lastCommitEnd - start;
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
