import { contestedCells } from '../../../shared/history.ts';
import { flushSync } from 'svelte';
import type { MatrixData } from '../../../shared/schema.ts';
import type { CompareResponse, SnapshotInfo } from '../../../shared/versions/snapshot.ts';
import type { CreatedMatrix } from '../lib/api.ts';
import { defineContext } from '../lib/context.ts';
import { userMessage } from '../lib/errors.ts';
import { absoluteTime } from '../lib/time.ts';
import type { MatrixStore } from '../matrix/matrix-store.svelte.ts';
import * as api from './versions-api.ts';

/** What the grid area shows: the live grid, one snapshot read-only, or a comparison. */
export type VersionMode =
  | { kind: 'live' }
  | { kind: 'view'; snapshot: SnapshotInfo; data: MatrixData }
  | { kind: 'compare'; from: api.VersionId; to: api.VersionId; result: CompareResponse; data: MatrixData };

/** A static rendering for the PNG export or for printing (mounted only while needed). */
export interface Sheet {
  /** print: grid, legend, then the sources; print-grid: grid and legend on one page. */
  purpose: 'png' | 'print' | 'print-grid';
  data: MatrixData;
  /** Under the title: which version and when. */
  subtitle: string;
  /** Contested cells, striped as in the grid (the live matrix only: a snapshot is fetched without its history). */
  contested: ReadonlySet<string>;
}

/** Snapshots of one matrix, and which version the page is showing. */
export class Versions {
  panelOpen = $state.raw(false);
  snapshots = $state.raw<SnapshotInfo[] | null>(null);
  mode = $state.raw<VersionMode>({ kind: 'live' });
  /** "Loading snapshot…" while a version loads; null when idle. */
  busy = $state.raw<string | null>(null);
  error = $state.raw<string | null>(null);
  sheet = $state.raw<Sheet | null>(null);
  readOnly = $derived(this.mode.kind !== 'live');

  constructor(readonly store: MatrixStore) {}

  /** The toolbar's "Versions" button: opens or closes the panel. */
  toggle(): void {
    this.panelOpen = !this.panelOpen;
  }

  get matrixId(): string {
    return this.store.id;
  }

  /** The page's matrix token, sent with every request. */
  get token(): string | null {
    return this.store.access.token;
  }

  /** The data shown right now (the live doc, a snapshot, or the newer side of a comparison). */
  shownData(): MatrixData {
    return this.mode.kind === 'live' ? this.store.view.data() : this.mode.data;
  }

  /** A snapshot name for file names when one is shown, else undefined (the time is used). */
  shownSnapshot(): SnapshotInfo | undefined {
    const { mode } = this;
    if (mode.kind === 'view') return mode.snapshot;
    if (mode.kind === 'compare' && mode.to !== 'current') return this.snapshots?.find((s) => s.id === mode.to);
    return undefined;
  }

  async load(): Promise<void> {
    try {
      this.snapshots = await api.listSnapshots(this.matrixId, this.token);
    } catch (err) {
      this.error = userMessage(err, 'Could not load the snapshots.');
    }
  }

  async take(fields: { name: string; note: string; createdBy: string }): Promise<void> {
    const info = await api.takeSnapshot(this.matrixId, fields, this.token);
    this.snapshots = [info, ...(this.snapshots ?? []).filter((s) => s.id !== info.id)];
  }

  async view(snapshot: SnapshotInfo): Promise<void> {
    await this.#run('Loading snapshot…', async () => {
      const data = await api.getSnapshot(this.matrixId, snapshot.id, this.token);
      this.mode = { kind: 'view', snapshot, data };
    });
  }

  async compare(from: api.VersionId, to: api.VersionId): Promise<void> {
    await this.#run('Comparing…', async () => {
      const [result, data] = await Promise.all([api.compareVersions(this.matrixId, from, to, this.token), api.getVersion(this.matrixId, to, this.token)]);
      this.mode = { kind: 'compare', from, to, result, data };
    });
  }

  /** Restores a snapshot as a new matrix (throws, so the caller can ask for a create token on 401). */
  async restore(snapshot: SnapshotInfo, createToken: string | null): Promise<CreatedMatrix> {
    this.busy = 'Restoring…';
    this.error = null;
    try {
      return await api.restoreSnapshot(this.matrixId, snapshot.id, this.token, createToken);
    } finally {
      this.busy = null;
    }
  }

  /** Reverts the live matrix to a snapshot (everyone sees it); the list gains the "Before revert" snapshot. */
  async revert(snapshot: SnapshotInfo, by: string): Promise<string | null> {
    let before: string | null = null;
    await this.#run('Reverting…', async () => {
      const result = await api.revertToSnapshot(this.matrixId, snapshot.id, by, this.token);
      before = result.before.name;
      this.snapshots = [result.before, ...(this.snapshots ?? []).filter((s) => s.id !== result.before.id)];
      this.mode = { kind: 'live' };
    });
    return before;
  }

  backToLive(): void {
    this.mode = { kind: 'live' };
    this.error = null;
  }

  /** Mounts the static sheet now (synchronously), so print or capture sees it. */
  openSheet(purpose: Sheet['purpose']): void {
    const snapshot = this.shownSnapshot();
    const subtitle = snapshot
      ? `Snapshot ‘${snapshot.name}’, taken ${absoluteTime(snapshot.createdAt)} by ${snapshot.createdBy}`
      : `As of ${absoluteTime(new Date().toISOString())}`;
    const contested = new Set(snapshot ? [] : contestedCells(this.store.session.doc));
    this.sheet = { purpose, data: this.shownData(), subtitle, contested };
    flushSync();
  }

  closeSheet(): void {
    this.sheet = null;
  }

  async #run(label: string, task: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.error = null;
    try {
      await task();
    } catch (err) {
      this.error = userMessage(err, 'Could not load that version.');
    } finally {
      this.busy = null;
    }
  }
}

export const versionsContext = defineContext<Versions>('versions');
