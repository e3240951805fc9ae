/**
 * A room's document and its persistence: the stored state read at creation, an explicit
 * `load()` that decodes it into the live Y.Doc, append-before-relay and compaction.
 *
 * Until `load()` has run, sync replies are computed from the stored bytes directly, so a cold
 * room answers its first client without waiting for a decode it does not need.
 */
import * as Y from 'yjs';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { countMatrix, readMeta } from '../../shared/matrix.ts';
import { DEFAULT_MAX_HISTORY, trimHistory } from '../../shared/history.ts';
import { migrateToV2 } from '../../shared/timeline/migrate.ts';
import type { Storage } from '../storage.ts';
import type { Logger } from '../log.ts';
import { groupCommitFor, type GroupCommit } from './group-commit.ts';

/** A due compaction waits for this long without an update in the room (see scheduleCompact)… */
export const COMPACT_QUIET_MS = 1000;
/** …unless the log has grown to this many times compactEvery. */
export const COMPACT_FORCE_FACTOR = 4;

export class RoomStorage {
  readonly doc = new Y.Doc();
  /** The stored state, until decoded into `doc`. */
  private stored: Uint8Array | null;
  private lastSeq = 0;
  /** Bytes this matrix holds in the update log (compacted state included), for the quota. */
  private storedBytes = 0;
  private appendedSinceCompact = 0;
  private compactScheduled: false | 'quiet' | 'now' = false;
  private compactTimer: NodeJS.Timeout | null = null;
  /** performance.now() of the last update queued (compaction waits for a quiet spell). */
  private lastAppendAt = 0;
  private destroyed = false;
  private group: GroupCommit;

  constructor(
    readonly id: string,
    private storage: Storage,
    private log: Logger,
    private compactEvery: number,
    /** Called once, when `load()` decoded the stored state into `doc`, with the migration it wrote (if any). */
    private onLoaded: (migration: Uint8Array | null) => void,
  ) {
    this.group = groupCommitFor(storage);
    // Read synchronously, so the whole stored state is at hand before any sync reply.
    const { updates, lastSeq } = storage.load(id);
    this.stored = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    this.lastSeq = lastSeq;
    for (const u of updates) this.storedBytes += u.byteLength;
    this.appendedSinceCompact = updates.length > 1 ? updates.length : 0;
    if (this.appendedSinceCompact > 0) this.scheduleCompact();
  }

  get loaded(): boolean {
    return this.stored === null;
  }

  /** Decodes the stored state into the live doc (once) and returns the doc. */
  load(): Y.Doc {
    if (this.stored && !this.destroyed) {
      const stored = this.stored;
      this.stored = null;
      Y.applyUpdate(this.doc, stored, SERVER_ORIGIN);
      this.onLoaded(this.migrate());
    }
    return this.doc;
  }

  /**
   * Brings a version-1 document to schema version 2 (README, Schema version 2) and stores that
   * write now, like any stored update; returns it so the room can send it to clients that were
   * answered from the stored bytes while the room was cold.
   */
  private migrate(): Uint8Array | null {
    let migration: Uint8Array | null = null;
    const capture = (update: Uint8Array) => (migration = update);
    this.doc.on('update', capture);
    try {
      migrateToV2(this.doc, SERVER_ORIGIN);
    } finally {
      this.doc.off('update', capture);
    }
    if (!migration) return null;
    this.log.info('migrated matrix to schema version 2', { matrix: this.id });
    try {
      this.appendNow(migration);
    } catch {
      // Logged by append; the next compaction stores it.
    }
    return migration;
  }

  /** Loads soon, off the current reply's path (a cold room answers first, decodes after). */
  loadLater(delayMs: number): void {
    if (this.loaded) return;
    if (delayMs === 0) setImmediate(() => this.load());
    else setTimeout(() => this.load(), delayMs).unref();
  }

  /** The update a client with `stateVector` lacks (sync step 2). Throws on a malformed state vector. */
  diff(stateVector: Uint8Array): Uint8Array {
    // The live doc may hold updates still queued for the group commit: store them first.
    this.group.flush();
    const known = Y.decodeStateVector(stateVector);
    if (this.stored) return known.size === 0 ? this.stored : Y.diffUpdate(this.stored, stateVector);
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /**
   * Runs the server's own change (`change` writes with SERVER_ORIGIN transactions, which the room's
   * relay leaves alone) and stores what it made at once; returns that update, or null if nothing changed.
   */
  writeAsServer(change: (doc: Y.Doc) => void): Uint8Array | null {
    const doc = this.load();
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array) => updates.push(update);
    doc.on('update', capture);
    try {
      change(doc);
    } finally {
      doc.off('update', capture);
    }
    if (updates.length === 0) return null;
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    this.appendNow(update);
    return update;
  }

  /**
   * Stores a change the server made itself (a migration, the library index) now, after whatever the
   * group commit holds, so it can be sent right away. Throws if storing fails (logged here).
   */
  appendNow(update: Uint8Array): void {
    this.group.flush();
    try {
      this.lastSeq = this.storage.append(this.id, update);
      this.storedBytes += update.byteLength;
    } catch (err) {
      this.log.error('could not store update', { matrix: this.id, error: String(err) });
      this.appendedSinceCompact = Number.MAX_SAFE_INTEGER;
      this.scheduleCompact();
      throw err;
    }
    if (++this.appendedSinceCompact >= this.compactEvery) this.scheduleCompact();
  }

  /**
   * Stores one update durably in the next group commit (server/sync/group-commit.ts), then calls
   * `relay`. If the write fails, `failed` runs instead: the change stays in memory (the next
   * compaction stores it) but must not be relayed.
   */
  append(update: Uint8Array, relay: () => void, failed: () => void): void {
    // Counted when queued, so the quota check sees updates still waiting for their commit.
    this.storedBytes += update.byteLength;
    this.lastAppendAt = performance.now();
    this.group.enqueue({
      matrixId: this.id,
      update,
      committed: (seq) => {
        this.lastSeq = seq;
        if (++this.appendedSinceCompact >= this.compactEvery) this.scheduleCompact();
        relay();
      },
      failed: (err) => {
        this.log.error('could not store update', { matrix: this.id, error: String(err) });
        this.appendedSinceCompact = Number.MAX_SAFE_INTEGER;
        this.scheduleCompact();
        failed();
      },
    });
  }

  /** Commits this room's queued updates (with every other room's) now. */
  flush(): void {
    this.group.flush();
  }

  /** Would `bytes` more stay within `quotaBytes`? Compacts first when the log has grown since. */
  fits(bytes: number, quotaBytes: number): boolean {
    if (this.storedBytes + bytes <= quotaBytes) return true;
    this.compact();
    return this.storedBytes + bytes <= quotaBytes;
  }

  /**
   * Compaction encodes the whole document and rewrites it in one transaction (about 50 ms of event
   * loop for a 60 × 80 matrix, plus its write): in a busy room it waits for a quiet spell
   * (COMPACT_QUIET_MS without an update), unless the log has grown to COMPACT_FORCE_FACTOR ×
   * compactEvery or a write failed (then at once).
   */
  private scheduleCompact(): void {
    if (this.destroyed) return;
    const now = this.appendedSinceCompact >= COMPACT_FORCE_FACTOR * this.compactEvery;
    if (this.compactScheduled === 'now' || (this.compactScheduled === 'quiet' && !now)) return;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    this.compactScheduled = now ? 'now' : 'quiet';
    if (now) setImmediate(() => this.compactIfScheduled());
    else this.compactTimer = setTimeout(() => this.compactWhenQuiet(), COMPACT_QUIET_MS).unref();
  }

  private compactWhenQuiet(): void {
    this.compactTimer = null;
    const quietFor = performance.now() - this.lastAppendAt;
    if (quietFor >= COMPACT_QUIET_MS || this.destroyed) return this.compactIfScheduled();
    this.compactTimer = setTimeout(() => this.compactWhenQuiet(), COMPACT_QUIET_MS - quietFor).unref();
  }

  private compactIfScheduled(): void {
    if (!this.compactScheduled) return;
    this.compactScheduled = false;
    if (!this.destroyed) this.compact();
  }

  /** Merges the whole log into one update, in one transaction. */
  compact(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    this.compactScheduled = false;
    if (this.appendedSinceCompact === 0) return;
    this.group.flush();
    try {
      const doc = this.load();
      // Bound the history log (README, History bound). SERVER_ORIGIN transactions are neither
      // appended nor relayed, so the trim reaches storage only through the merged state below;
      // connected clients keep their longer copy until they resync, which is acceptable.
      trimHistory(doc, { maxEntries: DEFAULT_MAX_HISTORY }, SERVER_ORIGIN);
      const merged = Y.encodeStateAsUpdate(doc);
      this.lastSeq = this.storage.compact(this.id, merged, this.lastSeq, { title: readMeta(doc).title, ...countMatrix(doc) });
      this.appendedSinceCompact = 0;
      this.storedBytes = merged.byteLength;
    } catch (err) {
      this.log.error('compaction failed; the state stays in memory', { matrix: this.id, error: String(err) });
    }
  }

  /** Stores what is pending and frees the document. Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.group.flush();
    this.compact();
    this.destroyed = true;
    this.doc.destroy();
  }
}
