/** Group commit on the real server: order per room, and a failed commit relays nothing. */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { readMeta, setTitle } from '../../shared/matrix.ts';
import { CloseCode, MessageType } from '../../shared/protocol.ts';
import { createMatrix, startServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { waitFor } from '../utils/wait.ts';

/** Is this raw frame a relayed Yjs update (sync, type update)? */
function isRelayedUpdate(frame: Uint8Array): boolean {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === syncProtocol.messageYjsUpdate;
}

const isAwareness = (frame: Uint8Array) => decoding.readVarUint(decoding.createDecoder(frame)) === MessageType.awareness;

describe('group commit on the server', () => {
  it('relays a burst of updates from one client in the order they were made', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Burst');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.editor);
    const seen: string[] = [];
    b.doc.on('update', () => seen.push(readMeta(b.doc).title));
    const titles = Array.from({ length: 20 }, (_, i) => `title ${i + 1}`);
    // One synchronous loop: 20 updates, 20 frames, most of them read by the server in one turn.
    for (const title of titles) setTitle(a.doc, title);
    await waitFor(() => seen.length === titles.length, { message: 'all 20 updates in B' });
    expect(seen).toEqual(titles);
    expect(server.storage.updateCount(id)).toBeGreaterThanOrEqual(titles.length);
  });

  it('a failed commit closes the sender with 4500 and relays nothing', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Doomed');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    await waitFor(() => b.messages.length >= 2, { message: 'B joined' });
    // The matrix row goes away under the loaded room: the next insert fails its foreign key.
    server.storage.database.prepare('DELETE FROM matrices WHERE id = ?').run(id);
    setTitle(a.doc, 'never stored');
    await waitFor(() => a.closes.some((c) => c.code === CloseCode.storageFailure), { message: 'A closed with 4500' });
    // Barrier: B's awareness query is answered on the same socket after anything relayed before it.
    const before = b.messages.length;
    b.ws.send(new Uint8Array([MessageType.queryAwareness]));
    await waitFor(() => b.messages.slice(before).some(isAwareness), { message: 'awareness reply to B' });
    expect(b.messages.filter(isRelayedUpdate)).toEqual([]);
    expect(server.logs.join('\n')).toMatch(/could not store update/);
  });
});
