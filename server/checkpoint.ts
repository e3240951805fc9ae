/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * passes 1000 WAL pages: it copies the pages into the database file and fsyncs it, on the event
 * loop, and every update waiting in that turn waits for it. Here the server's connection never
 * checkpoints (`wal_autocheckpoint = 0`); a worker thread with its own connection does:
 *
 * - started once the WAL reaches `startBytes` (4 MiB: about SQLite's own 1000 pages; checked every
 *   `checkMs` with a stat), so a server at rest, or one that only created a few matrices, has no
 *   worker (it costs ~8 MB while it runs, and its malloc arena, ~4 MB, stays after it exits);
 * - every `tickMs` while something was committed since (PRAGMA data_version), a PASSIVE checkpoint:
 *   it takes no lock a writer needs, so commits go on meanwhile; the writer restarts the WAL from
 *   its beginning once all of it is checkpointed. A steady stream of commits can keep that from ever
 *   being true when a writer starts: past `restartFrames` a RESTART checkpoint (it holds writers
 *   while it copies the little PASSIVE left and resets the WAL) keeps the WAL bounded;
 * - after `idleMs` with no commit, a TRUNCATE checkpoint (the WAL file back to 0 bytes), then it exits.
 *
 * If the worker fails, the server's connection checkpoints by itself again (logged), so the WAL
 * never grows without bound. `close()` stops the worker before the database is closed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';

export interface CheckpointOptions {
  /** Start the worker when the WAL is at least this large (default 4 MiB, about SQLite's 1000-page autocheckpoint). */
  startBytes?: number;
  /** How often the WAL's size is looked at while no worker runs (default 1 s). */
  checkMs?: number;
  /**
   * How often the worker checkpoints while commits come (default 1 s: each checkpoint that copies
   * pages fsyncs the database file, on the disk the commits fsync the WAL on; SQLite alone would
   * checkpoint every 1000 pages, about every 1.5 s at 200 small updates/s).
   */
  tickMs?: number;
  /** Without a commit for this long, the worker truncates the WAL and exits (default 10 s). */
  idleMs?: number;
  /** A WAL of more frames than this is checkpointed with RESTART (default 4000, ~16 MiB; see the worker). */
  restartFrames?: number;
}

/** The worker, as plain JavaScript (no loader needed, bundled or not): better-sqlite3 is resolved by the server. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let version = null;
let quietSince = Date.now();
let stopped = false;
function stop() {
  if (stopped) return;
  stopped = true;
  clearInterval(timer);
  db.close();
  parentPort.close();
}
function tick() {
  try {
    const now = Date.now();
    const v = db.pragma('data_version', { simple: true });
    if (v !== version) {
      version = v;
      quietSince = now;
      const [done] = db.pragma('wal_checkpoint(PASSIVE)');
      // Under a steady stream of commits the WAL may never be wholly checkpointed at the moment a
      // writer starts, so it never restarts: past restartFrames, RESTART (it waits for the commit in
      // progress and holds the next ones while it copies what PASSIVE left and resets the WAL).
      if (done.log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
    } else if (now - quietSince >= workerData.idleMs) {
      db.pragma('wal_checkpoint(TRUNCATE)');
      stop();
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err) });
    stop();
  }
}
// At once: the WAL is already past startBytes.
const timer = setInterval(tick, workerData.tickMs);
tick();
parentPort.on('message', (m) => m === 'close' && stop());
`;

export class Checkpointer {
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout;
  private failed = false;
  private closed = false;
  private readonly wal: string;
  private readonly options: Required<CheckpointOptions>;

  constructor(
    private storage: Storage,
    private log: Logger,
    options: CheckpointOptions = {},
  ) {
    this.options = { startBytes: 4 * 1024 * 1024, checkMs: 1000, tickMs: 1000, idleMs: 10_000, restartFrames: 4000, ...options };
    this.wal = storage.file + '-wal';
    storage.database.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => this.check(), this.options.checkMs).unref();
  }

  /** Whether a worker runs now (tests). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker if the WAL has grown past startBytes. */
  check(): void {
    if (this.worker || this.failed || this.closed) return;
    // No WAL file (yet) counts as empty.
    const size = fs.statSync(this.wal, { throwIfNoEntry: false })?.size ?? 0;
    if (size >= this.options.startBytes) this.start();
  }

  private start(): void {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.storage.file,
        tickMs: this.options.tickMs,
        restartFrames: this.options.restartFrames,
        idleMs: this.options.idleMs,
      },
    });
    worker.unref();
    this.worker = worker;
    worker.on('message', (m: { error?: string }) => m.error && this.fail(m.error));
    worker.on('error', (err) => this.fail(String(err)));
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        if (this.worker === worker) this.worker = null;
        resolve();
      }),
    );
  }

  /** The worker failed: the server's connection checkpoints by itself again (SQLite's default). */
  private fail(error: string): void {
    if (this.failed) return;
    this.failed = true;
    this.log.error('the WAL checkpoint worker failed; checkpoints run in commits again', { error });
    if (this.storage.database.open) this.storage.database.pragma('wal_autocheckpoint = 1000');
  }

  /** Stops the worker (its connection closed); the database itself stays open. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    // Held open until it has closed its connection (it is unref'd so that it never keeps a process alive).
    this.worker?.ref();
    this.worker?.postMessage('close');
    await this.exited;
  }
}
