import { untrack } from 'svelte';
import * as f from '../../../shared/filters.ts';
import { cellKey, type AxisItem, type AxisKind, type MatrixData } from '../../../shared/schema.ts';
import { openCommentCounts } from '../../../shared/comments.ts';
import { readSourcesByCell, stancesMap } from '../../../shared/matrix.ts';
import { defineContext } from '../lib/context.ts';
import { userMessage } from '../lib/errors.ts';
import { KeyedState } from '../lib/keyed-state.svelte.ts';
import type { MatrixStore } from '../matrix/matrix-store.svelte.ts';
import type { CellSummary } from '../matrix/cell-view.svelte.ts';
import type { Present } from '../present/present.svelte.ts';
import type { Verifications } from '../evidence/verification.svelte.ts';
import { getSnapshot } from '../versions/versions-api.ts';

const EMPTY = f.emptyFilter();
/** "Unsourced" and "changed" re-read the whole matrix: at most once per pause in editing this long. */
const REREAD_MS = 150;

/** The snapshot "changed since" compares with, once loaded. */
interface Since {
  id: string;
  name: string;
  data: MatrixData;
}

/**
 * The grid's filters, sort and hidden items in this browser. Each person's own (`own`), except
 * while a facilitator presents: then the filter is on the stage, and a follower's grid shows the
 * presenter's. The grid, its layout, its keyboard and the header menus read the displayed
 * `parties` and `issues` from here; cells read their own match flag (`matchFlag`).
 */
export class GridFilters {
  own = $state.raw<f.GridFilter>(f.emptyFilter());
  panelOpen = $state.raw(false);
  since = $state.raw<Since | null>(null);
  sinceError = $state.raw<string | null>(null);
  /** A cell as the grid shows it on the "as of" day, or undefined when live (set by the page): the sort follows it. */
  asOf: (key: string) => CellSummary | undefined = () => undefined;
  /** The row and column that never collapse (the cell being edited), set by the page. */
  keep: () => { party: string | null; issue: string | null } = () => ({ party: null, issue: null });

  /** The filter shown: the presenter's while following or presenting, else our own. */
  current = $derived.by<f.GridFilter>(() => (this.present.shown ? (this.present.shown.filter ?? EMPTY) : this.own));
  /** Another person's (the presenter's) filter is shown: changing it stops following. */
  fromPresenter = $derived.by(() => this.present.following);
  /** We present: followers see our filter. */
  presenting = $derived.by(() => this.present.active);
  cellFilterOn = $derived(f.hasCellFilter(this.current));
  active = $derived(f.isFilterActive(this.current));

  facts = $derived.by<f.CellFacts>(() => {
    const criteria = f.activeCriteria(this.current);
    if (criteria.length === 0) return f.NO_FACTS;
    const { view } = this.store;
    const doc = this.store.session.doc;
    const on = (c: f.CellCriterion) => criteria.includes(c);
    if (on('unsourced') || on('changed')) void this.#docTick;
    if (on('commented')) void view.commentsVersion;
    return {
      contested: on('contested') ? new Set(view.contestedKeys()) : f.NO_FACTS.contested,
      unsourced: on('unsourced') ? f.unsourcedCells(stancesMap(doc).entries(), readSourcesByCell(doc)) : f.NO_FACTS.unsourced,
      unverified: on('unverified') ? this.verifications.unverifiedKeys() : f.NO_FACTS.unverified,
      commented: on('commented') ? new Set(openCommentCounts(doc).keys()) : f.NO_FACTS.commented,
      changed:
        on('changed') && this.since?.id === this.current.since
          ? f.changedCells(
              this.since.data,
              untrack(() => view.data()),
            )
          : null,
    };
  });

  displayed = $derived.by(() => {
    const { view } = this.store;
    const sortIssue = this.current.sort?.issue;
    return f.displayAxes<AxisItem>({
      parties: view.parties,
      issues: view.issues,
      filter: this.current,
      facts: this.facts,
      value: (party, issue) => {
        if (issue !== sortIssue) return undefined;
        const stance = (this.asOf(cellKey(party, issue)) ?? view.cell(party, issue).value).stance;
        return stance === null ? undefined : (view.levels.get(stance)?.value ?? null);
      },
      opaque: (issue) => this.present.hides(issue),
      keep: this.current.collapse ? this.keep() : undefined,
    });
  });
  parties = $derived(this.displayed.parties);
  issues = $derived(this.displayed.issues);
  /** Matching cells shown (null: no cell filter). */
  matchCount = $derived(this.displayed.matches?.size ?? null);

  /** Follows the doc's changes, debounced (see REREAD_MS). */
  #docTick = $state.raw(0);
  #flags = new KeyedState(false);
  #flagged = new Set<string>();

  constructor(
    private readonly store: MatrixStore,
    private readonly present: Present,
    private readonly verifications: Verifications,
  ) {
    // One flag per cell, set only where it changes: a filter change repaints the cells it moved.
    $effect(() => {
      const now = this.displayed.matches ?? new Set<string>();
      untrack(() => {
        for (const key of new Set([...this.#flagged, ...now])) this.#flags.set(key, now.has(key));
        this.#flagged = now;
      });
    });
    $effect(() => {
      void this.store.view.docVersion;
      const timer = setTimeout(() => this.#docTick++, REREAD_MS);
      return () => clearTimeout(timer);
    });
    // Entering present mode puts our filter on the stage; while presenting, `set` keeps it there.
    // Not while following: entering present mode is no change of the filter, and must not stop it
    // (a follower's projector shows the presenter's filter; stopping copies it to our stage).
    $effect(() => {
      if (this.present.active && !untrack(() => this.present.following)) untrack(() => this.present.setFilter(this.#staged(this.own)));
    });
    // "Changed since": load the chosen snapshot (followers load the presenter's choice).
    $effect(() => {
      const id = this.current.show.includes('changed') ? this.current.since : null;
      if (id !== null && untrack(() => this.since?.id) !== id) untrack(() => void this.#loadSince(id));
    });
  }

  /** Does this cell match? A holder per cell (see KeyedState): read `.value` where shown. */
  matchFlag(key: string): { readonly value: boolean } {
    return this.#flags.at(key);
  }

  set(next: f.GridFilter): void {
    const { present } = this;
    const pruned = f.pruneFilter(next, this.store.view.parties, this.store.view.issues);
    if (present.following) present.stopFollowing();
    this.own = pruned;
    if (present.active) present.setFilter(this.#staged(pruned));
  }

  setCriterion = (c: f.CellCriterion, on: boolean) => this.set(f.setCriterion(this.current, c, on));
  setSince = (id: string | null) => this.set(f.setSince(this.current, id));
  setCollapse = (collapse: boolean) => this.set({ ...this.current, collapse });
  setHidden = (kind: AxisKind, id: string, hidden: boolean) => this.set(f.setHidden(this.current, kind, id, hidden));
  showAll = (kind: AxisKind) => this.set(f.showAll(this.current, kind));
  setSort = (sort: f.PartySort | null) => this.set({ ...this.current, sort });
  clear = () => this.set(f.clearFilter());

  hidden(kind: AxisKind): AxisItem[] {
    const ids = new Set(kind === 'parties' ? this.current.hiddenParties : this.current.hiddenIssues);
    return this.store.view.axis(kind).filter((i) => ids.has(i.id));
  }

  /** Is this axis shown in its stored order (nothing hidden, sorted or collapsed)? Moving by drag needs it. */
  storedOrder(kind: AxisKind): boolean {
    return (kind === 'parties' ? this.parties : this.issues).length === this.store.view.axis(kind).length && (kind === 'issues' || !this.current.sort);
  }

  /**
   * Where one step moves a party or issue as the grid shows it: the stored index (for
   * moveItem), null at the end, or why it cannot move (parties are sorted by a stance).
   */
  moveTarget(kind: AxisKind, id: string, delta: 1 | -1): number | null | string {
    if (kind === 'parties' && this.current.sort) return 'Parties are sorted by their stance: clear the sort to move them.';
    return f.neighbourIndex(this.store.view.axis(kind), kind === 'parties' ? this.parties : this.issues, id, delta);
  }

  toggle(): void {
    this.panelOpen = !this.panelOpen;
  }

  #staged(filter: f.GridFilter): f.GridFilter | null {
    return f.isFilterActive(filter) || filter.collapse || filter.since ? filter : null;
  }

  async #loadSince(id: string): Promise<void> {
    this.sinceError = null;
    try {
      const data = await getSnapshot(this.store.id, id, this.store.access.token);
      if (this.current.since === id) this.since = { id, name: data.snapshot.name, data };
    } catch (err) {
      if (this.current.since === id) this.sinceError = userMessage(err, 'Could not load that snapshot.');
    }
  }
}

export const filtersContext = defineContext<GridFilters>('grid filters');
