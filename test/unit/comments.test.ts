import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, deleteAxisItem, undoScope } from '../../shared/matrix.ts';
import { setActor } from '../../shared/actor.ts';
import {
  MAX_COMMENT_LENGTH,
  addComment,
  commentsMap,
  deleteComment,
  editComment,
  openCommentCounts,
  readCellComments,
  setThreadResolved,
  threadsMap,
} from '../../shared/comments.ts';
import { MatrixError } from '../../shared/errors.ts';
import { LOCAL_ORIGIN } from '../../shared/origins.ts';
import { cellKey } from '../../shared/schema.ts';
import { recordUpdates, replicas, rng, shuffle, syncAll } from '../utils/docs.ts';

const P = 'ru';
const I = 'truce';
const KEY = cellKey(P, I);

/** `n` synced replicas with parties ru, ua and issues truce, nato; actors Ana, Ben, Cleo. */
function setup(n = 2): Y.Doc[] {
  const docs = replicas(n);
  const a = docs[0]!;
  addAxisItem(a, 'parties', { id: P, name: 'Russia' });
  addAxisItem(a, 'parties', { id: 'ua', name: 'Ukraine' });
  addAxisItem(a, 'issues', { id: I, name: 'Truce' });
  addAxisItem(a, 'issues', { id: 'nato', name: 'NATO' });
  syncAll(docs);
  docs.forEach((d, k) => setActor(d, { name: ['Ana', 'Ben', 'Cleo'][k] ?? `User ${k}`, id: `u${k}` }));
  return docs;
}

/** Each call to `tick` moves the clock one second, so comment times are distinct and ordered. */
let now = Date.parse('2025-03-20T10:00:00.000Z');
const tick = () => vi.setSystemTime((now += 1000));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  tick();
});
afterEach(() => {
  vi.useRealTimers();
});

const texts = (doc: Y.Doc, partyId = P, issueId = I) => readCellComments(doc, partyId, issueId).map((t) => [t.root.text, ...t.replies.map((r) => r.text)]);

describe('comments', () => {
  it('a comment keeps its trimmed text, author and time', () => {
    const [doc] = setup(1);
    const id = addComment(doc!, P, I, '  Is this really conditional?  ');
    const [thread] = readCellComments(doc!, P, I);
    expect(thread).toEqual({
      root: { id, cell: KEY, parent: null, author: 'Ana', authorId: 'u0', at: new Date(now).toISOString(), text: 'Is this really conditional?' },
      replies: [],
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    });
  });

  it('empty, overlong comments and comments on missing cells are refused', () => {
    const [doc] = setup(1);
    const refused = (fn: () => unknown, code: string) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(MatrixError);
        expect((err as MatrixError).code).toBe(code);
        return;
      }
      throw new Error('not refused');
    };
    refused(() => addComment(doc!, P, I, '   '), 'invalid-comment');
    refused(() => addComment(doc!, P, I, 'x'.repeat(MAX_COMMENT_LENGTH + 1)), 'invalid-comment');
    refused(() => addComment(doc!, 'nope', I, 'hello'), 'not-found');
    expect(addComment(doc!, P, I, ` ${'x'.repeat(MAX_COMMENT_LENGTH)} `)).toBeTruthy();
    const id = addComment(doc!, P, I, 'ok');
    refused(() => editComment(doc!, id, ''), 'invalid-comment');
    refused(() => editComment(doc!, 'missing', 'text'), 'not-found');
    expect(commentsMap(doc!).size).toBe(2);
  });

  it('replies go only to a root comment of the same cell', () => {
    const [doc] = setup(1);
    const root = addComment(doc!, P, I, 'root');
    tick();
    const reply = addComment(doc!, P, I, 'reply', { parent: root });
    expect(texts(doc!)).toEqual([['root', 'reply']]);
    expect(() => addComment(doc!, P, I, 'nested', { parent: reply })).toThrowError(/first comment of a thread/);
    expect(() => addComment(doc!, 'ua', I, 'elsewhere', { parent: root })).toThrowError(/same cell/);
    expect(() => addComment(doc!, P, I, 'orphan', { parent: 'missing' })).toThrowError(MatrixError);
    expect(commentsMap(doc!).size).toBe(2);
  });

  it('threads and replies are listed oldest first', () => {
    const [doc] = setup(1);
    const first = addComment(doc!, P, I, 'first thread');
    tick();
    const second = addComment(doc!, P, I, 'second thread');
    tick();
    addComment(doc!, P, I, 'reply to second', { parent: second });
    tick();
    addComment(doc!, P, I, 'reply to first', { parent: first });
    tick();
    addComment(doc!, P, I, 'another reply to first', { parent: first });
    addComment(doc!, 'ua', I, 'other cell');
    expect(texts(doc!)).toEqual([
      ['first thread', 'reply to first', 'another reply to first'],
      ['second thread', 'reply to second'],
    ]);
  });

  it('resolve and reopen record who did it; open counts follow', () => {
    const [a, b] = setup(2);
    const t1 = addComment(a!, P, I, 'one');
    tick();
    addComment(a!, P, I, 'two');
    addComment(a!, 'ua', 'nato', 'three');
    syncAll([a!, b!]);
    expect(openCommentCounts(b!)).toEqual(
      new Map([
        [KEY, 2],
        [cellKey('ua', 'nato'), 1],
      ]),
    );
    tick();
    setThreadResolved(b!, t1, true);
    expect(readCellComments(b!, P, I)[0]).toMatchObject({ resolved: true, resolvedBy: 'Ben', resolvedAt: new Date(now).toISOString() });
    expect(openCommentCounts(b!).get(KEY)).toBe(1);
    syncAll([a!, b!]);
    expect(readCellComments(a!, P, I)[0]!.resolved).toBe(true);
    setThreadResolved(a!, t1, false);
    expect(readCellComments(a!, P, I)[0]).toMatchObject({ resolved: false, resolvedBy: null });
    expect(threadsMap(a!).get(t1)).toMatchObject({ resolved: false, by: 'Ana' });
    expect(openCommentCounts(a!).get(KEY)).toBe(2);
  });

  it('only a whole thread can be resolved', () => {
    const [doc] = setup(1);
    const root = addComment(doc!, P, I, 'root');
    const reply = addComment(doc!, P, I, 'reply', { parent: root });
    expect(() => setThreadResolved(doc!, reply, true)).toThrowError(/whole thread/);
    expect(() => setThreadResolved(doc!, 'missing', true)).toThrowError(MatrixError);
  });

  it('a reply to a resolved thread reopens it, so the reply is not hidden', () => {
    const [doc] = setup(1);
    const root = addComment(doc!, P, I, 'root');
    setThreadResolved(doc!, root, true);
    expect(openCommentCounts(doc!).size).toBe(0);
    addComment(doc!, P, I, 'but wait', { parent: root });
    expect(readCellComments(doc!, P, I)[0]!.resolved).toBe(false);
    expect(openCommentCounts(doc!).get(KEY)).toBe(1);
  });

  it('editing replaces only the text: the author and time stay, editedAt is set', () => {
    const [a, b] = setup(2);
    const id = addComment(a!, P, I, 'Typo hree');
    const at = new Date(now).toISOString();
    syncAll([a!, b!]);
    tick();
    editComment(b!, id, ' Typo here ');
    const root = readCellComments(b!, P, I)[0]!.root;
    expect(root).toMatchObject({ text: 'Typo here', author: 'Ana', authorId: 'u0', at, editedAt: new Date(now).toISOString() });
    // Saving the same text again is not an edit.
    const updates = recordUpdates(b!);
    editComment(b!, id, 'Typo here');
    expect(updates).toHaveLength(0);
  });

  it('deleting a reply removes only it; deleting a root removes its replies and resolved state', () => {
    const [doc] = setup(1);
    const root = addComment(doc!, P, I, 'root');
    tick();
    const r1 = addComment(doc!, P, I, 'r1', { parent: root });
    tick();
    addComment(doc!, P, I, 'r2', { parent: root });
    const other = addComment(doc!, P, I, 'other thread');
    setThreadResolved(doc!, root, true);
    deleteComment(doc!, r1);
    expect(texts(doc!)).toEqual([['root', 'r2'], ['other thread']]);
    deleteComment(doc!, root);
    expect(texts(doc!)).toEqual([['other thread']]);
    expect([...commentsMap(doc!).keys()]).toEqual([other]);
    expect(threadsMap(doc!).size).toBe(0);
    expect(() => deleteComment(doc!, root)).toThrowError(/no longer exists/);
  });

  it('comments sync between replicas; concurrent comments and replies are all kept, in the same order', () => {
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const docs = setup(3);
      const [a, b, c] = docs as [Y.Doc, Y.Doc, Y.Doc];
      const root = addComment(a, P, I, 'Why supports?');
      syncAll(docs);
      const logs = docs.map((d) => recordUpdates(d));
      tick();
      addComment(b, P, I, 'Because of the 11 March statement', { parent: root });
      addComment(c, P, I, 'I doubt it', { parent: root });
      addComment(a, P, I, 'Separate question');
      setThreadResolved(c, root, true);
      const all = logs.flat();
      for (const d of docs) for (const u of shuffle(all, random)) Y.applyUpdate(d, u);
      const expected = JSON.stringify(readCellComments(a, P, I));
      for (const d of docs) expect(JSON.stringify(readCellComments(d, P, I))).toBe(expected);
      const threads = readCellComments(a, P, I);
      const why = threads.find((t) => t.root.id === root)!;
      expect(why.replies.map((r) => r.author).sort()).toEqual(['Ben', 'Cleo']);
      expect(why.resolved).toBe(true);
      expect(threads.map((t) => t.root.text).sort()).toEqual(['Separate question', 'Why supports?']);
      expect(openCommentCounts(b).get(KEY)).toBe(1);
    }
  });

  it('a reply to a thread deleted at the same time elsewhere is ignored by readers', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    const root = addComment(a, P, I, 'root');
    syncAll(docs);
    deleteComment(a, root);
    addComment(b, P, I, 'late reply', { parent: root });
    syncAll(docs);
    for (const d of docs) {
      expect(readCellComments(d, P, I)).toEqual([]);
      expect(openCommentCounts(d).size).toBe(0);
    }
  });

  it('deleting a party deletes the comments of its cells and nothing else', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    const root = addComment(a, P, I, 'on Russia');
    addComment(a, P, I, 'reply', { parent: root });
    setThreadResolved(a, root, true);
    addComment(a, P, 'nato', 'on Russia and NATO');
    addComment(a, 'ua', I, 'on Ukraine');
    syncAll(docs);
    deleteAxisItem(b, 'parties', P);
    syncAll(docs);
    for (const d of docs) {
      expect([...commentsMap(d).values()].map((c) => (c as { text: string }).text)).toEqual(['on Ukraine']);
      expect(threadsMap(d).size).toBe(0);
      expect(openCommentCounts(d)).toEqual(new Map([[cellKey('ua', I), 1]]));
    }
  });

  it('a comment added while its issue is deleted elsewhere is not counted', () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    deleteAxisItem(a, 'issues', 'nato');
    addComment(b, 'ua', 'nato', 'late');
    syncAll(docs);
    expect(openCommentCounts(a).size).toBe(0);
    expect(readCellComments(a, 'ua', 'nato').map((t) => t.root.text)).toEqual(['late']);
  });

  it("undo (UndoManager over undoScope) takes back one's own comment, not a colleague's", () => {
    const docs = setup(2);
    const [a, b] = docs as [Y.Doc, Y.Doc];
    const undo = new Y.UndoManager(undoScope(a), { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    addComment(a, P, I, 'mine');
    addComment(b, P, I, 'theirs');
    syncAll(docs);
    undo.undo();
    expect(texts(a)).toEqual([['theirs']]);
    undo.destroy();
  });
});
