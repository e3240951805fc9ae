/**
 * The facilitator's stage: what a presenting facilitator shows (spotlight, walk-through step,
 * reveal, scroll, timer). Published in the facilitator's awareness state under `stage`
 * (AWARENESS_STAGE_FIELD); the server strips it from everyone else's entries. Pure: the
 * client reads it with `parseStage` (never trusting it) and changes it only through the
 * helpers below, which return new values.
 */
import { ITEM_ID_PATTERN } from './ids.ts';
import { parseFilter, sameFilter, type GridFilter } from './filters.ts';

export const STAGE_VERSION = 1;

/** Longest timer a facilitator can set (a whole workshop day). */
export const MAX_TIMER_MS = 12 * 60 * 60 * 1000;
/** Issues revealed out of order; more than any matrix has columns on a screen. */
export const MAX_EXTRA_REVEALED = 500;
/** Present-mode zoom steps: negative = smaller type and more cells on screen, positive = larger type. */
export const MIN_ZOOM = -3;
export const MAX_ZOOM = 3;

export type Spotlight = { kind: 'issue'; issue: string } | { kind: 'party'; party: string } | { kind: 'cell'; party: string; issue: string };

/**
 * Revealed issues: everything when `all`, else those up to and including `through` in display
 * order (the furthest step of the walk-through, so stepping back keeps them revealed), plus
 * `extra` (revealed one by one with "Reveal column").
 */
export interface Reveal {
  through: string | null;
  extra: string[];
  all: boolean;
}

/** Running: `endsAt` (epoch ms) is set. Paused or reset: `remainingMs` is set. */
export interface Timer {
  durationMs: number;
  endsAt: number | null;
  remainingMs: number | null;
}

/** Scroll position as fractions of the scrollable range; null when that axis does not scroll. */
export interface StageScroll {
  x: number | null;
  y: number | null;
}

export interface Stage {
  v: typeof STAGE_VERSION;
  /** Epoch ms of the last change (picks the newest of several facilitators). */
  at: number;
  presenting: boolean;
  spotlight: Spotlight | null;
  /** The walk-through position: an issue id, or null before the first step. */
  step: string | null;
  /** null: every stance shows. */
  reveal: Reveal | null;
  scroll: StageScroll;
  timer: Timer | null;
  /**
   * The "as of" day (YYYY-MM-DD) the grid and analysis show, or null for now (live). Missing in a
   * stage from an older client: read as null.
   */
  asOf: string | null;
  /** The analysis view is on the projector instead of the grid. Missing: false. */
  analysis: boolean;
  /** The grid filter followers see (shared/filters.ts), or null for none. Missing: null. */
  filter: GridFilter | null;
  /** Projector zoom step, an integer MIN_ZOOM..MAX_ZOOM (0: the grid fits the screen). Missing: 0. */
  zoom: number;
}

export function emptyStage(at = 0): Stage {
  return {
    v: STAGE_VERSION,
    at,
    presenting: false,
    spotlight: null,
    step: null,
    reveal: null,
    scroll: { x: null, y: null },
    timer: null,
    asOf: null,
    analysis: false,
    filter: null,
    zoom: 0,
  };
}

// ---------- validation (a stage comes from another client: check everything) ----------

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && ITEM_ID_PATTERN.test(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isFraction = (v: unknown): v is number | null => v === null || (typeof v === 'number' && v >= 0 && v <= 1);

function parseSpotlight(v: unknown): Spotlight | null | undefined {
  if (v === null) return null;
  if (!isRec(v)) return undefined;
  if (v.kind === 'issue' && isId(v.issue)) return { kind: 'issue', issue: v.issue };
  if (v.kind === 'party' && isId(v.party)) return { kind: 'party', party: v.party };
  if (v.kind === 'cell' && isId(v.party) && isId(v.issue)) return { kind: 'cell', party: v.party, issue: v.issue };
  return undefined;
}

function parseReveal(v: unknown): Reveal | null | undefined {
  if (v === null) return null;
  if (!isRec(v) || typeof v.all !== 'boolean' || !(v.through === null || isId(v.through))) return undefined;
  const extra = v.extra;
  if (!Array.isArray(extra) || extra.length > MAX_EXTRA_REVEALED || !extra.every(isId)) return undefined;
  if (new Set(extra).size !== extra.length) return undefined;
  return { through: v.through, extra: [...extra], all: v.all };
}

function parseTimer(v: unknown): Timer | null | undefined {
  if (v === null) return null;
  if (!isRec(v)) return undefined;
  const { durationMs, endsAt, remainingMs } = v;
  if (!isTime(durationMs) || durationMs === 0 || durationMs > MAX_TIMER_MS) return undefined;
  const running = isTime(endsAt) && remainingMs === null;
  const paused = endsAt === null && isTime(remainingMs) && remainingMs <= durationMs;
  if (!running && !paused) return undefined;
  return { durationMs, endsAt: running ? endsAt : null, remainingMs: paused ? remainingMs : null };
}

/** A calendar day, null, or undefined when malformed (absent reads as null). */
function parseAsOf(v: unknown): string | null | undefined {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : undefined;
}

/**
 * A stage read from awareness, or null when it is missing or malformed in any part. The result
 * is a fresh object holding only the known fields (unknown ones are dropped).
 */
export function parseStage(value: unknown): Stage | null {
  if (!isRec(value) || value.v !== STAGE_VERSION || !isTime(value.at) || typeof value.presenting !== 'boolean') return null;
  if (!(value.step === null || isId(value.step))) return null;
  const spotlight = parseSpotlight(value.spotlight);
  const reveal = parseReveal(value.reveal);
  const timer = parseTimer(value.timer);
  const scroll = value.scroll;
  const asOf = parseAsOf(value.asOf);
  if (spotlight === undefined || reveal === undefined || timer === undefined || asOf === undefined) return null;
  if (!isRec(scroll) || !isFraction(scroll.x) || !isFraction(scroll.y)) return null;
  if (!(value.analysis === undefined || typeof value.analysis === 'boolean')) return null;
  const filter = value.filter === undefined || value.filter === null ? null : parseFilter(value.filter);
  if (filter === undefined) return null;
  const zoom = value.zoom === undefined ? 0 : value.zoom;
  if (!Number.isInteger(zoom) || (zoom as number) < MIN_ZOOM || (zoom as number) > MAX_ZOOM) return null;
  return {
    v: STAGE_VERSION,
    at: value.at,
    presenting: value.presenting,
    spotlight,
    step: value.step,
    reveal,
    scroll: { x: scroll.x, y: scroll.y },
    timer,
    asOf,
    analysis: value.analysis === true,
    filter,
    zoom: zoom as number,
  };
}

// ---------- spotlight and walk-through ----------

export type StepMove = 'next' | 'prev' | 'first' | 'last';

/** The issue a spotlight points at (its column, or the cell's column), or null for a party row. */
export function spotlightIssue(spotlight: Spotlight | null): string | null {
  return spotlight && spotlight.kind !== 'party' ? spotlight.issue : null;
}

/** Reveal advanced to include `issue` (the high-water mark only moves forward). */
function revealThrough(reveal: Reveal | null, issue: string | null, issueIds: readonly string[]): Reveal | null {
  if (!reveal || issue === null) return reveal;
  const to = issueIds.indexOf(issue);
  const from = reveal.through === null ? -1 : issueIds.indexOf(reveal.through);
  return to > from ? { ...reveal, through: issue } : reveal;
}

/**
 * Spotlights a column, row or cell. A spotlight on an issue (or a cell) makes it the current
 * step, but reveals nothing: a facilitator can point at a hidden column, ask for guesses, then
 * "Reveal column". Only the walk-through (stepIssue) reveals as it goes.
 */
export function setSpotlight(stage: Stage, spotlight: Spotlight | null, at: number): Stage {
  const step = spotlightIssue(spotlight) ?? stage.step;
  return { ...stage, at, spotlight, step };
}

/**
 * The walk-through: moves the step (and the spotlight) to the next / previous / first / last
 * issue column. From no step, next and prev both start at the first issue.
 */
export function stepIssue(stage: Stage, move: StepMove, issueIds: readonly string[], at: number): Stage {
  if (issueIds.length === 0) return stage;
  const current = stage.step === null ? -1 : issueIds.indexOf(stage.step);
  const last = issueIds.length - 1;
  let to: number;
  if (move === 'first') to = 0;
  else if (move === 'last') to = last;
  else if (current === -1) to = 0;
  else to = Math.max(0, Math.min(last, current + (move === 'next' ? 1 : -1)));
  const issue = issueIds[to]!;
  return { ...setSpotlight(stage, { kind: 'issue', issue }, at), reveal: revealThrough(stage.reveal, issue, issueIds) };
}

/**
 * Up/down: within the current issue column, through its cells (up from the first cell returns
 * to the column); without a current issue, through the party rows.
 */
export function moveParty(stage: Stage, delta: 1 | -1, partyIds: readonly string[], issueIds: readonly string[], at: number): Stage {
  if (partyIds.length === 0) return stage;
  const spot = stage.spotlight;
  const clamp = (i: number) => Math.max(0, Math.min(partyIds.length - 1, i));
  const issue = spot === null ? null : spotlightIssue(spot);
  if (issue !== null && issueIds.includes(issue)) {
    const row = spot?.kind === 'cell' ? partyIds.indexOf(spot.party) : -1;
    if (row <= 0 && delta === -1) return setSpotlight(stage, { kind: 'issue', issue }, at);
    return setSpotlight(stage, { kind: 'cell', party: partyIds[clamp(row + delta)]!, issue }, at);
  }
  const row = spot?.kind === 'party' ? partyIds.indexOf(spot.party) : -1;
  return setSpotlight(stage, { kind: 'party', party: partyIds[row === -1 ? 0 : clamp(row + delta)]! }, at);
}

/** How one cell relates to the spotlight: inside it, dimmed, or (no spotlight) undefined. */
export type CellMark = 'issue' | 'party' | 'cell' | 'dim' | undefined;

export function cellMark(spotlight: Spotlight | null, partyId: string, issueId: string): CellMark {
  if (!spotlight) return undefined;
  switch (spotlight.kind) {
    case 'issue':
      return spotlight.issue === issueId ? 'issue' : 'dim';
    case 'party':
      return spotlight.party === partyId ? 'party' : 'dim';
    case 'cell':
      return spotlight.party === partyId && spotlight.issue === issueId ? 'cell' : 'dim';
  }
}

/** A header is 'on' when its whole row/column is spotlighted, 'axis' when it labels the spotlighted cell. */
export type HeaderMark = 'on' | 'axis' | 'dim' | undefined;

export function headerMark(spotlight: Spotlight | null, kind: 'parties' | 'issues', id: string): HeaderMark {
  if (!spotlight) return undefined;
  const own = kind === 'issues' ? spotlight.kind === 'issue' && spotlight.issue === id : spotlight.kind === 'party' && spotlight.party === id;
  if (own) return 'on';
  if (spotlight.kind === 'cell' && (kind === 'issues' ? spotlight.issue : spotlight.party) === id) return 'axis';
  return 'dim';
}

// ---------- timeline and analysis ----------

/** Shows the matrix as of a day (YYYY-MM-DD), or live (null). A malformed day is refused as null. */
export function setStageAsOf(stage: Stage, asOf: string | null, at: number): Stage {
  const day = asOf === null ? null : (parseAsOf(asOf) ?? null);
  return day === stage.asOf ? stage : { ...stage, at, asOf: day };
}

export function setStageFilter(stage: Stage, filter: GridFilter | null, at: number): Stage {
  return sameFilter(filter, stage.filter) ? stage : { ...stage, at, filter };
}

export function setStageAnalysis(stage: Stage, analysis: boolean, at: number): Stage {
  return analysis === stage.analysis ? stage : { ...stage, at, analysis };
}

/** The projector zoom, clamped to MIN_ZOOM..MAX_ZOOM (an integer step). */
export function setStageZoom(stage: Stage, zoom: number, at: number): Stage {
  const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(zoom)));
  return z === stage.zoom ? stage : { ...stage, at, zoom: z };
}

// ---------- reveal ----------

/** Starts a reveal: every stance hidden, no spotlight, back before the first step. */
export function startReveal(stage: Stage, at: number): Stage {
  return { ...stage, at, spotlight: null, step: null, reveal: { through: null, extra: [], all: false } };
}

export function endReveal(stage: Stage, at: number): Stage {
  return { ...stage, at, reveal: null };
}

export function revealColumn(stage: Stage, issueId: string, at: number): Stage {
  const r = stage.reveal;
  if (!r || r.all || r.extra.includes(issueId) || r.extra.length >= MAX_EXTRA_REVEALED) return stage;
  return { ...stage, at, reveal: { ...r, extra: [...r.extra, issueId] } };
}

export function revealAll(stage: Stage, at: number): Stage {
  return stage.reveal ? { ...stage, at, reveal: { ...stage.reveal, all: true } } : stage;
}

/** The revealed issue ids, or null when nothing is hidden (no reveal, or all revealed). */
export function revealedIssues(reveal: Reveal | null, issueIds: readonly string[]): Set<string> | null {
  if (!reveal || reveal.all) return null;
  const through = reveal.through === null ? -1 : issueIds.indexOf(reveal.through);
  return new Set([...issueIds.slice(0, through + 1), ...reveal.extra]);
}

// ---------- timer ----------

export function startTimer(stage: Stage, durationMs: number, now: number): Stage {
  const ms = Math.round(Math.max(1000, Math.min(MAX_TIMER_MS, durationMs)));
  return { ...stage, at: now, timer: { durationMs: ms, endsAt: now + ms, remainingMs: null } };
}

export function timerRemaining(timer: Timer, now: number): number {
  return timer.endsAt !== null ? Math.max(0, timer.endsAt - now) : Math.max(0, timer.remainingMs ?? 0);
}

export function pauseTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  if (!t || t.endsAt === null) return stage;
  return { ...stage, at: now, timer: { ...t, endsAt: null, remainingMs: timerRemaining(t, now) } };
}

export function resumeTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  if (!t || t.remainingMs === null) return stage;
  return { ...stage, at: now, timer: { ...t, endsAt: now + t.remainingMs, remainingMs: null } };
}

/** Back to the full duration, paused. */
export function resetTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  return t ? { ...stage, at: now, timer: { ...t, endsAt: null, remainingMs: t.durationMs } } : stage;
}

export function clearTimer(stage: Stage, now: number): Stage {
  return stage.timer ? { ...stage, at: now, timer: null } : stage;
}

/** Shortest timer: anything shorter is a typo. */
export const MIN_TIMER_MS = 5000;

/**
 * A timer length typed by a facilitator: minutes ("5", "2.5", "2,5") or minutes:seconds
 * ("1:30"). Returns milliseconds, or null when it is not one of those or out of range.
 */
export function parseTimerInput(text: string): number | null {
  const t = text.trim();
  let ms: number;
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(t);
  if (clock) ms = (Number(clock[1]) * 60 + Number(clock[2])) * 1000;
  else if (/^\d{1,3}([.,]\d+)?$/.test(t)) ms = Math.round(Number(t.replace(',', '.')) * 60_000);
  else return null;
  return ms >= MIN_TIMER_MS && ms <= MAX_TIMER_MS ? ms : null;
}

/** "4:05", "0:09", "1:02:00": whole seconds, rounded up so 0:00 means time is up. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

// ---------- several facilitators ----------

export interface StageSource {
  clientId: number;
  stage: Stage;
  /** Local clock when this client saw the stage change (0 if it was already there when we joined). */
  seenAt: number;
}

/** The most recently changed stage: seen latest here, then by its own timestamp, then by client id. */
export function newestStage<T extends StageSource>(sources: readonly T[]): T | null {
  let best: T | null = null;
  for (const s of sources) {
    if (
      !best ||
      s.seenAt > best.seenAt ||
      (s.seenAt === best.seenAt && (s.stage.at > best.stage.at || (s.stage.at === best.stage.at && s.clientId > best.clientId)))
    ) {
      best = s;
    }
  }
  return best;
}

/** A scroll offset as a fraction of its range, or null when the axis does not scroll. */
export function scrollFraction(offset: number, scrollSize: number, clientSize: number): number | null {
  const range = scrollSize - clientSize;
  if (range < 2) return null;
  return Math.round(Math.max(0, Math.min(1, offset / range)) * 1000) / 1000;
}
