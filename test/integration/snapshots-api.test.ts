import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { isMatrixId } from '../../shared/ids.ts';
import { DEMO, SEEDED_DEMO_COUNTS, demoName } from '../unit/export-fixtures.ts';
import { setActor } from '../../shared/actor.ts';
import { addComment, readCellComments } from '../../shared/comments.ts';
import { readActivity } from '../../shared/history.ts';
import { addAxisItem, addSource, readMatrix, removeSource, renameAxisItem, setNote, setStance, updateSource } from '../../shared/matrix.ts';
import type { MatrixData } from '../../shared/schema.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import type { CompareResponse, SnapshotInfo, SnapshotView } from '../../shared/versions/snapshot.ts';
import { connectSynced } from '../utils/client.ts';
import { isToken, type ShareTokens } from '../../shared/access.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const base = (server: TestServer) => `${server.url}/api/matrices/${DEMO_MATRIX_ID}`;

/** Requests with the demo's editor link (editor+ is what snapshots and restore need). */
function asEditor(server: TestServer) {
  const auth = bearer(demoToken(server, 'editor'));
  return {
    async post(url: string, body?: unknown) {
      const res = await fetch(url, {
        method: 'POST',
        headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async getJson<T>(url: string): Promise<T> {
      const res = await fetch(url, { headers: auth });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

const snapshot = async (server: TestServer, name: string, createdBy = 'Ana') => {
  const res = await asEditor(server).post(`${base(server)}/snapshots`, { name, createdBy });
  expect(res.status).toBe(201);
  return res.body as unknown as SnapshotInfo;
};

describe('snapshots API', () => {
  it('takes, lists and opens named snapshots', async () => {
    const server = await startServer();
    const { post, getJson } = asEditor(server);
    const res = await post(`${base(server)}/snapshots`, { name: '  after   Jeddah ', note: 'Before the call.', createdBy: 'Ana' });
    expect(res.status).toBe(201);
    const first = res.body as unknown as SnapshotInfo;
    expect(first).toMatchObject({
      matrixId: DEMO_MATRIX_ID,
      name: 'after Jeddah',
      note: 'Before the call.',
      createdBy: 'Ana',
      counts: SEEDED_DEMO_COUNTS,
    });
    expect(Date.parse(first.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const second = await snapshot(server, 'second', 'Ben');

    const list = await getJson<{ snapshots: SnapshotInfo[] }>(`${base(server)}/snapshots`);
    expect(list.snapshots.map((s) => [s.id, s.name, s.createdBy])).toEqual([
      [second.id, 'second', 'Ben'],
      [first.id, 'after Jeddah', 'Ana'],
    ]);
    expect(Object.keys(list.snapshots[0]!).sort()).toEqual(['counts', 'createdAt', 'createdBy', 'id', 'matrixId', 'name', 'note']);

    const view = await getJson<SnapshotView>(`${base(server)}/snapshots/${first.id}`);
    const live = await getJson<MatrixData & { id: string }>(base(server));
    expect(view.snapshot).toEqual(first);
    expect(view.id).toBe(DEMO_MATRIX_ID);
    expect({ meta: view.meta, scale: view.scale, parties: view.parties, issues: view.issues, cells: view.cells }).toEqual({
      meta: live.meta,
      scale: live.scale,
      parties: live.parties,
      issues: live.issues,
      cells: live.cells,
    });
  });

  it('validates input and answers JSON errors', async () => {
    const server = await startServer();
    const { post } = asEditor(server);
    const cases: [Promise<{ status: number; body: Record<string, unknown> }>, number, string][] = [
      [post(`${base(server)}/snapshots`, { createdBy: 'Ana' }), 400, 'invalid-name'],
      [post(`${base(server)}/snapshots`, { name: '   ', createdBy: 'Ana' }), 400, 'invalid-name'],
      [post(`${base(server)}/snapshots`, { name: 'x'.repeat(201), createdBy: 'Ana' }), 400, 'invalid-name'],
      [post(`${base(server)}/snapshots`, { name: 'ok' }), 400, 'invalid-created-by'],
      [post(`${base(server)}/snapshots`, { name: 'ok', createdBy: 'A', note: 5 }), 400, 'invalid-note'],
      [post(`${server.url}/api/matrices/no-such-matrix/snapshots`, { name: 'ok', createdBy: 'A' }), 404, 'not-found'],
      [post(`${server.url}/api/matrices/BAD!/snapshots`, { name: 'ok', createdBy: 'A' }), 400, 'invalid-matrix-id'],
      [
        fetch(`${base(server)}/snapshots/nosuchsnapshot`, { headers: bearer(demoToken(server)) }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
        404,
        'snapshot-not-found',
      ],
      [
        fetch(`${base(server)}/snapshots`, { method: 'DELETE', headers: bearer(demoToken(server)) }).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
        405,
        'method-not-allowed',
      ],
      [
        fetch(`${base(server)}/compare?from=current`, { headers: bearer(demoToken(server)) }).then(async (r) => ({ status: r.status, body: await r.json() })),
        400,
        'invalid-version',
      ],
      [post(`${base(server)}/snapshots/nosuchsnapshot/restore`), 404, 'snapshot-not-found'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status, code).toBe(status);
      expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    }
    // Short name limit is 200 characters: exactly 200 is fine.
    expect((await post(`${base(server)}/snapshots`, { name: 'y'.repeat(200), createdBy: 'Ana' })).status).toBe(201);
  });

  it('compares two snapshots of the demo: exactly the changes made between them', async () => {
    const server = await startServer();
    const { getJson } = asEditor(server);
    const client = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    const jeddah = await snapshot(server, 'after Jeddah (11 March)');

    const doc = client.doc;
    const before = readMatrix(doc);
    const usCell = before.cells.find((c) => c.partyId === 'us' && c.issueId === 'ceasefire-30-day')!;
    const removed = usCell.sources[0]!;
    const edited = usCell.sources[1]!;
    const stanceBefore = (partyId: string, issueId: string) => before.cells.find((c) => c.partyId === partyId && c.issueId === issueId)?.stance ?? null;
    // The changes below must change something in the demo as it is coded.
    expect([stanceBefore('russia', 'ceasefire-30-day'), stanceBefore('china', 'nato'), stanceBefore('france', 'nato')]).not.toContain('rejects');
    expect(stanceBefore('china', 'nato')).not.toBe('opposes');
    expect(stanceBefore('france', 'nato')).not.toBe('supports');
    setStance(doc, 'russia', 'ceasefire-30-day', 'rejects');
    setStance(doc, 'china', 'nato', 'opposes'); // a newly coded cell
    const added = addSource(doc, 'russia', 'ceasefire-30-day', {
      quote: 'We will not accept a pause that helps Kyiv rearm.',
      speaker: 'Kremlin',
      addedBy: 'Ana',
    });
    removeSource(doc, removed.id);
    updateSource(doc, edited.id, { document: 'Corrected title' });
    setNote(doc, 'ukraine', 'energy-truce', 'Note rewritten after the call.');
    addAxisItem(doc, 'parties', { id: 'turkey', name: 'Turkey' });
    renameAxisItem(doc, 'issues', 'nato', 'NATO membership for Ukraine');
    // Every change has reached the server before the second snapshot is taken.
    await waitFor(
      () =>
        server.rooms.loaded(DEMO_MATRIX_ID)?.doc.getMap('parties').has('turkey') &&
        JSON.stringify(readMatrix(server.rooms.loaded(DEMO_MATRIX_ID)!.doc)) === JSON.stringify(readMatrix(doc)),
      {
        message: 'the server to have every change',
      },
    );
    const call = await snapshot(server, 'after the Trump–Putin call (18 March)', 'Ben');
    setStance(doc, 'france', 'nato', 'supports'); // after the second snapshot: must not appear

    const c = await getJson<CompareResponse>(`${base(server)}/compare?from=${jeddah.id}&to=${call.id}`);
    expect(c.from).toEqual({ kind: 'snapshot', id: jeddah.id, name: jeddah.name, createdAt: jeddah.createdAt, createdBy: 'Ana' });
    expect(c.to).toMatchObject({ kind: 'snapshot', id: call.id });
    expect(c.parties.added.map((p) => p.id)).toEqual(['turkey']);
    expect(c.parties.removed).toEqual([]);
    expect(c.issues.renamed).toEqual([{ id: 'nato', before: demoName('issues', 'nato'), after: 'NATO membership for Ukraine' }]);
    const summary = c.cells.map((x) => ({
      cell: `${x.partyId}|${x.issueId}`,
      stance: x.stance && [x.stance.before?.id ?? null, x.stance.after?.id ?? null],
      note: x.note && x.note.after,
      added: x.sourcesAdded.map((s) => s.id),
      removed: x.sourcesRemoved.map((s) => s.id),
      edited: x.sourcesEdited.map((s) => [s.id, s.fields]),
    }));
    expect(summary).toEqual([
      { cell: 'us|ceasefire-30-day', stance: null, note: null, added: [], removed: [removed.id], edited: [[edited.id, ['document']]] },
      { cell: 'russia|ceasefire-30-day', stance: [stanceBefore('russia', 'ceasefire-30-day'), 'rejects'], note: null, added: [added], removed: [], edited: [] },
      { cell: 'ukraine|energy-truce', stance: null, note: 'Note rewritten after the call.', added: [], removed: [], edited: [] },
      { cell: 'china|nato', stance: [stanceBefore('china', 'nato'), 'opposes'], note: null, added: [], removed: [], edited: [] },
    ]);
    expect(c.summary).toBe('4 cells changed, 1 new source, 1 source removed, 1 source edited, 1 party added, 1 issue renamed');

    // "current" is the live matrix: it also has the change made after the second snapshot.
    await waitFor(async () => (await getJson<CompareResponse>(`${base(server)}/compare?from=${call.id}&to=current`)).counts.cellsChanged === 1, {
      message: 'compare to current to show the later change',
    });
    const later = await getJson<CompareResponse>(`${base(server)}/compare?from=${call.id}&to=current`);
    expect(later.to).toEqual({ kind: 'current' });
    expect(later.cells.map((x) => [x.partyId, x.issueId, x.stance?.after?.label])).toEqual([['france', 'nato', 'Supports']]);
    const backwards = await getJson<CompareResponse>(`${base(server)}/compare?from=${call.id}&to=${jeddah.id}`);
    expect(backwards.parties.removed.map((p) => p.id)).toEqual(['turkey']);
  });

  it('restores a snapshot as a new matrix and leaves the original unchanged', async () => {
    const server = await startServer();
    const { post, getJson } = asEditor(server);
    const client = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    setActor(client.doc, { name: 'Ana' });
    setStance(client.doc, 'china', 'nato', 'sceptical'); // leaves a history entry
    const comment = addComment(client.doc, 'china', 'nato', 'Source for this?');
    await waitFor(() => server.rooms.loaded(DEMO_MATRIX_ID)?.doc.getMap('comments').has(comment), { message: 'the comment on the server' });
    const snap = await snapshot(server, 'after Jeddah');
    const atSnapshot = await getJson<MatrixData>(`${base(server)}/snapshots/${snap.id}`);
    setStance(client.doc, 'russia', 'ceasefire-30-day', 'rejects');
    await waitFor(() => server.rooms.loaded(DEMO_MATRIX_ID)?.doc.getMap('stances').get('russia|ceasefire-30-day') === 'rejects');
    const originalBefore = await getJson<MatrixData>(base(server));

    const res = await post(`${base(server)}/snapshots/${snap.id}/restore`);
    expect(res.status).toBe(201);
    const { id, title, tokens } = res.body as { id: string; title: string; tokens: ShareTokens };
    expect(title).toBe(`${DEMO.title} (after Jeddah)`);
    expect(isMatrixId(id)).toBe(true);
    expect(id).not.toBe(DEMO_MATRIX_ID);
    // The new matrix has links of its own: the source matrix's do not open it.
    expect(Object.values(tokens).every(isToken)).toBe(true);
    expect(Object.values(tokens)).not.toContain(demoToken(server, 'editor'));
    expect((await fetch(`${server.url}/api/matrices/${id}`, { headers: bearer(demoToken(server, 'facilitator')) })).status).toBe(401);

    const restored = (await (await fetch(`${server.url}/api/matrices/${id}`, { headers: bearer(tokens.viewer) })).json()) as MatrixData;
    expect(restored.meta.title).toBe(title);
    expect({ ...restored, meta: undefined, id: undefined, updatedAt: undefined }).toEqual({
      ...atSnapshot,
      meta: undefined,
      id: undefined,
      updatedAt: undefined,
      snapshot: undefined,
    });
    expect(restored.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance).toBe(
      atSnapshot.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance,
    );
    expect(atSnapshot.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance).not.toBe('rejects');

    const originalAfter = await getJson<MatrixData>(base(server));
    expect({ ...originalAfter, updatedAt: undefined }).toEqual({ ...originalBefore, updatedAt: undefined });
    expect(originalAfter.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')?.stance).toBe('rejects');

    const named = await post(`${base(server)}/snapshots/${snap.id}/restore`, { title: 'Jeddah baseline' });
    expect(named.body).toMatchObject({ title: 'Jeddah baseline' });
    const list = await getJson<{ matrices: { id: string }[] }>(`${server.url}/api/matrices`);
    expect(list.matrices.map((m) => m.id).sort()).toEqual([DEMO_MATRIX_ID, id, named.body.id].sort());
    expect((await post(`${base(server)}/snapshots/${snap.id}/restore`, { title: '' })).body.error).toMatchObject({ code: 'invalid-title' });

    // The restored matrix is a live matrix like any other, with the snapshot's history and comments.
    const other = await connectSynced(server.syncUrl, id, tokens.editor);
    expect(readTimelineData(other.doc).cells).toEqual(restored.cells);
    expect(readCellComments(other.doc, 'china', 'nato').map((t) => [t.root.id, t.root.text, t.root.author])).toEqual([[comment, 'Source for this?', 'Ana']]);
    expect(readActivity(other.doc).map((e) => [e.cell, e.after, e.by])).toEqual([['china|nato', 'sceptical', 'Ana']]);
  });
});
