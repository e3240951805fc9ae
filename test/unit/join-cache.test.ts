/** The join cache: one encoding per document state; any update drops it. Awareness batching: leading edge, then one message per window. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMeta, setTitle } from '../../shared/matrix.ts';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { JoinCache, isEmptyStateVector } from '../../server/sync/join-cache.ts';
import { AwarenessBatch } from '../../server/sync/awareness-batch.ts';
import { waitFor } from '../utils/wait.ts';

describe('join cache', () => {
  it('encodes the full state once per document state, and again after any update', () => {
    const doc = new Y.Doc();
    setTitle(doc, 'First');
    const cache = new JoinCache(doc);
    let encodes = 0;
    const encode = () => (encodes++, Y.encodeStateAsUpdate(doc));
    const a = cache.fullStateReply(encode);
    expect(cache.fullStateReply(encode)).toBe(a);
    expect(encodes).toBe(1);
    setTitle(doc, 'Second');
    const joiner = new Y.Doc();
    Y.applyUpdate(joiner, cache.fullStateReply(encode));
    expect([encodes, readMeta(joiner).title]).toEqual([2, 'Second']);
    // The server's own transactions (load, history trim) change the state too.
    let step1s = 0;
    const step1 = () => cache.syncStep1(() => (step1s++, Y.encodeStateVector(doc)));
    step1();
    step1();
    setTitle(doc, 'Third', SERVER_ORIGIN);
    expect(Y.decodeStateVector(step1())).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(step1s).toBe(2);
    cache.destroy();
  });

  it('knows an empty state vector by its encoding', () => {
    expect(isEmptyStateVector(Y.encodeStateVector(new Y.Doc()))).toBe(true);
    const doc = new Y.Doc();
    setTitle(doc, 'x');
    expect(isEmptyStateVector(Y.encodeStateVector(doc))).toBe(false);
  });
});

describe('awareness batch', () => {
  it('sends the first change at once, then the changes of a window together, each id once', async () => {
    const sent: number[][] = [];
    const batch = new AwarenessBatch(20, (ids) => sent.push(ids));
    batch.add([1]);
    expect(sent).toEqual([[1]]);
    batch.add([2]);
    batch.add([3, 2]);
    expect(sent).toEqual([[1]]);
    await waitFor(() => sent.length === 2, { interval: 2 });
    expect(sent).toEqual([[1], [2, 3]]);
    // A change in the window after a batched send waits for that window too.
    batch.add([4]);
    await waitFor(() => sent.length === 3, { interval: 2 });
    expect(sent[2]).toEqual([4]);
    batch.destroy();
  });
});
