/** The page's reaction state over a fake session: hello on connect, counts per cell, own choices, refusals. */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { Emitter } from '../../client/src/lib/emitter.ts';
import type { SessionEvents } from '../../client/src/matrix/session.svelte.ts';
import { Reactions, chipText, describeCounts } from '../../client/src/reactions/reactions.svelte.ts';
import { parseReactionRequest, type ReactionRequest } from '../../shared/reactions.ts';

function fakeSession(open = true) {
  const events = new Emitter<SessionEvents>();
  const sent: ReactionRequest[] = [];
  const session = {
    open,
    on: <K extends keyof SessionEvents>(event: K, listener: (value: SessionEvents[K]) => void) => events.on(event, listener),
    send(frame: Uint8Array) {
      if (!session.open) return false;
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      sent.push(parseReactionRequest(decoding.readVarString(decoder))!);
      return true;
    },
  };
  return { session, events, sent };
}

describe('Reactions (page state)', () => {
  it('says hello on every connect, then follows the server: state, cell, refusal', () => {
    const { session, events, sent } = fakeSession();
    const reactions = new Reactions(session);
    expect(sent[0]).toMatchObject({ t: 'hello' });
    const person = (sent[0] as { person: string }).person;
    events.emit('connected', undefined);
    expect(sent[1]).toEqual({ t: 'hello', person });

    const a = reactions.countsOf('p|a');
    events.emit('reaction', { t: 'state', counts: { 'p|a': { agree: 2 }, 'p|b': { question: 1 } }, mine: { 'p|a': ['agree'] } });
    expect(a.value).toEqual({ agree: 2 });
    expect(reactions.mineOf('p|a').value).toEqual(['agree']);
    expect(reactions.cellsWithReactions).toBe(2);

    reactions.toggle('p|a', 'agree');
    expect(sent[2]).toEqual({ t: 'toggle', cell: 'p|a', kind: 'agree' });
    events.emit('reaction', { t: 'cell', cell: 'p|a', counts: { agree: 1 }, mine: [] });
    expect(a.value).toEqual({ agree: 1 });
    expect(reactions.mineOf('p|a').value).toEqual([]);

    // A fresh state (after a reconnect, or a clear) empties cells it no longer lists.
    events.emit('reaction', { t: 'state', counts: { 'p|b': { question: 1 } }, mine: {} });
    expect(a.value).toEqual({});
    expect(reactions.cellsWithReactions).toBe(1);

    events.emit('reaction', { t: 'refused', reason: 'rate', message: 'Too many reactions too fast.' });
    expect(reactions.message).toBe('Too many reactions too fast.');
    reactions.destroy();
  });

  it('says so when offline instead of losing the click silently', () => {
    const { session } = fakeSession(false);
    const reactions = new Reactions(session);
    expect(reactions.message).toBeNull();
    reactions.toggle('p|a', 'question');
    expect(reactions.message).toMatch(/Offline/);
  });

  it('spells counts out for the cell name and the chip', () => {
    expect(describeCounts({ agree: 2, disagree: 1 })).toBe('2 agree, 1 disagree');
    expect(chipText({ agree: 2, question: 3 })).toBe('✓2 ?3');
    expect(chipText({})).toBe('');
  });
});
