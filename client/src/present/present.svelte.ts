import { untrack } from 'svelte';
import type { Awareness } from 'y-protocols/awareness';
import * as stage from '../../../shared/stage.ts';
import { sameFilter } from '../../../shared/filters.ts';
import type { Spotlight, Stage, Timer } from '../../../shared/stage.ts';
import * as walk from '../../../shared/stage-walk.ts';
import type { StepMove } from '../../../shared/stage-walk.ts';
import * as timer from '../../../shared/stage-timer.ts';
import { defineContext } from '../lib/context.ts';
import type { Access } from '../access/access.svelte.ts';
import type { MatrixView } from '../matrix/matrix-view.svelte.ts';
import type { Presence } from '../presence/presence.svelte.ts';
import { describeStageChange } from './announce.ts';
import { readFeeds, type StageFeed } from './feeds.ts';
import { navOfSpotlight, spotlightOf } from './nav.ts';
import { StagePublisher } from './stage-publisher.ts';

/**
 * Present mode and follow-me. `local` is this browser's own stage (what it presents; published
 * in awareness when this connection is a facilitator's); `feeds` are the facilitators' stages
 * of others. What the grid shows (`shown`) is the presenter's stage while following, else our
 * own while in present mode, else nothing (the plain grid).
 */
export class Present {
  /** The projector layout in this browser. */
  active = $state.raw(false);
  local = $state.raw<Stage>(stage.emptyStage());
  /** null: the role's default (viewers follow; editors and facilitators do not). */
  followChoice = $state.raw<boolean | null>(null);
  feeds = $state.raw<readonly StageFeed[]>([]);
  /** Text for the aria-live region. */
  announcement = $state.raw('');

  isFacilitator = $derived.by(() => this.access.isFacilitator);
  presenter = $derived(stage.newestStage(this.feeds.filter((f) => f.stage.presenting)));
  wantsToFollow = $derived.by(() => this.followChoice ?? this.access.role === 'viewer');
  following = $derived(this.wantsToFollow && this.presenter !== null);
  shown = $derived<Stage | null>(this.following ? this.presenter!.stage : this.active ? this.local : null);
  spotlight = $derived(this.shown?.spotlight ?? null);
  /** A primitive, so cells re-check their mark only when the spotlight really moved. */
  spotKey = $derived(navOfSpotlight(this.spotlight));
  /** The spotlight rebuilt from its key: a new object only when it moved, so cells stay quiet. */
  #spot = $derived(spotlightOf(this.spotKey));
  #issueIds = $derived.by(() => this.view.issues.map((i) => i.id));
  /** The parties and issues as the grid shows them (filtered, sorted), set by the page: the walk-through follows them. */
  shownAxes: { readonly parties: readonly { id: string }[]; readonly issues: readonly { id: string }[] } | null = null;
  #stepIssueIds = $derived.by(() => (this.shownAxes ?? this.view).issues.map((i) => i.id));
  #revealKey = $derived(revealKeyOf(this.shown?.reveal ?? null));
  /** Revealed issue ids during a reveal, or null when every stance shows. */
  revealed = $derived.by(() => {
    void this.#revealKey;
    const ids = this.#issueIds;
    return untrack(() => walk.revealedIssues(this.shown?.reveal ?? null, ids));
  });
  revealing = $derived(this.revealed !== null);
  /** The countdown everyone sees: our own as facilitator, else the newest facilitator's. */
  timer = $derived<Timer | null>(
    (this.isFacilitator ? this.local.timer : null) ?? stage.newestStage(this.feeds.filter((f) => f.stage.timer))?.stage.timer ?? null,
  );

  #publisher = new StagePublisher(
    () => this.published,
    (s) => this.presence.setStage(s),
  );
  #wentFullscreen = false;
  /** Set once the first awareness states of others arrived (stages seen before rank by their own clock). */
  #primed = false;
  #cleanup: (() => void)[] = [];

  constructor(
    private readonly view: MatrixView,
    private readonly access: Access,
    private readonly presence: Presence,
    private readonly awareness: Awareness,
  ) {
    // Untracked: awareness fires synchronously inside whatever effect set a local state.
    const onChange = () => untrack(() => this.#readFeeds());
    awareness.on('change', onChange);
    const onFullscreen = () => {
      // The browser's own Escape leaves full screen without a keydown reaching the page.
      if (!document.fullscreenElement && this.#wentFullscreen && this.active) this.leave();
    };
    // No document outside a browser (unit tests): no full screen to leave.
    if (typeof document !== 'undefined') {
      document.addEventListener('fullscreenchange', onFullscreen);
      this.#cleanup.push(() => document.removeEventListener('fullscreenchange', onFullscreen));
    }
    this.#cleanup.push(
      () => awareness.off('change', onChange),
      () => this.#publisher.destroy(),
    );
    this.#readFeeds();

    // Publish whenever what we would send changes (only facilitators' stages reach anyone).
    // Untracked: sending fires awareness events that read and write presence state.
    $effect(() => {
      void this.published;
      untrack(() => this.#publisher.schedule());
    });
    let before: Stage | null = null;
    $effect(() => {
      const now = this.shown;
      untrack(() => {
        const text = describeStageChange(before, now, view);
        before = now;
        if (text) this.announcement = text;
      });
    });
  }

  /** The stage this browser publishes, or null (not a facilitator, following someone, or nothing on). */
  published = $derived.by(() => {
    if (!this.isFacilitator) return null;
    // While following another facilitator, only our timer (if any) goes out.
    const s = this.following ? { ...this.local, presenting: false } : this.local;
    return s.presenting || s.timer ? s : null;
  });

  // ---------- present mode ----------

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.local = { ...this.local, presenting: true, at: Date.now() };
    const root = typeof document === 'undefined' ? null : document.documentElement;
    // Full screen may be refused (no user gesture, iframe, policy): present mode works without it.
    if (root && !document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().then(
        () => (this.#wentFullscreen = true),
        () => (this.#wentFullscreen = false),
      );
    }
  }

  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.local = { ...this.local, presenting: false, at: Date.now() };
    if (this.#wentFullscreen && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    this.#wentFullscreen = false;
  }

  toggle(): void {
    if (this.active) this.leave();
    else this.enter();
  }

  // ---------- follow ----------

  follow(): void {
    this.followChoice = true;
  }

  /** Stops following; our own stage starts where the presenter's was, so nothing jumps. */
  stopFollowing(): void {
    const from = this.following ? this.presenter!.stage : null;
    this.followChoice = false;
    if (from) this.local = { ...from, presenting: this.active, timer: this.local.timer, at: Date.now() };
  }

  /** Every spotlight / step / reveal action: taking the controls while following stops following. */
  #change(fn: (s: Stage, at: number) => Stage): void {
    if (this.following) this.stopFollowing();
    this.local = fn(this.local, Date.now());
  }

  setSpotlight(spot: Spotlight | null): void {
    this.#change((s, at) => walk.setSpotlight(s, spot, at));
  }

  /** A click in present mode: spotlight what was clicked, or clear it when it already is. */
  toggleSpotlight(spot: Spotlight): void {
    this.setSpotlight(navOfSpotlight(spot) === this.spotKey ? null : spot);
  }

  step(move: StepMove): void {
    this.#change((s, at) => walk.stepIssue(s, move, this.#stepIssueIds, at));
  }

  moveParty(delta: 1 | -1): void {
    this.#change((s, at) =>
      walk.moveParty(
        s,
        delta,
        (this.shownAxes ?? this.view).parties.map((p) => p.id),
        this.#stepIssueIds,
        at,
      ),
    );
  }

  startReveal(): void {
    this.#change((s, at) => walk.startReveal(s, at));
  }

  /** The current column ("Issue 3 of 18") while its stances are hidden: what "Reveal column" reveals. */
  hiddenCurrent = $derived.by(() => (this.currentIssue !== null && this.hides(this.currentIssue) ? this.currentIssue : null));

  revealColumn(): void {
    const target = this.hiddenCurrent;
    if (target) this.#change((s, at) => walk.revealColumn(s, target, at));
  }

  revealAll(): void {
    this.#change((s, at) => walk.revealAll(s, at));
  }

  endReveal(): void {
    this.#change((s, at) => walk.endReveal(s, at));
  }

  /** The "as of" day on our stage (what followers see while we present); null = now. */
  setAsOf(day: string | null): void {
    if (day === (this.following ? this.presenter!.stage.asOf : this.local.asOf)) return;
    this.#change((s, at) => stage.setStageAsOf(s, day, at));
  }

  /** The grid filter on our stage (client/src/filters: what followers see while we present). */
  setFilter(filter: Stage['filter']): void {
    if (sameFilter(filter, (this.following ? this.presenter!.stage : this.local).filter)) return;
    this.#change((s, at) => stage.setStageFilter(s, filter, at));
  }

  /** The analysis view on the projector instead of the grid. */
  setAnalysis(on: boolean): void {
    this.#change((s, at) => stage.setStageAnalysis(s, on, at));
  }

  /** The projector zoom shown (followers in present mode get the presenter's). */
  zoom = $derived(this.shown?.zoom ?? 0);

  /** One zoom step larger (+1: larger type, fewer cells on screen) or smaller (−1), or back to 0. */
  setZoom(zoom: number): void {
    this.#change((s, at) => stage.setStageZoom(s, zoom, at));
  }

  /** How a cell relates to the spotlight shown (read by every grid cell). */
  cellMark(partyId: string, issueId: string): walk.CellMark {
    return walk.cellMark(this.#spot, partyId, issueId);
  }

  headerMark(kind: 'parties' | 'issues', id: string): walk.HeaderMark {
    return walk.headerMark(this.#spot, kind, id);
  }

  /** Is this issue's stance hidden by a reveal in progress? */
  hides(issueId: string | null): boolean {
    return issueId !== null && this.revealed !== null && !this.revealed.has(issueId);
  }

  /** A click on a grid element (its data-nav) in present mode spotlights it; returns true when handled. */
  clickNav(nav: string | undefined): boolean {
    if (!this.active) return false;
    const spot = spotlightOf(nav);
    if (spot) this.toggleSpotlight(spot);
    return true;
  }

  /** The walk-through position shown (an issue id), or null. */
  get currentIssue(): string | null {
    return this.shown?.step ?? null;
  }

  // ---------- timer (facilitators; never stops following) ----------

  #timer(fn: (s: Stage, now: number) => Stage): void {
    this.local = fn(this.local, Date.now());
  }
  startTimer = (ms: number) => this.#timer((s, now) => timer.startTimer(s, ms, now));
  pauseTimer = () => this.#timer(timer.pauseTimer);
  resumeTimer = () => this.#timer(timer.resumeTimer);
  resetTimer = () => this.#timer(timer.resetTimer);
  clearTimer = () => this.#timer(timer.clearTimer);

  /** The facilitator's scroll position, sent throttled with the stage. */
  reportScroll(el: HTMLElement): void {
    this.#publisher.reportScroll(el);
  }

  // ---------- awareness ----------

  #readFeeds(): void {
    const feeds = readFeeds(this.awareness, this.feeds, this.#primed);
    if (this.awareness.getStates().size > 1) this.#primed = true;
    if (feeds.length === this.feeds.length && feeds.every((f, i) => f === this.feeds[i])) return;
    this.feeds = feeds;
  }

  destroy(): void {
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
    if (this.#wentFullscreen && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  }
}

function revealKeyOf(reveal: Stage['reveal']): string {
  return reveal ? `${reveal.all}|${reveal.through}|${reveal.extra.join(',')}` : '';
}

export const presentContext = defineContext<Present>('present');
