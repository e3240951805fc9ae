/** Two awareness instances relaying to each other as the server would (no socket in unit tests). */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
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

/** Each end's awareness changes reach the other one synchronously. */
export function awarenessPair(): [FakeSessionEnd, FakeSessionEnd] {
  const a = end();
  const b = end();
  const relay = (from: Awareness, to: Awareness) =>
    from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) =>
      applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'relay'),
    );
  relay(a.awareness, b.awareness);
  relay(b.awareness, a.awareness);
  return [a, b];
}

export function destroyPair(pair: FakeSessionEnd[]): void {
  for (const { awareness } of pair) awareness.destroy();
}
