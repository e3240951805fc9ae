/**
 * The sync endpoint's limits (issue 12 items 2, 3 and 5): a socket that does not read is closed
 * before its replies pile up; unprompted pongs keep nothing alive; one address, one socket and
 * one matrix are bounded; a socket owns a few awareness ids at most.
 */
import type net from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { addAxisItem, readMatrix, setNote } from '../../shared/matrix.ts';
import { CloseCode, MessageType } from '../../shared/protocol.ts';
import { createMatrix, startServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { accessMessages, syncFrame } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';

/** Sync step 1 with an empty state vector: "send me everything". */
function step1Frame(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep1(e, new Y.Doc());
  return encoding.toUint8Array(e);
}

/** One awareness frame with `count` entries (ids from `firstId`). */
function manyAwarenessEntries(count: number, firstId: number, state: (i: number) => unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(inner, firstId + i);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, JSON.stringify(state(i)));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** An edit from `a` reaches `b` (a barrier, and proof that the room still syncs). */
async function editArrives(a: { doc: Y.Doc }, b: { doc: Y.Doc }, name: string): Promise<void> {
  addAxisItem(a.doc, 'parties', { name });
  await waitFor(() => readMatrix(b.doc).parties.some((p) => p.name === name), { message: `"${name}" arrives` });
}

describe('a socket that does not read', () => {
  it('is closed once its unsent replies pass the bound; memory stays bounded and others keep syncing', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { maxBufferedBytes: 2 * 1024 * 1024, syncReplyIntervalMs: 100 } });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    // About 1 MB of state, so each full reply is large.
    const parties = Array.from({ length: 8 }, (_, i) => addAxisItem(a.doc, 'parties', { name: `Party ${i}` }));
    const issues = Array.from({ length: 8 }, (_, i) => addAxisItem(a.doc, 'issues', { name: `Issue ${i}` }));
    for (const p of parties) for (const i of issues) setNote(a.doc, p, i, `${p}/${i} `.repeat(900).slice(0, 16_000));
    await waitFor(() => Y.encodeStateAsUpdate(b.doc).byteLength > 1_000_000, { message: 'b holds the big state' });

    const reader = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.viewer}`);
    (reader.ws as unknown as { _socket: net.Socket })._socket.pause();
    const before = process.memoryUsage().rss;
    let peak = before;
    const frame = step1Frame();
    // 200 step 1 per second until the server closes the socket (its TCP side sees the FIN or RST).
    const flood = setInterval(() => {
      for (let n = 0; n < 10 && reader.ws.readyState === reader.ws.OPEN; n++) reader.ws.send(frame);
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      await waitFor(() => server.logs.some((l) => l.includes('closing a socket that does not read')), {
        timeout: 20_000,
        message: 'the slow reader is closed',
      });
    } finally {
      clearInterval(flood);
    }
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    await waitFor(() => server.rooms.loaded(id)?.connectionCount === 2, { message: 'the slow reader left the room' });
    await editArrives(a, b, 'After the slow reader');
  });

  it('is dropped by the heartbeat even when it sends pongs nobody asked for', async () => {
    const server = await startServer({ seedDemo: false, pingIntervalMs: 100 });
    const { id, tokens } = await createMatrix(server);
    const quiet = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.viewer}`, { autoPong: false });
    const pongs = setInterval(() => quiet.ws.readyState === quiet.ws.OPEN && quiet.ws.pong(), 10);
    try {
      await waitFor(() => quiet.ws.readyState === quiet.ws.CLOSED, { timeout: 5_000, message: 'the socket is dropped' });
    } finally {
      clearInterval(pongs);
    }
  });
});

describe('flooding', () => {
  it('one address opens at most maxConnectionsPerIp sockets at once; a freed slot can be used again', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { maxConnectionsPerIp: 5 } });
    const { id, tokens } = await createMatrix(server);
    const url = `${server.syncUrl}/${id}?token=${tokens.viewer}`;
    const open = await Promise.all(Array.from({ length: 5 }, () => openRawSocket(url)));
    const sixth = await openRawSocket(url);
    expect((await sixth.closed).code).toBe(CloseCode.tooManyRequests);
    expect(open.every((s) => s.ws.readyState === s.ws.OPEN)).toBe(true);
    open[0]!.ws.close();
    await open[0]!.closed;
    await waitFor(async () => {
      const next = await openRawSocket(url);
      return next.ws.readyState === next.ws.OPEN;
    });
  });

  it('after failedAuthsPerIpPerMinute wrong tokens, the address is refused even with a right one', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { failedAuthsPerIpPerMinute: 3 } });
    const { id, tokens } = await createMatrix(server);
    for (let n = 0; n < 3; n++)
      expect((await (await openRawSocket(`${server.syncUrl}/${id}?token=${'x'.repeat(43)}`)).closed).code).toBe(CloseCode.unauthorized);
    const right = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    expect((await right.closed).code).toBe(CloseCode.tooManyRequests);
  });

  it('an editor sending updates far faster than anyone types is refused, then closed; others keep syncing', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { updatesPerSecond: 50, updateBurst: 100, maxRateRejections: 50 } });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    // Typing: a burst within updateBurst is never refused.
    const [p, i] = [addAxisItem(a.doc, 'parties', { name: 'P' }), addAxisItem(a.doc, 'issues', { name: 'I' })];
    for (let n = 0; n < 80; n++) setNote(a.doc, p, i, `typing ${n}`);
    await editArrives(a, b, 'After typing');
    expect(a.access.some((m) => m.rejected)).toBe(false);

    const flood = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    const sender = new Y.Doc();
    Y.applyUpdate(sender, Y.encodeStateAsUpdate(b.doc));
    let before = Y.encodeStateVector(sender);
    for (let n = 0; n < 1000 && flood.ws.readyState === flood.ws.OPEN; n++) {
      sender.getMap('events').set(`e${n}`, { date: '2025-03-11', label: `event ${n}` });
      flood.ws.send(syncFrame(Y.encodeStateAsUpdate(sender, before)));
      before = Y.encodeStateVector(sender);
    }
    expect((await flood.closed).code).toBe(CloseCode.tooManyRequests);
    expect(accessMessages(flood.messages).some((m) => m.rejected?.reason === 'rate')).toBe(true);
    await editArrives(b, a, 'After the flood');
  });

  it('a socket over its rate is not read until its budget has refilled, then read again; others keep syncing', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { updatesPerSecond: 10, updateBurst: 5, maxRateRejections: 10_000 } });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    const room = server.rooms.loaded(id)!;
    const others = new Set(room.sockets());
    const flood = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    // Each frame from its own client, so none depends on another that was dropped.
    const frame = (n: number) => {
      const sender = new Y.Doc();
      sender.getMap('events').set(`f${n}`, { date: '2025-03-11', label: `flood ${n}` });
      return syncFrame(Y.encodeStateAsUpdate(sender));
    };
    for (let n = 0; n < 200; n++) flood.ws.send(frame(n));
    await waitFor(() => accessMessages(flood.messages).some((m) => m.rejected?.reason === 'rate'), { message: 'a rate refusal' });
    const serverSide = [...room.sockets()].find((ws) => !others.has(ws))!;
    // Its next frames wait in its own buffers (TCP backpressure) instead of being read only to be dropped ...
    await waitFor(() => serverSide.isPaused, { message: 'the flooding socket is paused' });
    await editArrives(a, b, 'During the pause');
    // ... and it is read again once its budget has refilled (a pause lasts at most a second).
    await waitFor(() => !serverSide.isPaused, { timeout: 10_000, message: 'the socket is read again' });
    expect(flood.ws.readyState).toBe(flood.ws.OPEN);
    expect(room.doc.getMap('events').size).toBeGreaterThanOrEqual(5);
  });

  it('updates waiting for missing data are never held: refused by the guard, or dropped beyond the bound', async () => {
    const server = await startServer({ seedDemo: false, syncLimits: { maxPendingBytes: 64 * 1024 } });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const raw = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    const sender = new Y.Doc();
    Y.applyUpdate(sender, Y.encodeStateAsUpdate(a.doc));
    sender.getMap('notes').set('held|back', 'never sent'); // the gap every later update waits for
    for (let n = 0; n < 10 && raw.ws.readyState === raw.ws.OPEN; n++) {
      const before = Y.encodeStateVector(sender);
      sender.getMap('notes').set(`p${n}|i${n}`, 'y'.repeat(15_000));
      raw.ws.send(syncFrame(Y.encodeStateAsUpdate(sender, before)));
    }
    // Barrier: an edit from another client arrives after the gap updates were handled.
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    await editArrives(a, b, 'After the gap');
    // The schema guard refuses a gap outright (wip/hardening); without it the pending bound closes the sender.
    const refused = accessMessages(raw.messages).filter((m) => m.rejected?.reason === 'invalid').length;
    const closed = raw.ws.readyState !== raw.ws.OPEN ? (await raw.closed).code : null;
    expect(refused === 10 || closed === CloseCode.tooManyPending).toBe(true);
    const doc = server.rooms.loaded(id)!.doc;
    expect(doc.store.pendingStructs).toBeNull();
    expect([...doc.getMap('notes').keys()].filter((k) => k.startsWith('p'))).toEqual([]);
  });

  it('a matrix over its storage quota refuses changes with a clear message', async () => {
    const quotaBytes = 96 * 1024;
    const server = await startServer({ seedDemo: false, syncLimits: { quotaBytes } });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const p = addAxisItem(a.doc, 'parties', { name: 'P' });
    for (let n = 0; n < 12; n++) setNote(a.doc, p, addAxisItem(a.doc, 'issues', { name: `I${n}` }), `${n}`.repeat(15_000).slice(0, 15_000));
    const refusal = await waitFor(() => a.access.find((m) => m.rejected?.reason === 'quota'), { message: 'a quota refusal' });
    expect(refusal.rejected?.message).toMatch(/at most/);
    const stored = server.storage.load(id).updates.reduce((n, u) => n + u.byteLength, 0);
    expect(stored).toBeLessThanOrEqual(quotaBytes);
  });
});

describe('presence', () => {
  it('a viewer frame claiming 5,000 client ids gets at most maxAwarenessIdsPerSocket of them shown', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const observer = await connectSynced(server.syncUrl, id, tokens.viewer);
    const mallory = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.viewer}`);
    mallory.ws.send(manyAwarenessEntries(5000, 1_000_000, (i) => ({ user: { name: `Ghost ${i}`, color: '#112233', id: `g${i}` } })));
    // Barrier: a state from a second, honest client arrives after the frame was handled.
    const honest = await connectSynced(server.syncUrl, id, tokens.viewer);
    honest.provider.awareness.setLocalStateField('user', { name: 'Honest' });
    await waitFor(() => observer.provider.awareness.getStates().get(honest.doc.clientID), { message: 'the honest state' });
    const ghosts = [...observer.provider.awareness.getStates().values()].filter((s) => String((s.user as { name?: string })?.name).startsWith('Ghost'));
    expect(ghosts.length).toBeGreaterThan(0);
    expect(ghosts.length).toBeLessThanOrEqual(4);
  });

  it('a state that breaks the presence schema is refused', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const observer = await connectSynced(server.syncUrl, id, tokens.viewer);
    const mallory = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.viewer}`);
    mallory.ws.send(manyAwarenessEntries(1, 77, () => ({ user: { name: 42 }, cell: '<script>' })));
    mallory.ws.send(manyAwarenessEntries(1, 78, () => ({ user: { name: 'x'.repeat(5000) } })));
    const honest = await connectSynced(server.syncUrl, id, tokens.viewer);
    honest.provider.awareness.setLocalStateField('user', { name: 'Honest' });
    await waitFor(() => observer.provider.awareness.getStates().get(honest.doc.clientID), { message: 'the honest state' });
    expect(observer.provider.awareness.getStates().has(77)).toBe(false);
    expect(observer.provider.awareness.getStates().has(78)).toBe(false);
  });
});
