import type { Spotlight } from '../../../shared/stage.ts';

/**
 * A spotlight as the grid's `data-nav` key of what it covers: "partyId|issueId" for a cell,
 * "partyId|" for a party row, "|issueId" for an issue column, '' for none. Primitive, so
 * comparing two spotlights is a string compare.
 */
export function navOfSpotlight(spot: Spotlight | null): string {
  if (!spot) return '';
  return spot.kind === 'issue' ? `|${spot.issue}` : spot.kind === 'party' ? `${spot.party}|` : `${spot.party}|${spot.issue}`;
}

/** The spotlight for a grid element's `data-nav` key, or null. */
export function spotlightOf(nav: string | undefined): Spotlight | null {
  if (!nav) return null;
  const at = nav.indexOf('|');
  if (at === -1) return null;
  const party = nav.slice(0, at);
  const issue = nav.slice(at + 1);
  if (party && issue) return { kind: 'cell', party, issue };
  if (party) return { kind: 'party', party };
  if (issue) return { kind: 'issue', issue };
  return null;
}
