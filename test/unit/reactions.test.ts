import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { MessageType } from '../../shared/protocol.ts';
import { ReactionTable, encodeReactionFrame, parseReactionEvent, parseReactionRequest } from '../../shared/reactions.ts';

const cell = 'p1|i1';

describe('reaction messages', () => {
  it('round-trip through a frame of type 101', () => {
    const decoder = decoding.createDecoder(encodeReactionFrame({ t: 'toggle', cell, kind: 'question' }));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.reaction);
    expect(parseReactionRequest(decoding.readVarString(decoder))).toEqual({ t: 'toggle', cell, kind: 'question' });
  });

  it('refuse what is not a request: unknown kind, bad cell, short person key, garbage', () => {
    for (const json of [
      '{"t":"toggle","cell":"p1|i1","kind":"love"}',
      '{"t":"toggle","cell":"p1","kind":"agree"}',
      '{"t":"hello","person":"short"}',
      '{"t":"clear","cell":5}',
      '[1]',
      'not json',
    ]) {
      expect(parseReactionRequest(json), json).toBeNull();
    }
    expect(parseReactionRequest('{"t":"clear"}')).toEqual({ t: 'clear' });
  });

  it('keep only known kinds and positive counts from events', () => {
    expect(parseReactionEvent(JSON.stringify({ t: 'cell', cell, counts: { agree: 2, love: 3, question: -1 }, mine: ['agree', 'x'] }))).toEqual({
      t: 'cell',
      cell,
      counts: { agree: 2 },
      mine: ['agree'],
    });
    expect(parseReactionEvent('{"t":"nope"}')).toBeNull();
  });
});

describe('the reaction table', () => {
  it('holds one of each kind per person per cell, and toggles', () => {
    const table = new ReactionTable();
    expect(table.toggle('ana', cell, 'agree')).toBe(true);
    expect(table.toggle('ben', cell, 'agree')).toBe(true);
    expect(table.toggle('ana', cell, 'question')).toBe(true);
    expect(table.counts(cell)).toEqual({ agree: 2, question: 1 });
    expect(table.mine('ana', cell)).toEqual(['agree', 'question']);
    expect(table.toggle('ana', cell, 'agree')).toBe(false);
    expect(table.counts(cell)).toEqual({ agree: 1, question: 1 });
    expect(table.held('ana')).toBe(1);
    expect(table.people).toBe(2);
  });

  it('clears one cell or all, and forgets people who hold nothing', () => {
    const table = new ReactionTable();
    table.toggle('ana', cell, 'agree');
    table.toggle('ana', 'p1|i2', 'disagree');
    expect(table.clear(cell)).toEqual([cell]);
    expect(table.snapshot('ana')).toEqual({ counts: { 'p1|i2': { disagree: 1 } }, mine: { 'p1|i2': ['disagree'] } });
    expect(table.clear()).toEqual(['p1|i2']);
    expect(table.people).toBe(0);
    expect(table.clear()).toEqual([]);
  });
});
