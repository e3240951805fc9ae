/**
 * Roles enforced by the server: what each share link may do over HTTP and the websocket,
 * read-only enforcement of raw frames, and the facilitator's lock.
 */
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import { addAxisItem, readAxis } from '../../shared/matrix.ts';
import { CloseCode } from '../../shared/protocol.ts';
import type { Role } from '../../shared/access.ts';
import { bearer, createMatrix, startServer, tempDataDir, type TestServer } from '../utils/server.ts';
import { connectClient, connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { accessMessages, syncFrame, updateFrom } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';

const ROLES: Role[] = ['viewer', 'editor', 'facilitator'];

const partyNames = (server: TestServer, id: string) => readAxis(server.rooms.get(id).doc, 'parties').map((p) => p.name);

async function request(server: TestServer, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = token ? bearer(token) : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  // Exports are files, not JSON: their body is kept as { text }.
  const json = res.headers.get('content-type')?.includes('application/json');
  return { status: res.status, body: (json ? JSON.parse(text) : { text }) as Record<string, any> };
}

describe('each role may do what it is allowed to, and nothing more', () => {
  it('over HTTP: viewers read and export, editors also snapshot and restore, facilitators also manage links and the lock', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Roles');
    const other = await createMatrix(server, 'Another matrix');
    const snap = await request(server, 'POST', `/api/matrices/${id}/snapshots`, tokens.facilitator, { name: 'base', createdBy: 'Ana' });
    expect(snap.status).toBe(201);
    const m = `/api/matrices/${id}`;
    // [method, path, body, status for viewer, editor, facilitator]; rotation last (it changes a token).
    const table: [string, string, unknown, number, number, number][] = [
      ['GET', m, undefined, 200, 200, 200],
      ['GET', `${m}/access`, undefined, 200, 200, 200],
      ['GET', `${m}/snapshots`, undefined, 200, 200, 200],
      ['GET', `${m}/snapshots/${snap.body.id}`, undefined, 200, 200, 200],
      ['GET', `${m}/compare?from=${snap.body.id}&to=current`, undefined, 200, 200, 200],
      ['GET', `${m}/export?format=csv`, undefined, 200, 200, 200],
      ['POST', `${m}/snapshots`, { name: 'again', createdBy: 'Ana' }, 403, 201, 201],
      ['POST', `${m}/snapshots/${snap.body.id}/restore`, undefined, 403, 201, 201],
      ['GET', `${m}/links`, undefined, 403, 403, 200],
      ['PUT', `${m}/lock`, { locked: false }, 403, 403, 200],
      ['POST', `${m}/links/viewer/rotate`, undefined, 403, 403, 200],
    ];
    for (const [method, path, body, ...expected] of table) {
      for (const [i, role] of ROLES.entries()) {
        const res = await request(server, method, path, tokens[role], body);
        expect(res.status, `${role} ${method} ${path}`).toBe(expected[i]);
        if (res.status === 403) expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('link') });
      }
      // No token, a malformed one, or another matrix's facilitator token: 401 on every route.
      for (const token of [null, 'not-a-token', other.tokens.facilitator]) {
        const res = await request(server, method, path, token, body);
        expect(res.status, `${String(token).slice(0, 12)} ${method} ${path}`).toBe(401);
        expect(res.body.error).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
      }
    }
    // The access endpoint names the role; links are only ever shown to the facilitator.
    expect((await request(server, 'GET', `${m}/access`, tokens.editor)).body).toEqual({ id, title: 'Roles', role: 'editor', locked: false });
    // An unknown matrix is a 404 before any token is looked at.
    expect((await request(server, 'GET', '/api/matrices/no-such-matrix/access', null)).status).toBe(404);
  });

  it('over HTTP the token is accepted only in the Authorization header, never as ?token= in the URL', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Tokens');
    const m = `/api/matrices/${id}`;
    for (const path of [m, `${m}/access`, `${m}/export?format=csv`, `${m}/snapshots`]) {
      // A valid token in the URL is refused, with a message saying where it goes instead ...
      const inUrl = await fetch(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${tokens.facilitator}`);
      expect(inUrl.status, path).toBe(401);
      expect(((await inUrl.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Bearer/);
      // ... and the same token in the header is accepted.
      expect((await request(server, 'GET', path, tokens.facilitator)).status, path).toBe(200);
    }
  });

  it('over the websocket: every role syncs and sees changes live; only editors and facilitators change the matrix', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Roles live');
    const clients = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await connectSynced(server.syncUrl, id, tokens[r])] as const)));
    for (const role of ROLES) {
      // The access message arrives right after the socket is accepted.
      await waitFor(() => clients[role]!.access.length > 0, { message: `access message for ${role}` });
      expect(clients[role]!.access[0]).toEqual({ role, locked: false });
      addAxisItem(clients[role]!.doc, 'parties', { name: `Party by ${role}` });
    }
    await waitFor(() => partyNames(server, id).length === 2 && clients.viewer!.access.some((a) => a.rejected), { message: 'two writes applied, one refused' });
    expect(partyNames(server, id).sort()).toEqual(['Party by editor', 'Party by facilitator']);
    expect(clients.viewer!.access.find((a) => a.rejected)).toEqual({ role: 'viewer', locked: false, rejected: { reason: 'read-only' } });
    expect(clients.editor!.access.some((a) => a.rejected) || clients.facilitator!.access.some((a) => a.rejected)).toBe(false);
    // The viewer receives the others' changes live, and stays connected.
    await waitFor(() => readAxis(clients.viewer!.doc, 'parties').filter((p) => p.name !== 'Party by viewer').length === 2, { message: 'viewer sees both' });
    expect(readAxis(clients.editor!.doc, 'parties').map((p) => p.name)).not.toContain('Party by viewer');
    expect(clients.viewer!.provider.wsconnected).toBe(true);
    expect(clients.viewer!.closes).toEqual([]);
  });
});

describe('read-only enforcement', () => {
  it("a viewer's raw update frame reaches neither the stored state nor other clients, and the viewer is told", async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ seedDemo: false, dataDir });
    const { id, tokens } = await createMatrix(server, 'Raw');
    const editor = await connectSynced(server.syncUrl, id, tokens.editor);
    const viewer = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.viewer}`);
    await waitFor(() => accessMessages(viewer.messages).length === 1);
    expect(accessMessages(viewer.messages)[0]).toEqual({ role: 'viewer', locked: false });

    // An empty step 2 (the normal reply of a client with nothing new) is dropped silently.
    viewer.ws.send(syncFrame(new Uint8Array([0, 0]), syncProtocol.messageYjsSyncStep2));
    const forged = updateFrom((doc) => addAxisItem(doc, 'parties', { name: 'Forged by a viewer' }));
    viewer.ws.send(syncFrame(forged, syncProtocol.messageYjsSyncStep2));
    viewer.ws.send(syncFrame(forged, syncProtocol.messageYjsUpdate));
    await waitFor(() => accessMessages(viewer.messages).length === 3, { message: 'two rejections' });
    expect(accessMessages(viewer.messages).slice(1)).toEqual([
      { role: 'viewer', locked: false, rejected: { reason: 'read-only' } },
      { role: 'viewer', locked: false, rejected: { reason: 'read-only' } },
    ]);

    // The same frame from an editor socket is applied: the frame itself is fine.
    const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    raw.ws.send(syncFrame(updateFrom((doc) => addAxisItem(doc, 'parties', { name: 'Sent by an editor' }))));
    await waitFor(() => readAxis(editor.doc, 'parties').length === 1, { message: 'the editor frame relayed' });
    expect(readAxis(editor.doc, 'parties').map((p) => p.name)).toEqual(['Sent by an editor']);
    expect(partyNames(server, id)).toEqual(['Sent by an editor']);
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);

    // Nor is it in SQLite: a restart on the same data dir does not have it.
    await server.close();
    const again = await startServer({ seedDemo: false, dataDir });
    expect(partyNames(again, id)).toEqual(['Sent by an editor']);
  });
});

describe('the lock', () => {
  it("locking drops an editor's writes and tells the editor; unlocking restores editing on the same socket", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Lock');
    const editor = await connectSynced(server.syncUrl, id, tokens.editor);
    const facilitator = await connectSynced(server.syncUrl, id, tokens.facilitator);
    const editorSocket = editor.provider.ws;
    const rawEditor = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);

    expect((await request(server, 'PUT', `/api/matrices/${id}/lock`, tokens.facilitator, { locked: true })).body).toEqual({ locked: true });
    await waitFor(() => editor.access.at(-1)?.locked === true && facilitator.access.at(-1)?.locked === true, { message: 'lock pushed' });
    expect(editor.access.at(-1)).toEqual({ role: 'editor', locked: true });
    expect((await request(server, 'GET', `/api/matrices/${id}/access`, tokens.editor)).body).toMatchObject({ role: 'editor', locked: true });

    // A write from an editor socket while locked is dropped, and that socket is told why.
    rawEditor.ws.send(syncFrame(updateFrom((doc) => addAxisItem(doc, 'parties', { name: 'Written while locked' }))));
    await waitFor(() => accessMessages(rawEditor.messages).some((a) => a.rejected), { message: 'editor told' });
    expect(accessMessages(rawEditor.messages).at(-1)).toEqual({ role: 'editor', locked: true, rejected: { reason: 'locked' } });
    // The facilitator still writes.
    addAxisItem(facilitator.doc, 'parties', { name: 'Facilitator while locked' });
    await waitFor(() => readAxis(editor.doc, 'parties').length === 1, { message: 'facilitator write relayed' });
    expect(partyNames(server, id)).toEqual(['Facilitator while locked']);

    expect((await request(server, 'PUT', `/api/matrices/${id}/lock`, tokens.facilitator, { locked: false })).body).toEqual({ locked: false });
    await waitFor(() => editor.access.at(-1)?.locked === false, { message: 'unlock pushed' });
    addAxisItem(editor.doc, 'parties', { name: 'Editor after unlock' });
    rawEditor.ws.send(syncFrame(updateFrom((doc) => addAxisItem(doc, 'parties', { name: 'Raw editor after unlock' }))));
    await waitFor(() => partyNames(server, id).length === 3, { message: 'editor writes applied after unlock' });
    expect(partyNames(server, id).sort()).toEqual(['Editor after unlock', 'Facilitator while locked', 'Raw editor after unlock']);
    // Same sockets throughout: no reconnect was needed.
    expect(editor.provider.ws).toBe(editorSocket);
    expect(editor.closes).toEqual([]);
    expect(rawEditor.ws.readyState).toBe(rawEditor.ws.OPEN);
  });

  it('the lock survives a restart', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ seedDemo: false, dataDir });
    const { id, tokens } = await createMatrix(first, 'Locked');
    expect((await request(first, 'PUT', `/api/matrices/${id}/lock`, tokens.facilitator, { locked: true })).status).toBe(200);
    await first.close();

    const second = await startServer({ seedDemo: false, dataDir });
    expect((await request(second, 'GET', `/api/matrices/${id}/access`, tokens.viewer)).body).toMatchObject({ locked: true });
    const editor = await connectSynced(second.syncUrl, id, tokens.editor);
    await waitFor(() => editor.access.length > 0);
    expect(editor.access[0]).toEqual({ role: 'editor', locked: true });
    addAxisItem(editor.doc, 'parties', { name: 'Dropped' });
    await waitFor(() => editor.access.some((a) => a.rejected?.reason === 'locked'), { message: 'editor told' });
    expect(partyNames(second, id)).toEqual([]);
  });

  it('a lock request needs { locked: boolean }', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    for (const body of [{}, { locked: 'yes' }, { locked: 1 }]) {
      const res = await request(server, 'PUT', `/api/matrices/${id}/lock`, tokens.facilitator, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid-body');
    }
    expect((await request(server, 'POST', `/api/matrices/${id}/lock`, tokens.facilitator, { locked: true })).status).toBe(405);
  });
});

describe('refused at the upgrade', () => {
  it('a missing, malformed or unknown token is refused with 4401 before any message, and the client stops retrying', async () => {
    const server = await startServer({ seedDemo: false });
    const { id } = await createMatrix(server);
    for (const query of ['', '?token=', '?token=short', `?token=${'A'.repeat(43)}`]) {
      const raw = await openRawSocket(`${server.syncUrl}/${id}${query}`);
      expect((await raw.closed).code, query).toBe(CloseCode.unauthorized);
      expect(raw.messages).toEqual([]);
    }
    const client = connectClient(server.syncUrl, id, null);
    await waitFor(() => client.closes.length > 0);
    expect(client.closes[0]?.code).toBe(CloseCode.unauthorized);
    // y-websocket treats 4400–4499 as permanent: no reconnect loop.
    expect(client.provider.shouldConnect).toBe(false);
    expect(server.rooms.size).toBe(0);
  });

  it('tokens of matrix A do not open matrix B', async () => {
    const server = await startServer({ seedDemo: false });
    const a = await createMatrix(server, 'A');
    const b = await createMatrix(server, 'B');
    for (const role of ROLES) {
      const raw = await openRawSocket(`${server.syncUrl}/${b.id}?token=${a.tokens[role]}`);
      expect((await raw.closed).code, role).toBe(CloseCode.unauthorized);
      expect((await request(server, 'GET', `/api/matrices/${b.id}`, a.tokens[role])).status).toBe(401);
    }
    // …while each opens its own.
    const own = await openRawSocket(`${server.syncUrl}/${b.id}?token=${b.tokens.viewer}`);
    await waitFor(() => accessMessages(own.messages).length === 1);
  });
});
