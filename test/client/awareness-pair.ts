/** Two awareness instances relaying to each other as the server would (no socket in unit tests). */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { AWARENESS_ROLE_FIELD, type Role } from '../../shared/access.ts';
import { Emitter } from '../../client/src/lib/emitter.ts';
import type { SessionEvents } from '../../client/src/matrix/session.svelte.ts';

export interface FakeSessionEnd {
  awareness: Awareness;
  events: Emitter<SessionEvents>;
  on: Emitter<SessionEvents>['on'];
}

function end(): FakeSessionEnd {
  const awareness = new Awareness(new Y.Doc());
  const events = new Emitter<SessionEvents>();
  return { awareness, events, on: (event, listener) => events.on(event, listener) };
}

/**
 * Each end's awareness changes reach the other one synchronously. `roles` stamps each end's
 * entries with its role, as the server does on the way (AWARENESS_ROLE_FIELD).
 */
export function awarenessPair(roles: [Role, Role] | null = null): [FakeSessionEnd, FakeSessionEnd] {
  const a = end();
  const b = end();
  const relay = (from: Awareness, to: Awareness, role: Role | undefined) =>
    from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const states = new Map([...from.getStates()].map(([id, state]) => [id, role ? { ...state, [AWARENESS_ROLE_FIELD]: role } : state]));
      applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed], states), 'relay');
    });
  relay(a.awareness, b.awareness, roles?.[0]);
  relay(b.awareness, a.awareness, roles?.[1]);
  return [a, b];
}

export function destroyPair(pair: FakeSessionEnd[]): void {
  for (const { awareness } of pair) awareness.destroy();
}
