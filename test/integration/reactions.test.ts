/**
 * Reactions (issue 11.15) through the real server and real y-websocket clients: viewers react
 * and everyone sees the counts, without viewers gaining any right to change the matrix.
 */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { addAxisItem, deleteAxisItem, readAxis } from '../../shared/matrix.ts';
import { CloseCode, MessageType } from '../../shared/protocol.ts';
import { cellKey } from '../../shared/schema.ts';
import { encodeReactionFrame, parseReactionEvent, type ReactionEvent, type ReactionRequest } from '../../shared/reactions.ts';
import type { Role } from '../../shared/access.ts';
import { createMatrix, startServer, type TestServer } from '../utils/server.ts';
import { connectSynced, type TestClient } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';

interface Reactor extends TestClient {
  events: ReactionEvent[];
  send(request: ReactionRequest): void;
  /** The newest counts this client was sent for `cell`. */
  counts(cell: string): Record<string, number> | undefined;
}

async function connectReactor(server: TestServer, id: string, token: string, person: string): Promise<Reactor> {
  const client = await connectSynced(server.syncUrl, id, token);
  const events: ReactionEvent[] = [];
  client.provider.messageHandlers[MessageType.reaction] = (_encoder, decoder) => {
    const event = parseReactionEvent(decoding.readVarString(decoder));
    if (event) events.push(event);
  };
  const send = (request: ReactionRequest) => client.provider.ws?.send(encodeReactionFrame(request));
  const counts = (cell: string) => {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.t === 'cell' && e.cell === cell) return e.counts;
      if (e.t === 'state') return e.counts[cell] ?? {};
    }
    return undefined;
  };
  send({ t: 'hello', person });
  await waitFor(() => events.some((e) => e.t === 'state'), { message: 'reaction state' });
  return Object.assign(client, { events, send, counts });
}

async function matrixWithCell(server: TestServer) {
  const { id, tokens } = await createMatrix(server, 'Reactions');
  const editor = await connectSynced(server.syncUrl, id, tokens.editor);
  const partyId = addAxisItem(editor.doc, 'parties', { name: 'Greens' });
  const issueId = addAxisItem(editor.doc, 'issues', { name: 'Energy' });
  await waitFor(() => readAxis(server.rooms.get(id).doc, 'issues').length === 1, { message: 'cell on the server' });
  return { id, tokens, cell: cellKey(partyId, issueId), editor };
}

const person = (n: number) => `person-key-${String(n).padStart(8, '0')}`;
const refusals = (c: Reactor) => c.events.filter((e) => e.t === 'refused').map((e) => (e as { reason: string }).reason);

describe('reactions to cells', () => {
  it('a viewer reacts and the editor sees the count; toggling again takes it back; a joiner gets the counts', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens, cell } = await matrixWithCell(server);
    const viewer = await connectReactor(server, id, tokens.viewer, person(1));
    const editor = await connectReactor(server, id, tokens.editor, person(2));
    viewer.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => editor.counts(cell)?.agree === 1, { message: 'editor sees 1 agree' });
    // The viewer is told its own choice; the editor's own list stays empty.
    await waitFor(() => viewer.events.some((e) => e.t === 'cell' && e.mine.includes('agree')));
    expect(editor.events.filter((e) => e.t === 'cell').every((e) => e.t === 'cell' && e.mine.length === 0)).toBe(true);
    // One of each kind per person: a second tab with the same key toggles the same reaction off.
    editor.send({ t: 'toggle', cell, kind: 'question' });
    const sameBrowser = await connectReactor(server, id, tokens.viewer, person(1));
    expect(sameBrowser.events[0]).toMatchObject({ t: 'state', counts: { [cell]: { agree: 1, question: 1 } }, mine: { [cell]: ['agree'] } });
    sameBrowser.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => editor.counts(cell)?.agree === undefined && editor.counts(cell)?.question === 1, { message: 'agree taken back' });
    // Nothing of it is in the matrix.
    expect(JSON.stringify(server.rooms.get(id).doc.toJSON())).not.toContain('agree');
  });

  it('a viewer still cannot change the matrix', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens, cell } = await matrixWithCell(server);
    const viewer = await connectReactor(server, id, tokens.viewer, person(1));
    viewer.send({ t: 'toggle', cell, kind: 'disagree' });
    addAxisItem(viewer.doc, 'parties', { name: 'Sneaky' });
    await waitFor(() => viewer.access.some((a) => a.rejected?.reason === 'read-only'), { message: 'read-only rejection' });
    expect(readAxis(server.rooms.get(id).doc, 'parties').map((p) => p.name)).toEqual(['Greens']);
    expect(viewer.counts(cell)).toEqual({ disagree: 1 });
  });

  it('refuses an unknown cell and closes a socket that sends a kind that does not exist', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens, cell } = await matrixWithCell(server);
    const viewer = await connectReactor(server, id, tokens.viewer, person(1));
    viewer.send({ t: 'toggle', cell: 'nope|missing', kind: 'agree' });
    await waitFor(() => refusals(viewer).includes('cell'), { message: 'unknown cell refused' });
    // A toggle before hello has no person to count.
    const anonymous = await connectSynced(server.syncUrl, id, tokens.viewer);
    const events: ReactionEvent[] = [];
    anonymous.provider.messageHandlers[MessageType.reaction] = (_e, d) => void events.push(parseReactionEvent(decoding.readVarString(d))!);
    anonymous.provider.ws?.send(encodeReactionFrame({ t: 'toggle', cell, kind: 'agree' }));
    await waitFor(() => events.some((e) => e.t === 'refused' && e.reason === 'hello'), { message: 'toggle before hello refused' });
    // Not a reaction at all: the sender is closed as malformed.
    viewer.provider.ws?.send(encodeReactionFrame({ t: 'toggle', cell, kind: 'love' } as unknown as ReactionRequest));
    await waitFor(() => viewer.closes.some((c) => c.code === CloseCode.malformedMessage), { message: 'closed for a bad kind' });
    expect(server.rooms.get(id).reactions.table.counts(cell)).toEqual({});
  });

  it('forgets the reactions of a deleted cell: a joiner is not sent them', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens, cell, editor } = await matrixWithCell(server);
    const viewer = await connectReactor(server, id, tokens.viewer, person(1));
    viewer.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => viewer.counts(cell)?.agree === 1);
    deleteAxisItem(editor.doc, 'parties', readAxis(editor.doc, 'parties')[0]!.id);
    await waitFor(() => readAxis(server.rooms.get(id).doc, 'parties').length === 0, { message: 'party deleted on the server' });
    const late = await connectReactor(server, id, tokens.viewer, person(2));
    expect(late.events[0]).toEqual({ t: 'state', counts: {}, mine: {} });
  });

  it('only the facilitator clears, one cell or all', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens, cell, editor: writer } = await matrixWithCell(server);
    const other = cellKey(readAxis(writer.doc, 'parties')[0]!.id, addAxisItem(writer.doc, 'issues', { name: 'Defence' }));
    await waitFor(() => readAxis(server.rooms.get(id).doc, 'issues').length === 2, { message: 'second cell on the server' });
    const roles: Role[] = ['viewer', 'editor', 'facilitator'];
    const [viewer, editor, facilitator] = await Promise.all(roles.map((r, i) => connectReactor(server, id, tokens[r], person(i))));
    viewer!.send({ t: 'toggle', cell, kind: 'agree' });
    viewer!.send({ t: 'toggle', cell: other, kind: 'question' });
    await waitFor(() => facilitator!.counts(other)?.question === 1, { message: 'both reactions in' });
    editor!.send({ t: 'clear' });
    await waitFor(() => refusals(editor!).includes('role'), { message: 'editor may not clear' });
    facilitator!.send({ t: 'clear', cell });
    await waitFor(() => viewer!.counts(cell) !== undefined && Object.keys(viewer!.counts(cell)!).length === 0, { message: 'one cell cleared' });
    expect(viewer!.counts(other)).toEqual({ question: 1 });
    facilitator!.send({ t: 'clear' });
    await waitFor(() => Object.keys(viewer!.counts(other) ?? { x: 1 }).length === 0, { message: 'all cleared' });
  });

  it('bounds: reactions per person and people per matrix, and a rate per socket', async () => {
    const server = await startServer({ seedDemo: false, reactionLimits: { maxPerPerson: 2, maxPeople: 2, perSecond: 1, burst: 4 } });
    const { id, tokens, cell } = await matrixWithCell(server);
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => connectReactor(server, id, tokens.viewer, person(n))));
    a!.send({ t: 'toggle', cell, kind: 'agree' });
    a!.send({ t: 'toggle', cell, kind: 'question' });
    a!.send({ t: 'toggle', cell, kind: 'disagree' });
    await waitFor(() => refusals(a!).includes('bounds'), { message: 'third reaction of one person refused' });
    b!.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => b!.counts(cell)?.agree === 2);
    c!.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => refusals(c!).includes('bounds'), { message: 'a third person refused' });
    // The burst (4, hello included) is spent: the next request is refused for rate.
    a!.send({ t: 'toggle', cell, kind: 'agree' });
    await waitFor(() => refusals(a!).includes('rate'), { message: 'rate refusal' });
    expect(server.rooms.get(id).reactions.table.counts(cell)).toEqual({ agree: 2, question: 1 });
  });
});
