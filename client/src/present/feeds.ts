import type { Awareness } from 'y-protocols/awareness';
import { AWARENESS_ROLE_FIELD, AWARENESS_STAGE_FIELD } from '../../../shared/access.ts';
import * as stage from '../../../shared/stage.ts';
import type { Stage } from '../../../shared/stage.ts';

/** A facilitator's stage as read from their awareness entry. */
export interface StageFeed {
  clientId: number;
  name: string;
  stage: Stage;
  seenAt: number;
}

/**
 * The facilitators' stages among everyone else's awareness entries (the server stamps each entry
 * with its role). An unchanged feed keeps its object, so nothing re-renders for someone else's
 * presence moving. Stages already there when we joined (`primed` false) rank by their own clock.
 */
export function readFeeds(awareness: Awareness, before: readonly StageFeed[], primed: boolean): StageFeed[] {
  const previous = new Map(before.map((f) => [f.clientId, f]));
  const feeds: StageFeed[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID || state?.[AWARENESS_ROLE_FIELD] !== 'facilitator') continue;
    const parsed = stage.parseStage(state[AWARENESS_STAGE_FIELD]);
    if (!parsed) continue;
    const user = state.user as { name?: unknown } | undefined;
    const name = typeof user?.name === 'string' && user.name.trim() ? user.name.slice(0, 80) : 'the facilitator';
    const old = previous.get(clientId);
    if (old && old.stage.at === parsed.at && old.name === name) {
      feeds.push(old);
      continue;
    }
    feeds.push({ clientId, name, stage: parsed, seenAt: old || primed ? performance.now() : 0 });
  }
  return feeds;
}
