/**
 * Fuzzing the sync endpoint (issue 12, "Tests and figures"): an editor sends random bytes,
 * truncated frames, random awareness states and valid-but-wrong Yjs updates built from the
 * model's roots. The server never crashes, a client in another room keeps syncing, and nothing
 * invalid is stored: after a restart the whole stored state passes the guard, reads and exports.
 */
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAxisItem, readMatrix } from '../../shared/matrix.ts';
import { ROOT } from '../../shared/schema.ts';
import { bearer, createMatrix, startServer, tempDataDir } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket, type RawSocket } from '../utils/raw-socket.ts';
import { awarenessFrame, syncFrame } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';
import { diff } from '../unit/guard-fixtures.ts';
import { expectValidState, storedDoc } from '../utils/stored.ts';

const roots = [...Object.values(ROOT), 'evil', ''];
const keys = fc.oneof(fc.constantFrom('russia', 'ceasefire', 'russia|ceasefire', 'name', 'title', 'scale', 's1'), fc.string({ maxLength: 70 }));
const values = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null));

/** A Yjs write on one of the model's roots (or a made-up one), as a modified client would make it. */
const write = fc.record({
  root: fc.constantFrom(...roots),
  key: keys,
  value: values,
  shape: fc.constantFrom('map', 'array', 'nested-map', 'text', 'party-field'),
});
type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

function applyWrite(doc: Y.Doc, w: Write): void {
  if (w.shape === 'array') doc.getArray(w.root).push([w.value]);
  else if (w.shape === 'nested-map') doc.getMap(w.root).set(w.key, new Y.Map([['name', w.value]]));
  else if (w.shape === 'text') doc.getMap(w.root).set(w.key, new Y.Text(String(w.value)));
  else if (w.shape === 'party-field') (doc.getMap('parties').get('russia') as Y.Map<unknown>).set(w.key, w.value);
  else doc.getMap(w.root).set(w.key, w.value);
}

describe('fuzzing the sync endpoint', () => {
  it('random and wrong frames from an editor: no crash, other rooms sync, nothing invalid stored', { timeout: 60_000 }, async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ seedDemo: false, dataDir });
    const target = await createMatrix(server, 'Fuzzed');
    const other = await createMatrix(server, 'Bystander');
    const owner = await connectSynced(server.syncUrl, target.id, target.tokens.facilitator);
    addAxisItem(owner.doc, 'parties', { id: 'russia', name: 'Russia' });
    addAxisItem(owner.doc, 'issues', { id: 'ceasefire', name: 'Ceasefire' });
    const [b1, b2] = [await connectSynced(server.syncUrl, other.id, other.tokens.editor), await connectSynced(server.syncUrl, other.id, other.tokens.editor)];

    let socket: RawSocket | null = null;
    const send = async (frame: Uint8Array) => {
      if (!socket || socket.ws.readyState !== socket.ws.OPEN) socket = await openRawSocket(`${server.syncUrl}/${target.id}?token=${target.tokens.editor}`);
      if (socket.ws.readyState === socket.ws.OPEN) socket.ws.send(frame);
    };
    const validFrame = () => syncFrame(diff(owner.doc, (d) => d.getMap('notes').set('russia|ceasefire', 'fine')));
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.nat(), fc.constant(null)).map(([cut]) => {
        const whole = validFrame();
        return whole.slice(0, cut % whole.length);
      }),
      fc.tuple(fc.nat(), values).map(([id, state]) => awarenessFrame(id, 1, state)),
      fc.tuple(write, fc.boolean()).map(([w, step2]) => {
        let update: Uint8Array;
        try {
          update = diff(owner.doc, (d) => applyWrite(d, w));
        } catch {
          update = new Uint8Array([0, 0]); // a write Yjs itself refuses to make: send an empty update
        }
        return syncFrame(update, step2 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
      }),
    );
    let rounds = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 6 }), async (frames) => {
        for (const f of frames) await send(f);
        if (++rounds % 20 === 0) await bystandersSync(`round ${rounds}`);
      }),
      { numRuns: 300, seed: 12 },
    );

    async function bystandersSync(name: string) {
      addAxisItem(b1.doc, 'parties', { name });
      await waitFor(() => readMatrix(b2.doc).parties.some((p) => p.name === name), { message: `"${name}" in the other room` });
    }
    await bystandersSync('after the fuzz');
    // Barrier: a valid note sent after every fuzzed frame reaches the owner, so all were handled.
    await send(syncFrame(diff(owner.doc, (d) => d.getMap('notes').set('russia|ceasefire', 'barrier'))));
    await waitFor(() => owner.doc.getMap('notes').get('russia|ceasefire')?.toString() === 'barrier', { message: 'the barrier note' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await server.close();
    const again = await startServer({ seedDemo: false, dataDir });
    const stored = storedDoc(again.storage, target.id);
    expectValidState(stored);
    expect(readMatrix(stored).parties.map((p) => p.id)).toContain('russia');
    for (const format of ['json', 'csv', 'xlsx', 'md']) {
      const res = await fetch(`${again.url}/api/matrices/${target.id}/export?format=${format}`, { headers: bearer(target.tokens.viewer) });
      expect(res.status, format).toBe(200);
    }
    expect((await fetch(`${again.url}/api/matrices/${target.id}`, { headers: bearer(target.tokens.viewer) })).status).toBe(200);
  });
});
