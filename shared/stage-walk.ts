/**
 * The facilitator's walk through the grid: the spotlight (an issue, a party or one cell), the
 * step from issue to issue, and the reveal (stances hidden until their column is shown). Pure
 * functions over a Stage (shared/stage.ts), each returning a new one.
 */
import { MAX_EXTRA_REVEALED, type Reveal, type Spotlight, type Stage } from './stage.ts';

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
