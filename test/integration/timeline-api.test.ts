/**
 * Issue 10 over the wire: the matrix in world time (`?asOf=`), the live analysis, clients from
 * before schema 2 refused with 4426, and a stored version-1 matrix migrated on load.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AnalysisResponse, MatrixResponse } from '../../shared/api.ts';
import { CloseCode, closeMessage } from '../../shared/close-codes.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { addAxisItem, addSource, initMatrix, metaMap, readMatrix, setNote, setStance } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { addPosition } from '../../shared/positions.ts';
import type { DemoTimeline } from '../../shared/timeline/demo.ts';
import { docSchemaVersion } from '../../shared/timeline/migrate.ts';
import { DEMO_TIMELINE_FILE } from '../../server/seed.ts';
import { Storage } from '../../server/storage.ts';
import { connectClient, connectSynced } from '../utils/client.ts';
import { bearer, createMatrix, demoToken, startServer, tempDataDir, type TestServer } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

const timeline = JSON.parse(fs.readFileSync(DEMO_TIMELINE_FILE, 'utf8')) as DemoTimeline;

async function getJson<T>(server: TestServer, path: string, token = demoToken(server, 'viewer')): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, { headers: bearer(token) });
  return { status: res.status, body: (await res.json()) as T };
}

const stanceOf = (m: MatrixResponse, party: string, issue: string) => m.cells.find((c) => c.partyId === party && c.issueId === issue)?.stance;

/** What the timeline file says a cell held at the end of `day` (undefined: not yet coded). */
function documented(party: string, issue: string, day: string): string | undefined {
  const cell = timeline.cells.find((c) => c.party === party && c.issue === issue);
  return cell?.positions.filter((p) => p.date <= day).at(-1)?.stance;
}

describe('the matrix in world time over HTTP', () => {
  it('gives each cell its dated positions and the demo at least 8 cells with two or more, and 5 events', async () => {
    const server = await startServer();
    const { status, body } = await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}`);
    expect(status).toBe(200);
    const moved = body.cells.filter((c) => (c.positions ?? []).filter((p) => p.date !== '').length >= 2);
    expect(moved.length).toBeGreaterThanOrEqual(8);
    expect(body.events?.map((e) => e.date)).toEqual(timeline.events.map((e) => e.date).sort());
    const russia = body.cells.find((c) => c.partyId === 'russia' && c.issueId === 'ceasefire-30-day')!;
    // The cell's stance is its latest position; every position names sources the cell has.
    expect(russia.positions!.map((p) => [p.date, p.stance])).toEqual(
      timeline.cells.find((c) => c.party === 'russia' && c.issue === 'ceasefire-30-day')!.positions.map((p) => [p.date, p.stance]),
    );
    expect(russia.stance).toBe(russia.positions!.at(-1)!.stance);
    expect(typeof russia.salience).toBe('number');
    for (const p of russia.positions!) {
      expect(p.sources.length).toBeGreaterThan(0);
      for (const id of p.sources) expect(russia.sources.map((s) => s.id)).toContain(id);
    }
  });

  it('?asOf= gives the positions the seeds document on 12 and on 20 March, and no timeline cell before the first date', async () => {
    const server = await startServer();
    for (const day of ['2025-03-12', '2025-03-20']) {
      const { status, body } = await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}?asOf=${day}`);
      expect(status).toBe(200);
      expect(body.asOf).toBe(day);
      for (const cell of timeline.cells)
        expect(stanceOf(body, cell.party, cell.issue), `${cell.party} × ${cell.issue} on ${day}`).toBe(documented(cell.party, cell.issue, day));
    }
    // Spelled out for the moves the issue names: Russia's "no comment" (12 Mar), then "yes, but".
    const on12 = (await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}?asOf=2025-03-12`)).body;
    const on20 = (await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}?asOf=2025-03-20`)).body;
    expect([stanceOf(on12, 'russia', 'ceasefire-30-day'), stanceOf(on20, 'russia', 'ceasefire-30-day')]).toEqual(['no-position', 'conditional']);
    expect([stanceOf(on12, 'russia', 'energy-truce'), stanceOf(on20, 'russia', 'energy-truce')]).toEqual(['no-position', 'supports']);
    expect(stanceOf(on12, 'ukraine', 'ceasefire-30-day')).toBe('supports');

    const first = timeline.cells.flatMap((c) => c.positions.map((p) => p.date)).sort()[0]!;
    const before = new Date(Date.parse(first) - 86_400_000).toISOString().slice(0, 10);
    const early = (await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}?asOf=${before}`)).body;
    for (const cell of timeline.cells) expect(stanceOf(early, cell.party, cell.issue)).toBeUndefined();
  });

  it('refuses a malformed or impossible day with 400 invalid-date', async () => {
    const server = await startServer();
    for (const bad of ['2025-3-12', '2025-02-30', 'yesterday', '']) {
      for (const path of [`/api/matrices/${DEMO_MATRIX_ID}`, `/api/matrices/${DEMO_MATRIX_ID}/analysis`]) {
        const { status, body } = await getJson<{ error: { code: string; message: string } }>(server, `${path}?asOf=${bad}`);
        expect([status, body.error.code], `${path}?asOf=${bad}`).toEqual([400, 'invalid-date']);
        expect(body.error.message).toMatch(/YYYY-MM-DD/);
      }
    }
  });
});

describe('the analysis endpoint', () => {
  it('analyses the demo; the figures agree with the matrix they come from', async () => {
    const server = await startServer();
    const { status, body } = await getJson<AnalysisResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}/analysis`);
    expect(status).toBe(200);
    const matrix = (await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}`)).body;
    expect(body.issues.map((i) => i.issueId).sort()).toEqual(matrix.issues.map((i) => i.id).sort());
    expect(body.pairs).toHaveLength((matrix.parties.length * (matrix.parties.length - 1)) / 2);
    expect(body.clusters).toBeTypeOf('object');
    expect(body.evidence).toBeTypeOf('object');
    // The 30-day ceasefire recomputed here from the cells: n, and the mean of the valued levels.
    const value = new Map(matrix.scale.map((l) => [l.id, l.value]));
    const stances = matrix.cells.filter((c) => c.issueId === 'ceasefire-30-day' && c.stance !== null).map((c) => c.stance!);
    const values = stances.map((s) => value.get(s)).filter((v): v is number => typeof v === 'number');
    const issue = body.issues.find((i) => i.issueId === 'ceasefire-30-day')!;
    expect(issue.n).toBe(stances.length);
    expect(issue.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
    // One pair's agreement by hand: mean of 1 − |a − b| / 6 over the issues both coded ordinally.
    const at = (party: string) =>
      new Map(matrix.cells.filter((c) => c.partyId === party && typeof value.get(c.stance ?? '') === 'number').map((c) => [c.issueId, value.get(c.stance!)!]));
    const [ua, ru] = [at('ukraine'), at('russia')];
    const shared = [...ua.keys()].filter((k) => ru.has(k));
    const pair = body.pairs.find((p) => [p.a, p.b].sort().join() === ['russia', 'ukraine'].join())!;
    expect(pair.n).toBe(shared.length);
    expect(pair.agreement).toBeCloseTo(shared.reduce((sum, k) => sum + 1 - Math.abs(ua.get(k)! - ru.get(k)!) / 6, 0) / shared.length, 10);
  });

  it('?asOf= analyses the matrix as it stood that day', async () => {
    const server = await startServer();
    const on12 = (await getJson<AnalysisResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}/analysis?asOf=2025-03-12`)).body;
    const on20 = (await getJson<AnalysisResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}/analysis?asOf=2025-03-20`)).body;
    const truce = (a: AnalysisResponse) => a.issues.find((i) => i.issueId === 'energy-truce')!.counts;
    // Russia: no public position on 12 March, supports the energy truce after the 18 March call.
    expect(truce(on20).supports! - truce(on12).supports!).toBeGreaterThanOrEqual(1);
    expect(truce(on12)['no-position']! - truce(on20)['no-position']!).toBeGreaterThanOrEqual(1);
  });

  it('follows an edit by a Yjs client: setStance, then a dated position', async () => {
    const server = await startServer();
    const url = `/api/matrices/${DEMO_MATRIX_ID}/analysis`;
    const before = (await getJson<AnalysisResponse>(server, url)).body;
    const count = (a: AnalysisResponse, level: string) => a.issues.find((i) => i.issueId === 'ceasefire-30-day')!.counts[level]!;
    const editor = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    setStance(editor.doc, 'russia', 'ceasefire-30-day', 'rejects');
    await waitFor(async () => count((await getJson<AnalysisResponse>(server, url)).body, 'rejects') === count(before, 'rejects') + 1, {
      message: 'the analysis to count the new stance',
    });

    addPosition(editor.doc, 'russia', 'ceasefire-30-day', { stance: 'supports', date: '2025-03-27', note: 'hypothetical' });
    await waitFor(
      async () => {
        const now = (await getJson<AnalysisResponse>(server, url)).body;
        return count(now, 'rejects') === count(before, 'rejects') && count(now, 'supports') === count(before, 'supports') + 1;
      },
      { message: 'the analysis to follow the new latest position' },
    );
    // As of 20 March the new position did not exist yet.
    const on20 = (await getJson<MatrixResponse>(server, `/api/matrices/${DEMO_MATRIX_ID}?asOf=2025-03-20`)).body;
    expect(stanceOf(on20, 'russia', 'ceasefire-30-day')).toBe('rejects');
  });
});

describe('schema version 2 on the sync endpoint', () => {
  it('closes a client without schema=2 (or another version) with 4426, and stores nothing it sent', async () => {
    const server = await startServer();
    const { id, tokens } = await createMatrix(server, 'Old clients');
    for (const schema of [null, '1', '3', 'two']) {
      const old = connectClient(server.syncUrl, id, tokens.editor, { schema, connect: false });
      // A version-1 client writing the grid the old way, before it connects.
      addAxisItem(old.doc, 'parties', { id: 'p-old', name: `Old party ${schema}` });
      old.provider.connect();
      await waitFor(() => old.closes.find((c) => c.code === CloseCode.outdatedClient), { message: `4426 for schema=${schema}` });
      expect(old.closes[0]).toEqual({ code: 4426, reason: 'This page is out of date; reload to continue' });
      expect(closeMessage(4426, old.closes[0]!.reason)).toBe('This page is out of date; reload to continue');
      old.destroy();
    }
    // Barrier: a current client syncs after the refused ones; had anything been applied, it would see it.
    const current = await connectSynced(server.syncUrl, id, tokens.editor);
    expect(readMatrix(current.doc).parties).toEqual([]);
    const body = (await getJson<MatrixResponse>(server, `/api/matrices/${id}`, tokens.viewer)).body;
    expect(body.parties).toEqual([]);
    expect(server.logs.join('\n')).toMatch(/refused sync: outdated client/);
  });
});

describe('a stored version-1 matrix', () => {
  it('migrates on load without loss: schemaVersion 2, stored, and every cell, source and note as before', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir, seedDemo: false });
    const { id, tokens } = await createMatrix(first, 'Version one');
    await first.close();

    // A version-1 document: no timeline roots, no schemaVersion; written straight into SQLite.
    const v1 = new Y.Doc();
    initMatrix(v1, { title: 'Version one' }, SEED_ORIGIN);
    metaMap(v1).delete('schemaVersion');
    addAxisItem(v1, 'parties', { id: 'p1', name: 'Party one' }, SEED_ORIGIN);
    addAxisItem(v1, 'issues', { id: 'i1', name: 'Issue one' }, SEED_ORIGIN);
    addAxisItem(v1, 'issues', { id: 'i2', name: 'Issue two' }, SEED_ORIGIN);
    setStance(v1, 'p1', 'i1', 'supports', SEED_ORIGIN);
    addSource(
      v1,
      'p1',
      'i1',
      { quote: 'We back it.', speaker: 'Speaker', document: 'Doc', date: '2025-03-11', link: 'https://example.org/a', addedBy: 'Analyst' },
      SEED_ORIGIN,
    );
    setNote(v1, 'p1', 'i2', 'Watch this one', SEED_ORIGIN);
    expect(docSchemaVersion(v1)).toBe(1);
    const before = readMatrix(v1);
    const storage = new Storage(dataDir);
    const { lastSeq } = storage.load(id);
    storage.compact(id, Y.encodeStateAsUpdate(v1), lastSeq, { title: 'Version one', parties: 1, issues: 2, coded: 1, sources: 1 });
    storage.close();

    const second = await startServer({ dataDir, seedDemo: false });
    const client = await connectSynced(second.syncUrl, id, tokens.editor);
    await waitFor(() => docSchemaVersion(client.doc) === 2, { message: 'the migration to reach the client' });
    const { meta, ...rest } = readMatrix(client.doc);
    const { meta: metaBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect({ ...meta, schemaVersion: 1 }).toEqual({ ...metaBefore, schemaVersion: 1 });
    const http = (await getJson<MatrixResponse>(second, `/api/matrices/${id}`, tokens.viewer)).body;
    expect(http.cells.find((c) => c.issueId === 'i1')!.positions!.map((p) => [p.date, p.stance])).toEqual([['', 'supports']]);
    client.destroy();
    await second.close();

    // Stored: a fresh load reads version 2 and the same content.
    const after = new Storage(dataDir);
    const doc = new Y.Doc();
    for (const u of after.load(id).updates) Y.applyUpdate(doc, u);
    after.close();
    expect(docSchemaVersion(doc)).toBe(2);
    const { meta: _m, ...stored } = readMatrix(doc);
    expect(stored).toEqual(restBefore);
  });
});
