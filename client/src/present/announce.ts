import type { Spotlight, Stage } from '../../../shared/stage.ts';
import { revealedIssues } from '../../../shared/stage-walk.ts';
import { plural } from '../lib/plural.ts';
import type { MatrixView } from '../matrix/matrix-view.svelte.ts';
import { navOfSpotlight } from './nav.ts';

/** What a screen reader hears when the shown stage changes ("Spotlight: Ukraine. Revealed: Peacekeepers"), or ''. */
export function describeStageChange(before: Stage | null, after: Stage | null, view: MatrixView): string {
  const parts: string[] = [];
  const ids = view.issues.map((i) => i.id);
  const beforeSet = revealedIssues(before?.reveal ?? null, ids);
  const afterSet = revealedIssues(after?.reveal ?? null, ids);
  if (navOfSpotlight(before?.spotlight ?? null) !== navOfSpotlight(after?.spotlight ?? null)) {
    const spot = after?.spotlight ?? null;
    if (spot) parts.push(`Spotlight: ${spotlightLabel(spot, view, afterSet)}`);
    else if (before?.spotlight) parts.push('Spotlight cleared');
  }
  if (!beforeSet && afterSet) parts.push(before?.reveal ? 'Stances hidden again' : 'Reveal started: all stances hidden');
  else if (beforeSet && !afterSet) parts.push(after?.reveal?.all ? 'All stances revealed' : 'Reveal ended: all stances shown');
  else if (beforeSet && afterSet) {
    const names = view.issues.filter((i) => afterSet.has(i.id) && !beforeSet.has(i.id)).map((i) => i.name);
    if (names.length) parts.push(`Revealed: ${names.join(', ')}`);
  }
  return parts.join('. ');
}

/** "Ukraine", "Peacekeepers, issue 4 of 18", "Ukraine on Peacekeepers: Supports, 2 sources". */
export function spotlightLabel(spot: Spotlight, view: MatrixView, revealed: Set<string> | null): string {
  if (spot.kind === 'party') return view.party(spot.party)?.name ?? 'a party';
  const index = view.issues.findIndex((i) => i.id === spot.issue);
  const issue = view.issues[index]?.name ?? 'an issue';
  if (spot.kind === 'issue') return index === -1 ? issue : `${issue}, issue ${index + 1} of ${view.issues.length}`;
  const party = view.party(spot.party)?.name ?? 'a party';
  if (revealed && !revealed.has(spot.issue)) return `${party} on ${issue}: stance hidden`;
  const cell = view.cell(spot.party, spot.issue).value;
  const level = cell.stance === null ? undefined : view.levels.get(cell.stance);
  const stance = cell.stance === null ? 'not coded' : (level?.label ?? cell.stance);
  const n = cell.sources.length;
  return `${party} on ${issue}: ${stance}${n ? `, ${plural(n, 'source')}` : ''}`;
}
