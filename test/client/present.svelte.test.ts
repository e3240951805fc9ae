import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { Role } from '../../shared/access.ts';
import { addAxisItem } from '../../shared/matrix.ts';
import { Access } from '../../client/src/access/access.svelte.ts';
import { MatrixView } from '../../client/src/matrix/matrix-view.svelte.ts';
import { Presence } from '../../client/src/presence/presence.svelte.ts';
import { Present } from '../../client/src/present/present.svelte.ts';
import { replicas } from '../utils/docs.ts';
import { awarenessPair, destroyPair, type FakeSessionEnd } from './awareness-pair.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

function open(end: FakeSessionEnd, doc: Y.Doc, role: Role): Present {
  const presence = new Presence(end);
  let present!: Present;
  // Present publishes from $effects: it lives in an effect root, as in a component.
  const stop = $effect.root(() => {
    present = new Present(new MatrixView(doc), new Access('token', { role }), presence, end.awareness);
  });
  cleanups.push(() => {
    present.destroy();
    stop();
    presence.destroy();
  });
  return present;
}

/** A facilitator and another person on one matrix with two issues. */
function setup(other: Role = 'viewer') {
  const [doc] = replicas(1) as [Y.Doc];
  addAxisItem(doc, 'parties', { name: 'Ukraine' });
  const issues = ['Ceasefire', 'Energy truce'].map((name) => addAxisItem(doc, 'issues', { name })) as [string, string];
  const pair = awarenessPair(['facilitator', other]);
  cleanups.push(() => destroyPair(pair));
  const facilitator = open(pair[0], doc, 'facilitator');
  const them = open(pair[1], doc, other);
  flushSync();
  return { pair, facilitator, them, issues };
}

describe('Present: present mode and follow-me', () => {
  it("a viewer follows the facilitator's spotlight and hears it announced", async () => {
    const { facilitator, them, issues } = setup();
    expect(them.following).toBe(false);
    facilitator.enter();
    facilitator.setSpotlight({ kind: 'issue', issue: issues[1] });
    flushSync();
    await vi.waitFor(() => expect(them.spotlight).toEqual({ kind: 'issue', issue: issues[1] }));
    expect(them.following).toBe(true);
    expect(them.presenter?.name).toBe('Anonymous');
    flushSync();
    expect(them.announcement).toBe('Spotlight: Energy truce, issue 2 of 2');
    expect(them.cellMark('any', issues[1])).toBe('issue');
  });

  it('hides every stance from the follower during a reveal until the facilitator reveals all', async () => {
    const { facilitator, them, issues } = setup();
    facilitator.enter();
    facilitator.startReveal();
    flushSync();
    await vi.waitFor(() => expect(them.hides(issues[0])).toBe(true));
    expect(them.hides(issues[1])).toBe(true);
    facilitator.revealAll();
    flushSync();
    await vi.waitFor(() => expect(them.hides(issues[0])).toBe(false));
    expect(them.revealing).toBe(false);
  });

  it("an editor does not follow by default, and one who stops following keeps the presenter's view", async () => {
    const { facilitator, them, issues } = setup('editor');
    facilitator.enter();
    facilitator.setSpotlight({ kind: 'issue', issue: issues[0] });
    flushSync();
    await vi.waitFor(() => expect(them.presenter).not.toBeNull());
    expect(them.following).toBe(false);
    them.follow();
    expect(them.spotlight).toEqual({ kind: 'issue', issue: issues[0] });
    them.stopFollowing();
    expect(them.following).toBe(false);
    expect(them.local.spotlight).toEqual({ kind: 'issue', issue: issues[0] });
  });

  it("never publishes a viewer's own stage", async () => {
    const { pair, facilitator, them } = setup('viewer');
    them.enter();
    them.startTimer(60_000);
    flushSync();
    // Barrier: a facilitator's change that does arrive, after the viewer's would have.
    facilitator.startTimer(30_000);
    flushSync();
    await vi.waitFor(() => expect(them.timer?.durationMs).toBe(30_000));
    expect(pair[1].awareness.getLocalState()?.stage).toBeUndefined();
    expect(facilitator.feeds).toEqual([]);
  });
});
