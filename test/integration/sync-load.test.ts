/**
 * A flood from one address (issue 12, "Tests and figures"), stopping by itself: several editor
 * sockets send updates far faster than anyone types, while two colleagues edit. Only boundedness
 * is asserted (what the flood gets applied, that it is closed, that every colleague's edit
 * arrives); the latency figure is printed by `npm run bench flood`.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readMatrix, addAxisItem } from '../../shared/matrix.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { createMatrix, startServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { syncFrame } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';

describe('a flood from one address', () => {
  it("gets at most its address's burst + rate × time of updates applied, is closed, and colleagues elsewhere keep editing", { timeout: 60_000 }, async () => {
    const limits = { updatesPerSecond: 100, updateBurst: 200, updatesPerIpPerSecond: 50, maxRateRejections: 100 };
    const server = await startServer({ seedDemo: false, syncLimits: limits });
    const { id, tokens } = await createMatrix(server);
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    const started = Date.now();
    // The flood comes from another loopback address than the colleagues' (per-address limits).
    const flooders = await Promise.all(
      Array.from({ length: 5 }, () => openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`, { localAddress: '127.0.0.2' })),
    );
    flooders.forEach((f, s) => {
      const doc = new Y.Doc();
      for (let n = 0; n < 1500; n++) {
        const before = Y.encodeStateVector(doc);
        doc.getMap('events').set(`f${s}x${n}`, { date: '2025-03-11', label: 'flood' });
        f.ws.send(syncFrame(Y.encodeStateAsUpdate(doc, before)));
      }
    });
    // The colleagues edit all along; every edit arrives.
    for (let n = 0; n < 20; n++) {
      const name = `Colleague ${n}`;
      addAxisItem(a.doc, 'parties', { name });
      await waitFor(() => readMatrix(b.doc).parties.some((p) => p.name === name), { timeout: 20_000, message: `"${name}" arrives` });
    }
    const closes = await Promise.all(flooders.map((f) => f.closed));
    const seconds = (Date.now() - started) / 1000;
    expect(closes.map((c) => c.code)).toEqual(flooders.map(() => CloseCode.tooManyRequests));
    const applied = [...server.rooms.loaded(id)!.doc.getMap('events').keys()].filter((k) => k.startsWith('f')).length;
    // The address's shared bucket: a burst of twice its rate, then its rate (the colleagues draw on it too).
    expect(applied).toBeLessThanOrEqual(2 * limits.updatesPerIpPerSecond + limits.updatesPerIpPerSecond * seconds);
    expect(applied).toBeLessThan(flooders.length * 1500);
  });
});
