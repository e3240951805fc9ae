/**
 * History, contested stances and comments between three real y-websocket clients and the real
 * server: concurrent writes to one cell leave a contested cell with both entries everywhere;
 * history survives a restart and the compaction that trims it; comments travel live.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, readCell, setStance } from '../../shared/matrix.ts';
import { setActor } from '../../shared/actor.ts';
import { contestedCells, readCellHistory, readContested, historyArray } from '../../shared/history.ts';
import { addComment, readCellComments, openCommentCounts } from '../../shared/comments.ts';
import { cellKey } from '../../shared/schema.ts';
import { createMatrix, startServer, tempDataDir, type CreatedMatrix } from '../utils/server.ts';
import { connectSynced, type TestClient } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';

const state = (c: TestClient) => Buffer.from(Y.encodeStateVector(c.doc)).toString('hex');

async function threeClients(syncUrl: string, { id, tokens }: CreatedMatrix) {
  const clients = [
    await connectSynced(syncUrl, id, tokens.editor),
    await connectSynced(syncUrl, id, tokens.editor),
    await connectSynced(syncUrl, id, tokens.facilitator),
  ] as const;
  ['Ana', 'Ben', 'Cleo'].forEach((name, i) => setActor(clients[i]!.doc, { name, id: `user-${i}` }));
  return clients;
}

describe('history, contested cells and comments across clients', () => {
  it('concurrent stance writes from two offline clients make a contested cell with both entries on all three', async () => {
    const server = await startServer({ seedDemo: false });
    const matrix = await createMatrix(server, 'Contested');
    const [a, b, c] = await threeClients(server.syncUrl, matrix);
    const party = addAxisItem(a.doc, 'parties', { name: 'Russia' });
    const issue = addAxisItem(a.doc, 'issues', { name: 'Truce' });
    setStance(a.doc, party, issue, 'open');
    await waitFor(() => readCell(b.doc, party, issue).stance === 'open' && readCell(c.doc, party, issue).stance === 'open', { message: 'base everywhere' });

    a.provider.disconnect();
    b.provider.disconnect();
    setStance(a.doc, party, issue, 'supports');
    setStance(b.doc, party, issue, 'rejects');
    a.provider.connect();
    b.provider.connect();

    for (const client of [a, b, c]) {
      await waitFor(() => readContested(client.doc, party, issue)?.candidates.length === 2, { message: 'contested on every client' });
    }
    await waitFor(() => state(a) === state(b) && state(b) === state(c), { message: 'same state everywhere' });
    for (const client of [a, b, c]) {
      const contested = readContested(client.doc, party, issue)!;
      expect(contested.candidates.map((x) => [x.stance, x.by]).sort()).toEqual([
        ['rejects', 'Ben'],
        ['supports', 'Ana'],
      ]);
      const history = readCellHistory(client.doc, party, issue).filter((e) => e.kind === 'stance');
      expect(history.map((e) => e.after).sort()).toEqual(['open', 'rejects', 'supports']);
      expect(contestedCells(client.doc)).toEqual([cellKey(party, issue)]);
    }
    // The server holds the same: one value shown (last writer wins), the other still a candidate.
    const serverDoc = server.rooms.loaded(matrix.id)!.doc;
    expect(['supports', 'rejects']).toContain(readCell(serverDoc, party, issue).stance);
    expect(readContested(serverDoc, party, issue)?.candidates).toHaveLength(2);

    // A third participant confirms one value: contested clears everywhere.
    setStance(c.doc, party, issue, 'supports');
    for (const client of [a, b, c]) await waitFor(() => readContested(client.doc, party, issue) === null, { message: 'resolved' });
  });

  it('history (and a contested cell) survive a server restart on the same data dir, compaction included', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ seedDemo: false, dataDir });
    const matrix = await createMatrix(first, 'Restart');
    const [a, b] = await threeClients(first.syncUrl, matrix);
    const party = addAxisItem(a.doc, 'parties', { name: 'P' });
    const issue = addAxisItem(a.doc, 'issues', { name: 'I' });
    setStance(a.doc, party, issue, 'open');
    await waitFor(() => readCell(b.doc, party, issue).stance === 'open');
    a.provider.disconnect();
    setStance(a.doc, party, issue, 'supports');
    setStance(b.doc, party, issue, 'opposes');
    a.provider.connect();
    await waitFor(() => readContested(a.doc, party, issue) !== null && readContested(b.doc, party, issue) !== null, { message: 'contested before restart' });
    const before = historyArray(a.doc).toJSON();
    first.rooms.loaded(matrix.id)!.compact(); // runs trimHistory; 4 entries are far below the cap
    await first.close();

    const second = await startServer({ seedDemo: false, dataDir });
    const fresh = await connectSynced(second.syncUrl, matrix.id, matrix.tokens.editor);
    expect(historyArray(fresh.doc).toJSON()).toEqual(before);
    expect(readCellHistory(fresh.doc, party, issue).map((e) => e.by)).toContain('Ben');
    expect(
      readContested(fresh.doc, party, issue)
        ?.candidates.map((x) => x.stance)
        .sort(),
    ).toEqual(['opposes', 'supports']);
  });

  it('compaction trims the history beyond 5000 entries (the stored state is bounded)', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ seedDemo: false, dataDir });
    const matrix = await createMatrix(first, 'Long history');
    const a = await connectSynced(first.syncUrl, matrix.id, matrix.tokens.editor);
    const party = addAxisItem(a.doc, 'parties', { name: 'P' });
    const issue = addAxisItem(a.doc, 'issues', { name: 'I' });
    a.doc.transact(() => {
      for (let i = 0; i < 5100; i++) setStance(a.doc, party, issue, i % 2 ? 'open' : 'supports');
    });
    await waitFor(() => historyArray(first.rooms.loaded(matrix.id)!.doc).length === 5100, { message: 'all entries on the server' });
    first.rooms.loaded(matrix.id)!.compact();
    await first.close();
    const second = await startServer({ seedDemo: false, dataDir });
    const fresh = await connectSynced(second.syncUrl, matrix.id, matrix.tokens.editor);
    expect(historyArray(fresh.doc).length).toBe(5000);
    expect(readCell(fresh.doc, party, issue).stance).toBe('open');
    // 5,100 stance writes (each reading the cell's heads) plus the guard and compaction: allow a busy machine time.
  }, 120_000);

  it('a comment posted by one client reaches the others live', async () => {
    const server = await startServer({ seedDemo: false });
    const matrix = await createMatrix(server, 'Comments');
    const [a, b, c] = await threeClients(server.syncUrl, matrix);
    const party = addAxisItem(a.doc, 'parties', { name: 'P' });
    const issue = addAxisItem(a.doc, 'issues', { name: 'I' });
    await waitFor(() => c.doc.getMap('issues').size === 1);
    const root = addComment(b.doc, party, issue, 'Is this quote from the 12 March briefing?');
    for (const client of [a, c]) {
      await waitFor(() => readCellComments(client.doc, party, issue).length === 1, { message: 'comment arrives' });
      const [thread] = readCellComments(client.doc, party, issue);
      expect(thread!.root).toMatchObject({ id: root, author: 'Ben', authorId: 'user-1', text: 'Is this quote from the 12 March briefing?' });
      expect(openCommentCounts(client.doc).get(cellKey(party, issue))).toBe(1);
    }
    addComment(a.doc, party, issue, 'Yes, checked.', { parent: root });
    await waitFor(() => readCellComments(c.doc, party, issue)[0]?.replies.length === 1, { message: 'reply arrives' });
  });
});
