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
