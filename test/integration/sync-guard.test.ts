/**
 * The schema guard on the websocket (issue 12 item 4): a rule-breaking update from an editor,
 * as a live update or inside sync step 2, is neither applied, stored nor relayed; the sender is
 * told why (`rejected: invalid` with the guard's reason) and the server logs it.
 */
import type * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { addAxisItem, readMatrix, setNote } from '../../shared/matrix.ts';
import { ROOT } from '../../shared/schema.ts';
import { bearer, createMatrix, startServer, tempDataDir } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { accessMessages, syncFrame } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';
import { expectValidState, storedDoc } from '../utils/stored.ts';
import { BAD_WRITES, CELL, diff } from '../unit/guard-fixtures.ts';

const noteOf = (doc: Y.Doc) => readMatrix(doc).cells.find((c) => `${c.partyId}|${c.issueId}` === CELL)?.note;

describe('the schema guard on the sync endpoint', () => {
  it('rule-breaking updates from an editor are never stored nor relayed, and the sender is told why', async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ seedDemo: false, dataDir });
    const { id, tokens } = await createMatrix(server);
    // The matrix the fixtures expect: parties russia and ukraine, issues ceasefire and energy.
    const facilitator = await connectSynced(server.syncUrl, id, tokens.facilitator);
    addAxisItem(facilitator.doc, 'parties', { id: 'russia', name: 'Russia' });
    addAxisItem(facilitator.doc, 'parties', { id: 'ukraine', name: 'Ukraine' });
    addAxisItem(facilitator.doc, 'issues', { id: 'ceasefire', name: 'Ceasefire' });
    addAxisItem(facilitator.doc, 'issues', { id: 'energy', name: 'Energy truce' });
    const observer = await connectSynced(server.syncUrl, id, tokens.viewer);
    await waitFor(() => readMatrix(observer.doc).parties.length === 2 && readMatrix(observer.doc).issues.length === 2);
    const relayed: Uint8Array[] = [];
    observer.doc.on('update', (u: Uint8Array) => relayed.push(u));

    const mallory = await openRawSocket(`${server.syncUrl}/${id}?token=${tokens.editor}`);
    const base = facilitator.doc;
    BAD_WRITES.forEach(({ write }, n) => {
      // Half as live updates, half inside sync step 2: both carry updates.
      const kind = n % 2 === 0 ? syncProtocol.messageYjsUpdate : syncProtocol.messageYjsSyncStep2;
      mallory.ws.send(syncFrame(diff(base, write), kind));
    });
    // Barrier: a valid edit sent after them reaches the observer, so they were all handled.
    mallory.ws.send(syncFrame(diff(base, (d) => setNote(d, 'russia', 'ceasefire', 'a valid note'))));
    await waitFor(() => noteOf(observer.doc) === 'a valid note', { message: 'the valid edit arrives' });

    const rejected = accessMessages(mallory.messages).filter((m) => m.rejected?.reason === 'invalid');
    expect(rejected).toHaveLength(BAD_WRITES.length);
    expect(rejected.every((m) => typeof m.rejected?.message === 'string' && m.rejected.message.length > 0)).toBe(true);
    expect(rejected.map((m) => m.rejected?.message).join('\n')).toMatch(/note must be text \(got a number\)/);
    expect(server.logs.filter((l) => l.includes('refused an update that breaks the data model'))).toHaveLength(BAD_WRITES.length);
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
    // Relayed: only the valid note, nothing else.
    expect(relayed).toHaveLength(1);
    expectValidState(observer.doc);
    expect([...observer.doc.share.keys()].every((root) => (Object.values(ROOT) as string[]).includes(root))).toBe(true);

    await server.close();
    const again = await startServer({ seedDemo: false, dataDir });
    const stored = storedDoc(again.storage, id);
    expectValidState(stored);
    expect(noteOf(stored)).toBe('a valid note');
    const json = await fetch(`${again.url}/api/matrices/${id}`, { headers: bearer(tokens.viewer) });
    expect(json.status).toBe(200);
    const md = await fetch(`${again.url}/api/matrices/${id}/export?format=md`, { headers: bearer(tokens.viewer) });
    expect(md.status).toBe(200);
    expect(await md.text()).toContain('a valid note');
  });
});
