import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { addAxisItem, addSource, moveAxisItem, readAxis, readCell, readMatrix, renameAxisItem, setStance } from '../../shared/matrix.ts';
import { CloseCode, MessageType } from '../../shared/protocol.ts';
import { bearer, createMatrix, startServer } from '../utils/server.ts';
import { connectClient, connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { waitFor } from '../utils/wait.ts';

describe('sync between real y-websocket clients', () => {
  it('two clients converge: stance, source, rename and reorder', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Talks');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    const us = addAxisItem(a.doc, 'parties', { name: 'United States' });
    const ru = addAxisItem(a.doc, 'parties', { name: 'Russia' });
    const truce = addAxisItem(a.doc, 'issues', { name: 'Truce' });
    setStance(a.doc, ru, truce, 'conditional');
    await waitFor(() => readCell(b.doc, ru, truce).stance === 'conditional', { message: 'stance in B' });
    addSource(b.doc, ru, truce, { quote: 'We need guarantees', speaker: 'Senior Russian source', addedBy: 'Ben' });
    await waitFor(() => readCell(a.doc, ru, truce).sources.length === 1, { message: 'source in A' });
    renameAxisItem(b.doc, 'issues', truce, '30-day ceasefire');
    moveAxisItem(a.doc, 'parties', us, 1);
    await waitFor(() => readAxis(a.doc, 'issues')[0]?.name === '30-day ceasefire' && readAxis(b.doc, 'parties')[0]?.id === ru);
    expect(readMatrix(a.doc)).toEqual(readMatrix(b.doc));
  });

  it('the title and counts reach the HTTP API', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Counted');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const p = addAxisItem(a.doc, 'parties', { name: 'P' });
    const i = addAxisItem(a.doc, 'issues', { name: 'I' });
    setStance(a.doc, p, i, 'open');
    addSource(a.doc, p, i, { quote: 'q', addedBy: 'Ana' });
    await waitFor(async () => {
      const res = await fetch(`${server.url}/api/matrices/${id}`, { headers: bearer(tokens.viewer) });
      const body = (await res.json()) as { cells: unknown[] };
      return body.cells.length === 1;
    });
    const list = (await (await fetch(`${server.url}/api/matrices`)).json()) as { matrices: { id: string; counts: object }[] };
    expect(list.matrices.find((m) => m.id === id)?.counts).toEqual({ parties: 1, issues: 1, coded: 1, sources: 1 });
  });

  it('an edit made while disconnected is sent on reconnect', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    a.provider.disconnect();
    addAxisItem(a.doc, 'parties', { name: 'Offline party' });
    a.provider.connect();
    await waitFor(() => readAxis(b.doc, 'parties').some((p) => p.name === 'Offline party'));
  });
});

describe('durability', () => {
  it('state survives a server restart on the same DATA_DIR', async () => {
    const first = await startServer({ seedDemo: false });
    const dataDir = first.storage.file.replace(/\/[^/]+$/, '');
    const { id, tokens } = await createMatrix(first);
    const a = await connectSynced(first.syncUrl, id, tokens.editor);
    const p = addAxisItem(a.doc, 'parties', { name: 'Ukraine' });
    const i = addAxisItem(a.doc, 'issues', { name: 'NATO membership' });
    setStance(a.doc, p, i, 'demands');
    addSource(a.doc, p, i, { quote: 'verbatim', addedBy: 'Ana' });
    await waitFor(() => first.rooms.loaded(id) && readCell(first.rooms.loaded(id)!.doc, p, i).sources.length === 1);
    const expected = readMatrix(a.doc);
    a.destroy();
    await first.close();
    const second = await startServer({ seedDemo: false, dataDir });
    const b = await connectSynced(second.syncUrl, id, tokens.editor);
    expect(readMatrix(b.doc)).toEqual(expected);
  });

  it('compaction merges the log in the background and loses nothing', async () => {
    const server = await startServer({ seedDemo: false, compactEvery: 10 });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const p = addAxisItem(a.doc, 'parties', { name: 'P' });
    for (let n = 0; n < 40; n++) addAxisItem(a.doc, 'issues', { name: `Issue ${n}` });
    setStance(a.doc, p, readAxis(a.doc, 'issues')[39]!.id, 'rejects');
    const stored = () => {
      const doc = new Y.Doc();
      for (const u of server.storage.load(id).updates) Y.applyUpdate(doc, u);
      return readMatrix(doc);
    };
    // The server reads one frame per socket per event-loop turn: wait until the last edit is stored.
    // 42 updates stored one by one would be 43 rows; compacted, at most the merged state and the
    // fewer than compactEvery appended since.
    await waitFor(() => JSON.stringify(stored()) === JSON.stringify(readMatrix(a.doc)), { message: 'every edit stored' });
    await waitFor(() => server.storage.updateCount(id) <= 10, { message: 'log compacted' });
    expect(stored()).toEqual(readMatrix(a.doc));
  });

  it('idle rooms are unloaded after the last client leaves, and reload intact', async () => {
    const server = await startServer({ seedDemo: false, idleUnloadMs: 20 });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    addAxisItem(a.doc, 'parties', { name: 'Poland' });
    await waitFor(() => server.rooms.loaded(id) && readAxis(server.rooms.loaded(id)!.doc, 'parties').length === 1);
    expect(server.rooms.size).toBe(1);
    a.destroy();
    await waitFor(() => server.rooms.size === 0, { message: 'room unloaded' });
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { rooms: number; connections: number };
    expect(health).toMatchObject({ status: 'ok', rooms: 0, connections: 0 });
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    expect(readAxis(b.doc, 'parties').map((x) => x.name)).toEqual(['Poland']);
  });
});

describe('bad input', () => {
  function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    write(e);
    return encoding.toUint8Array(e);
  }

  it('a garbage frame closes only the sender, with 4000, and is logged', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const other = await createMatrix(server, 'Other room');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    const c = await connectSynced(server.syncUrl, other.id, other.tokens.editor);
    const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    // A sync "update" whose payload is not a Yjs update.
    raw.ws.send(
      frame(MessageType.sync, (e) => {
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([255, 255, 255, 1, 2, 3, 4, 5, 6, 7]));
      }),
    );
    expect((await raw.closed).code).toBe(CloseCode.malformedMessage);
    expect(server.logs.some((l) => l.includes('closing socket after bad message'))).toBe(true);
    // Everyone else keeps working, in this room and the other.
    const p = addAxisItem(a.doc, 'parties', { name: 'Still works' });
    await waitFor(() => readAxis(b.doc, 'parties').some((x) => x.id === p));
    addAxisItem(c.doc, 'parties', { name: 'Other room works' });
    await waitFor(() => server.rooms.loaded(other.id) && readAxis(server.rooms.loaded(other.id)!.doc, 'parties').length === 1);
    expect(a.provider.wsconnected && b.provider.wsconnected && c.provider.wsconnected).toBe(true);
    expect(readMatrix(server.rooms.loaded(id)!.doc).parties.map((x) => x.name)).toEqual(['Still works']);
  });

  it('truncated, text and unknown-type frames each close the sender with a 4000-range code', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const cases: [string | Uint8Array, number][] = [
      [new Uint8Array([]), CloseCode.malformedMessage],
      [new Uint8Array([0]), CloseCode.malformedMessage],
      [new Uint8Array([0, 0, 200]), CloseCode.malformedMessage],
      ['hello', CloseCode.malformedMessage],
      [new Uint8Array([1, 5, 1, 2]), CloseCode.malformedMessage],
      [new Uint8Array([9, 0]), CloseCode.unknownMessageType],
      [new Uint8Array([0, 7, 0]), CloseCode.unknownMessageType],
    ];
    for (const [data, code] of cases) {
      const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
      raw.ws.send(data);
      expect((await raw.closed).code, `frame ${String(data)}`).toBe(code);
    }
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('a frame over maxPayload is refused and the server carries on', async () => {
    const server = await startServer({ seedDemo: false, maxPayload: 64 * 1024 });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    raw.ws.send(new Uint8Array(200 * 1024));
    expect((await raw.closed).code).toBe(1009);
    addAxisItem(a.doc, 'parties', { name: 'After the big frame' });
    await waitFor(() => server.rooms.loaded(id) && readAxis(server.rooms.loaded(id)!.doc, 'parties').length === 1);
  });

  it('invalid and unknown matrix ids are refused at upgrade with permanent codes', async () => {
    const server = await startServer({ seedDemo: false });
    for (const [path, code] of [
      ['Bad_ID!', CloseCode.invalidMatrixId],
      ['a', CloseCode.invalidMatrixId],
      ['no-such-matrix', CloseCode.notFound],
    ] as const) {
      const raw = await openRawSocket(`${server.syncUrl}/${encodeURIComponent(path)}`);
      expect((await raw.closed).code).toBe(code);
      expect(raw.messages).toEqual([]);
    }
    // The y-websocket client stops retrying on these.
    const client = connectClient(server.syncUrl, 'no-such-matrix', null);
    await waitFor(() => client.closes.length > 0);
    expect(client.closes[0]?.code).toBe(CloseCode.notFound);
    expect(server.rooms.size).toBe(0);
  });

  it("awareness entries for another connection's client id are dropped (logged), echoes of them silently", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ana');
    // B sends A's entry back (y-websocket echoes every change it receives): an echo, not a spoof, and not logged.
    b.provider.awareness.setLocalStateField('user', { name: 'Ben' });
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.user?.name === 'Ben');
    expect(server.logs.filter((l) => l.includes('dropped awareness entries'))).toEqual([]);
    const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    const spoof = encoding.createEncoder();
    encoding.writeVarUint(spoof, 1);
    encoding.writeVarUint(spoof, a.doc.clientID);
    encoding.writeVarUint(spoof, 999);
    encoding.writeVarString(spoof, JSON.stringify({ user: { name: 'Mallory' } }));
    raw.ws.send(frame(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(spoof))));
    // A marker change from A proves later messages flowed; the spoof never did.
    a.provider.awareness.setLocalStateField('marker', 1);
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.marker === 1);
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name).toBe('Ana');
    expect(server.logs.some((l) => l.includes('dropped awareness entries'))).toBe(true);
  });

  it("a client that leaves disappears from everyone's awareness", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID));
    a.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), { message: 'ghost removed' });
  });

  it('a peer that stops answering pings is dropped; a live one stays', async () => {
    const server = await startServer({ seedDemo: false, pingIntervalMs: 50 });
    const { id, tokens } = await createMatrix(server);
    const live = await connectSynced(server.syncUrl, id, tokens.editor);
    const dead = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    await waitFor(() => server.rooms.connections === 2);
    // Stop reading: the server's pings go unanswered, as with a vanished laptop.
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await waitFor(() => server.rooms.connections === 1, { message: 'dead peer dropped' });
    expect(live.provider.wsconnected).toBe(true);
    addAxisItem(live.doc, 'parties', { name: 'Still here' });
    await waitFor(() => server.rooms.loaded(id) && readAxis(server.rooms.loaded(id)!.doc, 'parties').length === 1);
  });
});
