/**
 * The room's awareness ownership rule with stand-in sockets, for the states a real socket is
 * hard to hold in: an old socket that is closing while the client's new socket already speaks.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { initMatrix } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { Room } from '../../server/room.ts';
import { memoryLogger } from '../../server/log.ts';
import { awarenessFrame } from '../utils/frames.ts';
import { tempDataDir } from '../utils/server.ts';

class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  terminated = false;
  send(_data: Uint8Array, cb?: (err?: Error) => void) {
    cb?.();
  }
  close() {
    this.readyState = 2;
  }
  terminate() {
    this.readyState = 3;
    this.terminated = true;
  }
}

function room(staleOwnerMs = 60_000) {
  const storage = new Storage(tempDataDir());
  const doc = new Y.Doc();
  initMatrix(doc, { title: 'T' }, SEED_ORIGIN);
  storage.create('room-test', 'T', Y.encodeStateAsUpdate(doc), { parties: 0, issues: 0, coded: 0, sources: 0 });
  const log = memoryLogger();
  const r = new Room('room-test', storage, log, { compactEvery: 500, maxAwarenessBytes: 16 * 1024, staleOwnerMs });
  const join = () => {
    const ws = new FakeSocket();
    r.join(ws as unknown as WebSocket, { role: 'editor', tokenHash: 'h' });
    return ws as FakeSocket & WebSocket;
  };
  const user = (id: number) => (r.awareness.getStates().get(id) as { user?: { name: string } } | undefined)?.user?.name;
  return { r, join, user, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('awareness ownership', () => {
  it('a live, recently heard owner keeps its client id (no spoofing)', () => {
    const { r, join, user } = room();
    const owner = join();
    const other = join();
    r.handleMessage(owner, awarenessFrame(7, 1, { user: { name: 'Ana' } }));
    r.handleMessage(other, awarenessFrame(7, 2, { user: { name: 'Mallory' } }));
    expect(user(7)).toBe('Ana');
    expect(owner.terminated).toBe(false);
  });

  it('a client reclaims its id from its old socket while that one is closing, and the old close does not remove it', () => {
    const { r, join, user } = room();
    const old = join();
    r.handleMessage(old, awarenessFrame(7, 1, { user: { name: 'Ana' } }));
    old.close(); // closing: the close event (and leave) comes later
    const fresh = join();
    // Same clock as before: a reconnect re-sends its last state unchanged.
    r.handleMessage(fresh, awarenessFrame(7, 1, { user: { name: 'Ana' } }));
    r.leave(old);
    expect(user(7)).toBe('Ana');
    r.handleMessage(fresh, awarenessFrame(7, 2, { user: { name: 'Ana B.' } }));
    expect(user(7)).toBe('Ana B.');
    // …and the new socket now owns it: its own leave removes it.
    r.leave(fresh);
    expect(r.awareness.getStates().has(7)).toBe(false);
  });

  it('an owner silent for longer than staleOwnerMs is terminated and the id moves', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { r, join, user, log } = room(1000);
    const old = join();
    r.handleMessage(old, awarenessFrame(7, 1, { user: { name: 'Ana' } }));
    const fresh = join();
    vi.advanceTimersByTime(900);
    r.handleMessage(fresh, awarenessFrame(7, 2, { user: { name: 'Ana again' } }));
    expect(user(7)).toBe('Ana');
    vi.advanceTimersByTime(200);
    r.handleMessage(fresh, awarenessFrame(7, 3, { user: { name: 'Ana again' } }));
    expect(user(7)).toBe('Ana again');
    expect(old.terminated).toBe(true);
    expect(log.lines.some((l) => l.includes('terminating a silent socket'))).toBe(true);
  });

  it('a state that is not a JSON object is refused (it could not carry a role)', () => {
    const { r, join } = room();
    const ws = join();
    r.handleMessage(ws, awarenessFrame(9, 1, 'just a string'));
    r.handleMessage(ws, awarenessFrame(10, 1, [1, 2]));
    expect(r.awareness.getStates().has(9) || r.awareness.getStates().has(10)).toBe(false);
  });
});
