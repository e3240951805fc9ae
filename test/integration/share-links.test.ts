/**
 * Share links: rotation and revocation, the create token, what the database holds, the demo's
 * derived links and the migration of matrices stored before share links.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addAxisItem, countMatrix, initMatrix, readAxis } from '../../shared/matrix.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { isToken, type ShareTokens } from '../../shared/access.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { bearer, createMatrix, startServer, tempDataDir, type TestServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { accessMessages } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';

const CREATE_TOKEN = 'operator-create-token-0123456789';

async function call(server: TestServer, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(server.url + urlPath, { method, headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const rotate = (server: TestServer, id: string, role: string, facilitator: string) =>
  call(server, 'POST', `/api/matrices/${id}/links/${role}/rotate`, bearer(facilitator));
const links = async (server: TestServer, id: string, facilitator: string) =>
  (await call(server, 'GET', `/api/matrices/${id}/links`, bearer(facilitator))).body.tokens as ShareTokens;

describe('link rotation', () => {
  it('closes the sockets of the replaced link with 4410; the old token is refused (4401), the new one works, other roles are unaffected', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Rotation');
    const viewer = await connectSynced(server.syncUrl, id, tokens.viewer);
    const editors = [await connectSynced(server.syncUrl, id, tokens.editor), await connectSynced(server.syncUrl, id, tokens.editor)];
    const facilitator = await connectSynced(server.syncUrl, id, tokens.facilitator);

    const res = await rotate(server, id, 'editor', tokens.facilitator);
    expect(res.status).toBe(200);
    const next = res.body.tokens as ShareTokens;
    expect(next.editor).not.toBe(tokens.editor);
    expect(isToken(next.editor)).toBe(true);
    expect({ ...next, editor: '' }).toEqual({ ...tokens, editor: '' });
    for (const e of editors) {
      await waitFor(() => e.closes.length > 0, { message: 'editor closed' });
      expect(e.closes[0]).toEqual({ code: CloseCode.linkRevoked, reason: 'This link was replaced by the facilitator' });
    }
    expect(viewer.provider.wsconnected && facilitator.provider.wsconnected).toBe(true);
    expect(viewer.closes.concat(facilitator.closes)).toEqual([]);

    const old = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    expect((await old.closed).code).toBe(CloseCode.unauthorized);
    expect((await call(server, 'GET', `/api/matrices/${id}`, bearer(tokens.editor))).status).toBe(401);
    const fresh = await connectSynced(server.syncUrl, id, next.editor);
    addAxisItem(fresh.doc, 'parties', { name: 'With the new link' });
    await waitFor(() => readAxis(viewer.doc, 'parties').length === 1, { message: 'the new editor link writes' });
    expect(await links(server, id, tokens.facilitator)).toEqual(next);
  });

  it("replacing the facilitator's link re-seals the others: the new facilitator token shows the same editor and viewer links", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Facilitator rotation');
    const facilitator = await connectSynced(server.syncUrl, id, tokens.facilitator);
    const editor = await connectSynced(server.syncUrl, id, tokens.editor);

    const next = (await rotate(server, id, 'facilitator', tokens.facilitator)).body.tokens as ShareTokens;
    expect(next.facilitator).not.toBe(tokens.facilitator);
    expect({ editor: next.editor, viewer: next.viewer }).toEqual({ editor: tokens.editor, viewer: tokens.viewer });
    await waitFor(() => facilitator.closes.length > 0);
    expect(facilitator.closes[0]?.code).toBe(CloseCode.linkRevoked);
    expect(editor.closes).toEqual([]);

    expect(await links(server, id, next.facilitator)).toEqual(next);
    expect((await call(server, 'GET', `/api/matrices/${id}/links`, bearer(tokens.facilitator))).status).toBe(401);
    expect((await rotate(server, id, 'viewer', tokens.facilitator)).status).toBe(401);
    expect((await rotate(server, id, 'nobody', next.facilitator)).body.error.code).toBe('invalid-role');
  });
});

describe('the create token (CREATE_TOKEN)', () => {
  it('is needed to create, import, restore and list matrices when set', async () => {
    const server = await startServer({ seedDemo: false, createToken: CREATE_TOKEN });
    expect((await call(server, 'GET', '/api/config')).body).toEqual({ createTokenRequired: true, demoLinksHere: false });
    const json = { 'content-type': 'application/json' };
    const create = (headers: Record<string, string>) => call(server, 'POST', '/api/matrices', { ...json, ...headers }, JSON.stringify({ title: 'Guarded' }));
    const refused: Record<string, string>[] = [{}, bearer('wrong-token-wrong-token-wrong'), { 'x-create-token': 'nope' }];
    for (const headers of refused) {
      const res = await create(headers);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('create token') });
    }
    const created = await create(bearer(CREATE_TOKEN));
    expect(created.status).toBe(201);
    const { id, tokens } = created.body as { id: string; tokens: ShareTokens };

    const csv = 'Party,Truce\r\nRussia,Supports\r\n';
    expect((await call(server, 'POST', '/api/import?kind=csv', { 'content-type': 'text/csv' }, csv)).status).toBe(401);
    expect((await call(server, 'POST', '/api/import?kind=csv', { 'content-type': 'text/csv', ...bearer(CREATE_TOKEN) }, csv)).body).toMatchObject({
      title: 'Imported matrix',
      tokens: { editor: expect.any(String) },
    });

    expect((await call(server, 'GET', '/api/matrices')).status).toBe(401);
    expect((await call(server, 'GET', '/api/matrices', bearer(tokens.facilitator))).status).toBe(401);
    const list = await call(server, 'GET', '/api/matrices', bearer(CREATE_TOKEN));
    expect(list.body.matrices).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(tokens.viewer);

    const snap = await call(
      server,
      'POST',
      `/api/matrices/${id}/snapshots`,
      { ...json, ...bearer(tokens.editor) },
      JSON.stringify({ name: 's', createdBy: 'Ana' }),
    );
    expect(snap.status).toBe(201);
    const restore = `/api/matrices/${id}/snapshots/${snap.body.id}/restore`;
    expect((await call(server, 'POST', restore, bearer(tokens.editor))).status).toBe(401);
    expect((await call(server, 'POST', restore, { ...bearer(tokens.viewer), 'x-create-token': CREATE_TOKEN })).status).toBe(403);
    const restored = await call(server, 'POST', restore, { ...bearer(tokens.editor), 'x-create-token': CREATE_TOKEN });
    expect(restored.status).toBe(201);
    expect(Object.values(restored.body.tokens as ShareTokens).every(isToken)).toBe(true);

    expect((await call(server, 'GET', '/healthz')).status).toBe(200);
  });

  it('is not needed when not set, and /api/config says so', async () => {
    const server = await startServer({ seedDemo: false });
    expect((await call(server, 'GET', '/api/config')).body).toEqual({ createTokenRequired: false, demoLinksHere: false });
    await createMatrix(server);
    expect((await call(server, 'GET', '/api/matrices')).body.matrices).toHaveLength(1);
  });
});

describe('what the database holds', () => {
  it('the SQLite files contain no token, only hashes and sealed copies', async () => {
    const server = await startServer();
    const issued: string[] = [...Object.values(server.demoLinks!)];
    const { id, tokens } = await createMatrix(server, 'Secret');
    issued.push(...Object.values(tokens));
    let current = tokens;
    for (const role of ['editor', 'viewer', 'facilitator']) {
      current = (await rotate(server, id, role, current.facilitator)).body.tokens as ShareTokens;
      issued.push(...Object.values(current));
    }
    expect(new Set(issued).size).toBe(3 + 3 + 3); // demo, created, one new token per rotation
    const dir = path.dirname(server.storage.file);
    const files = () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.startsWith('stance-grid.sqlite'))
        .map((f) => fs.readFileSync(path.join(dir, f)));
    const check = () => {
      const all = Buffer.concat(files());
      expect(all.includes(Buffer.from(id, 'utf8')), 'the search finds what is there').toBe(true);
      for (const token of new Set(issued)) {
        expect(all.includes(Buffer.from(token, 'utf8')), `token ${token.slice(0, 6)}… as text`).toBe(false);
        expect(all.includes(Buffer.from(token, 'base64url')), `token ${token.slice(0, 6)}… as bytes`).toBe(false);
      }
    };
    check(); // with the write-ahead log
    await server.close();
    check(); // after the checkpoint
  });
});

describe('the demo matrix links', () => {
  it('are derived from DATA_DIR/secret.key: the same after a restart, also after the facilitator link is replaced', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    const demo = first.demoLinks!;
    expect(Object.values(demo).every(isToken)).toBe(true);
    const secretFile = path.join(dataDir, 'secret.key');
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    const client = await connectSynced(first.syncUrl, DEMO_MATRIX_ID, demo.viewer);
    expect(client.access[0]).toEqual({ role: 'viewer', locked: false });
    await first.close();

    const second = await startServer({ dataDir });
    expect(second.demoLinks).toEqual(demo);
    const rotated = (await rotate(second, DEMO_MATRIX_ID, 'facilitator', demo.facilitator)).body.tokens as ShareTokens;
    expect(rotated.facilitator).not.toBe(demo.facilitator);
    await second.close();

    const third = await startServer({ dataDir });
    expect(third.demoLinks).toEqual(rotated);
    expect((await call(third, 'GET', `/api/matrices/${DEMO_MATRIX_ID}/access`, bearer(rotated.facilitator))).body.role).toBe('facilitator');
    await third.close();

    // Another data dir (another secret) derives other links.
    const elsewhere = await startServer();
    expect(elsewhere.demoLinks!.facilitator).not.toBe(demo.facilitator);
  });

  it('are made anew (and logged) when secret.key was replaced', async () => {
    const dataDir = tempDataDir();
    const first = await startServer({ dataDir });
    const old = first.demoLinks!;
    await first.close();
    fs.rmSync(path.join(dataDir, 'secret.key'));
    const second = await startServer({ dataDir });
    expect(second.demoLinks!.facilitator).not.toBe(old.facilitator);
    expect(second.logs.some((l) => l.includes('secret.key does not match'))).toBe(true);
    const raw = await openRawSocket(`${second.syncUrl}/${DEMO_MATRIX_ID}?token=${old.editor}`);
    expect((await raw.closed).code).toBe(CloseCode.unauthorized);
    const fresh = await openRawSocket(`${second.syncUrl}/${DEMO_MATRIX_ID}?token=${second.demoLinks!.editor}`);
    await waitFor(() => accessMessages(fresh.messages).length === 1);
  });
});

describe('matrices stored before share links', () => {
  it('get links on the first start, reported once and logged', async () => {
    const dataDir = tempDataDir();
    // A data dir as an earlier version left it: a matrix row and its state, no links table.
    const storage = new Storage(dataDir);
    const doc = new Y.Doc();
    initMatrix(doc, { title: 'From before' }, SEED_ORIGIN);
    storage.create('from-before-abc123', 'From before', Y.encodeStateAsUpdate(doc), countMatrix(doc));
    storage.close();

    const first = await startServer({ dataDir, seedDemo: false });
    expect(first.migratedLinks.map((m) => [m.id, m.title])).toEqual([['from-before-abc123', 'From before']]);
    expect(first.logs.some((l) => l.includes('gave share links to matrices stored before share links') && l.includes('from-before-abc123'))).toBe(true);
    const { tokens } = first.migratedLinks[0]!;
    expect(JSON.stringify(first.logs)).not.toContain(tokens.facilitator);
    const client = await connectSynced(first.syncUrl, 'from-before-abc123', tokens.editor);
    expect(client.access[0]?.role).toBe('editor');
    await first.close();

    const second = await startServer({ dataDir, seedDemo: false });
    expect(second.migratedLinks).toEqual([]);
    expect((await links(second, 'from-before-abc123', tokens.facilitator)).viewer).toBe(tokens.viewer);
  });
});
