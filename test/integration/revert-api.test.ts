/**
 * POST /api/matrices/:id/snapshots/:sid/revert: the snapshot's content written on top of the live
 * matrix as one change everyone receives, recorded in history, after a "Before revert" snapshot.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readActivity } from '../../shared/history.ts';
import { readCell, readMatrix, setNote, setStance } from '../../shared/matrix.ts';
import type { RevertResult, SnapshotInfo } from '../../shared/api.ts';
import { connectSynced } from '../utils/client.ts';
import { bearer, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const base = (server: TestServer) => `${server.url}/api/matrices/${DEMO_MATRIX_ID}`;

async function post(server: TestServer, path: string, role: 'viewer' | 'editor' | 'facilitator', body: unknown) {
  const res = await fetch(`${base(server)}${path}`, {
    method: 'POST',
    headers: { ...bearer(demoToken(server, role)), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('revert a matrix to a snapshot', () => {
  it('writes the snapshot on top of the live matrix, for everyone, in history, after a "Before revert" snapshot', async () => {
    const server = await startServer();
    const client = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    const taken = await post(server, '/snapshots', 'editor', { name: 'Morning', createdBy: 'Ana' });
    expect(taken.status).toBe(201);
    const original = readMatrix(client.doc);
    setStance(client.doc, 'china', 'nato', 'supports');
    setNote(client.doc, 'us', 'nato', 'Changed after the snapshot');
    const live = () => server.rooms.loaded(DEMO_MATRIX_ID)!.load();
    await waitFor(() => readCell(live(), 'china', 'nato').stance === 'supports' && readCell(live(), 'us', 'nato').note !== '');

    for (const role of ['viewer', 'editor'] as const) {
      expect((await post(server, `/snapshots/${taken.body.id as string}/revert`, role, {})).status).toBe(403);
    }
    expect((await post(server, '/snapshots/nope/revert', 'facilitator', {})).status).toBe(404);
    const res = await post(server, `/snapshots/${taken.body.id as string}/revert`, 'facilitator', { by: 'Fay' });
    expect(res.status).toBe(200);
    const result = res.body as unknown as RevertResult;
    expect(result.before.name).toBe('Before revert to Morning');
    expect(result.changed).toBeGreaterThanOrEqual(2);

    // The connected client receives it as an ordinary update; the content equals the snapshot's.
    await waitFor(() => readCell(client.doc, 'china', 'nato').stance === null);
    expect(readMatrix(client.doc)).toEqual(original);
    expect(readMatrix(live())).toEqual(original);
    const activity = readActivity(client.doc).slice(0, 5);
    expect(activity.some((e) => e.kind === 'stance' && e.cell === 'china|nato' && e.after === null && e.by === 'Fay')).toBe(true);
    expect(activity.some((e) => e.kind === 'note' && e.cell === 'us|nato' && e.by === 'Fay')).toBe(true);

    // The "before" snapshot holds the state that was replaced: reverting to it undoes the revert.
    const list = (await (await fetch(`${base(server)}/snapshots`, { headers: bearer(demoToken(server, 'viewer')) })).json()) as { snapshots: SnapshotInfo[] };
    expect(list.snapshots.map((s) => s.name)).toContain('Before revert to Morning');
    expect((await post(server, `/snapshots/${result.before.id}/revert`, 'facilitator', { by: 'Fay' })).status).toBe(200);
    await waitFor(() => readCell(client.doc, 'china', 'nato').stance === 'supports');
    expect(readCell(client.doc, 'us', 'nato').note).toBe('Changed after the snapshot');
    client.destroy();
  });

  it('an edit made concurrently (offline, not yet seen by the server) in another cell survives the revert', async () => {
    const server = await startServer();
    const a = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    const live = () => server.rooms.loaded(DEMO_MATRIX_ID)!.load();
    const taken = await post(server, '/snapshots', 'editor', { name: 'Base', createdBy: 'Ana' });
    setStance(a.doc, 'china', 'nato', 'supports');
    await waitFor(() => readCell(live(), 'china', 'nato').stance === 'supports');
    a.provider.disconnect();
    setStance(a.doc, 'poland', 'nato', 'opposes');
    expect((await post(server, `/snapshots/${taken.body.id as string}/revert`, 'facilitator', {})).status).toBe(200);
    expect(readCell(live(), 'china', 'nato').stance).toBe(null);
    a.provider.connect();
    await waitFor(() => readCell(a.doc, 'china', 'nato').stance === null);
    await waitFor(() => readCell(live(), 'poland', 'nato').stance === 'opposes');
    expect(readCell(a.doc, 'poland', 'nato').stance).toBe('opposes');
    a.destroy();
  });
});
