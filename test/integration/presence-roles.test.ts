/**
 * Presence (awareness) with roles: the server stamps each entry with the connection's role and
 * keeps `stage` to facilitators; viewers appear in presence and stay connected in a quiet room;
 * a reconnecting client gets its presence back at once.
 */
import { describe, expect, it } from 'vitest';
import { createMatrix, startServer } from '../utils/server.ts';
import { connectClient, connectSynced, type TestClient } from '../utils/client.ts';
import { openRawSocket } from '../utils/raw-socket.ts';
import { awarenessFrame } from '../utils/frames.ts';
import { waitFor } from '../utils/wait.ts';
import { emptyStage } from '../../shared/stage.ts';

type State = Record<string, unknown> | undefined;
const stateOf = (observer: TestClient, of: TestClient | number): State =>
  observer.provider.awareness.getStates().get(typeof of === 'number' ? of : of.doc.clientID) as State;

describe('presence with roles', () => {
  it("a viewer's presence is relayed to everyone, stamped role 'viewer'", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const editor = await connectSynced(server.syncUrl, id, tokens.editor);
    const viewer = await connectSynced(server.syncUrl, id, tokens.viewer);
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vera' });
    await waitFor(() => stateOf(editor, viewer)?.role === 'viewer', { message: 'viewer in presence' });
    expect(stateOf(editor, viewer)).toEqual({ user: { name: 'Vera' }, role: 'viewer' });
    // And the viewer sees the others, stamped too.
    editor.provider.awareness.setLocalStateField('user', { name: 'Ed' });
    await waitFor(() => stateOf(viewer, editor)?.role === 'editor', { message: 'editor seen by the viewer' });
  });

  it("a non-facilitator cannot publish 'stage' or claim role 'facilitator'; the facilitator can", async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const observer = await connectSynced(server.syncUrl, id, tokens.viewer);
    // A well-formed stage (shared/stage.ts parseStage): a malformed one is dropped even from a facilitator.
    const stage = { ...emptyStage(1), presenting: true, spotlight: { kind: 'cell', party: 'russia', issue: 'truce' }, step: 'truce' };
    const clients = {
      viewer: await connectSynced(server.syncUrl, id, tokens.viewer),
      editor: await connectSynced(server.syncUrl, id, tokens.editor),
      facilitator: await connectSynced(server.syncUrl, id, tokens.facilitator),
    };
    for (const [role, client] of Object.entries(clients)) {
      client.provider.awareness.setLocalState({ user: { name: role }, role: 'facilitator', stage });
    }
    await waitFor(() => Object.values(clients).every((c) => stateOf(observer, c)), { message: 'all three in presence' });
    expect(stateOf(observer, clients.viewer)).toEqual({ user: { name: 'viewer' }, role: 'viewer' });
    expect(stateOf(observer, clients.editor)).toEqual({ user: { name: 'editor' }, role: 'editor' });
    expect(stateOf(observer, clients.facilitator)).toEqual({ user: { name: 'facilitator' }, role: 'facilitator', stage });
    // Later changes are stamped too (every accepted entry, not only the first).
    clients.editor.provider.awareness.setLocalStateField('stage', { step: 3 });
    clients.editor.provider.awareness.setLocalStateField('marker', 1);
    await waitFor(() => stateOf(observer, clients.editor)?.marker === 1);
    expect(stateOf(observer, clients.editor)).toEqual({ user: { name: 'editor' }, role: 'editor', marker: 1 });
  });
});

describe('reconnecting clients keep their presence', () => {
  it('a client that reconnects after the server dropped its old socket reappears at once', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server);
    const observer = await connectSynced(server.syncUrl, id, tokens.editor);
    const ana = await connectSynced(server.syncUrl, id, tokens.editor);
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    await waitFor(() => stateOf(observer, ana)?.user !== undefined, { message: 'Ana present' });
    ana.provider.disconnect();
    await waitFor(() => !stateOf(observer, ana), { message: 'Ana gone' });
    // Reconnecting re-sends the clock the server already bumped when it removed Ana; without the
    // server echoing the removal, the entry is ignored until Ana's awareness renews twice (15–30 s).
    ana.provider.connect();
    await waitFor(() => stateOf(observer, ana)?.user !== undefined, { timeout: 3000, message: 'Ana back in presence' });
  });

  it('a new socket reclaims its client id from an old socket that went silent; a live owner keeps it', async () => {
    // staleOwnerMs = 2 × pingIntervalMs = 200 ms. The old raw socket still answers pings, so only the silence rule applies.
    const server = await startServer({ seedDemo: false, pingIntervalMs: 100 });
    const { id, tokens } = await createMatrix(server);
    const observer = await connectSynced(server.syncUrl, id, tokens.editor);
    const removed: number[] = [];
    observer.provider.awareness.on('change', ({ removed: r }: { removed: number[] }) => removed.push(...r));
    const clientId = 424242;
    const url = `${server.syncUrl}/${id}?token=${tokens.editor}`;
    const old = await openRawSocket(url);
    old.ws.send(awarenessFrame(clientId, 1, { user: { name: 'Ana' } }));
    await waitFor(() => stateOf(observer, clientId)?.user !== undefined, { message: 'Ana via the old socket' });

    const fresh = await openRawSocket(url);
    const dropped = () => server.logs.filter((l) => l.includes('dropped awareness entries')).length;
    fresh.ws.send(awarenessFrame(clientId, 2, { user: { name: 'Ana' }, marker: 'too early' }));
    await waitFor(() => dropped() === 1, { message: 'refused while the old socket is live' });
    expect(stateOf(observer, clientId)?.marker).toBeUndefined();

    // Renewals from the new socket, as a y-websocket client sends them, until the old one counts as silent.
    let clock = 2;
    await waitFor(
      () => {
        fresh.ws.send(awarenessFrame(clientId, ++clock, { user: { name: 'Ana' }, marker: 'reclaimed' }));
        return stateOf(observer, clientId)?.marker === 'reclaimed';
      },
      { interval: 50, message: 'the new socket owns the id' },
    );
    expect((await old.closed).code).toBe(1006); // terminated
    expect(server.logs.some((l) => l.includes('terminating a silent socket'))).toBe(true);
    // Ana never left the others' presence (the old socket's close did not remove her).
    await waitFor(() => server.rooms.connections === 2);
    expect(removed).not.toContain(clientId);
    expect(stateOf(observer, clientId)).toMatchObject({ marker: 'reclaimed', role: 'editor' });
  });
});

describe('viewer health', () => {
  /** The longest time the client went without receiving anything, over `ms`. */
  async function longestSilence(client: TestClient, ms: number): Promise<number> {
    const start = Date.now();
    let longest = 0;
    await waitFor(
      () => {
        longest = Math.max(longest, Date.now() - client.provider.wsLastMessageReceived);
        return Date.now() - start >= ms;
      },
      { interval: 10, timeout: ms + 5000 },
    );
    return longest;
  }

  /** Resolves once the client has received `count` more messages (each moves `wsLastMessageReceived`). */
  async function receives(client: TestClient, count: number): Promise<void> {
    let stamp = client.provider.wsLastMessageReceived;
    let received = 0;
    await waitFor(
      () => {
        if (client.provider.wsLastMessageReceived !== stamp) {
          stamp = client.provider.wsLastMessageReceived;
          received++;
        }
        return received >= count;
      },
      { interval: 5, timeout: 20_000, message: `${count} messages from the server` },
    );
  }

  it("a viewer alone in a quiet room, with no presence of its own, keeps receiving the server's keep-alive and stays connected", async () => {
    // Scale: production keepAliveMs 15 s against y-websocket's 30 s receive watchdog; here 250 ms against 500 ms.
    const keepAliveMs = 250;
    const watchdog = 2 * keepAliveMs;
    const server = await startServer({ seedDemo: false, keepAliveMs });
    const { id, tokens } = await createMatrix(server);
    const viewer = connectClient(server.syncUrl, id, tokens.viewer);
    // No local state: nothing for the server to echo back (the awareness echo alone would not keep this one alive).
    viewer.provider.awareness.setLocalState(null);
    await waitFor(() => viewer.provider.synced);
    // Gaps between messages are not measured here (a busy machine stretches them); that they keep coming is.
    await receives(viewer, 6);
    expect(viewer.provider.wsconnected).toBe(true);
    expect(viewer.closes).toEqual([]);
    // It was the keep-alive: the same client on a server without it hears nothing for longer.
    const quiet = await startServer({ seedDemo: false, keepAliveMs: 0 });
    const other = await createMatrix(quiet);
    const lonely = connectClient(quiet.syncUrl, other.id, other.tokens.viewer);
    lonely.provider.awareness.setLocalState(null);
    await waitFor(() => lonely.provider.synced);
    expect(await longestSilence(lonely, 2 * watchdog)).toBeGreaterThanOrEqual(watchdog);
  });
});
