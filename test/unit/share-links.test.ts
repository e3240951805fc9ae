import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isToken } from '../../shared/access.ts';
import { initMatrix } from '../../shared/matrix.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import { Storage } from '../../server/storage.ts';
import { ShareLinkError, ShareLinks, hashToken } from '../../server/share-links.ts';
import { demoFacilitatorToken } from '../../server/secret.ts';
import { storeNewMatrix } from '../../server/new-matrix.ts';
import { tempDataDir } from '../utils/server.ts';

function setUp(derive?: (id: string, generation: number) => string | null) {
  const storage = new Storage(tempDataDir());
  const links = new ShareLinks(storage.database, { derive });
  const make = (title: string) => {
    const doc = new Y.Doc();
    initMatrix(doc, { title }, SEED_ORIGIN);
    return storeNewMatrix(storage, links, doc)!;
  };
  return { storage, links, make };
}

describe('share links store', () => {
  it('gives each matrix three distinct random tokens, and each authenticates as its role on its matrix only', () => {
    const { links, make } = setUp();
    const a = make('A');
    const b = make('B');
    expect(Object.values(a.tokens).every(isToken)).toBe(true);
    expect(new Set([...Object.values(a.tokens), ...Object.values(b.tokens)]).size).toBe(6);
    for (const role of ['viewer', 'editor', 'facilitator'] as const) {
      expect(links.authenticate(a.id, a.tokens[role])).toEqual({ role, tokenHash: hashToken(a.tokens[role]).toString('hex') });
      expect(links.authenticate(b.id, a.tokens[role])).toBeNull();
    }
    for (const bad of [null, undefined, '', 'x', a.tokens.viewer + 'x', a.tokens.viewer.toUpperCase()]) expect(links.authenticate(a.id, bad)).toBeNull();
    expect(links.authenticate('no-such-matrix', a.tokens.viewer)).toBeNull();
  });

  it('only the facilitator token unseals the other links', () => {
    const { links, make } = setUp();
    const { id, tokens } = make('Sealed');
    expect(links.reveal(id, tokens.facilitator)).toEqual(tokens);
    expect(() => links.reveal(id, tokens.editor)).toThrow(ShareLinkError);
    expect(() => links.rotate(id, 'viewer', tokens.viewer)).toThrow(ShareLinkError);
  });

  it('rotating replaces only that role; rotating the facilitator re-seals the others under the new token', () => {
    const { links, make } = setUp();
    const { id, tokens } = make('Rotate');
    const r1 = links.rotate(id, 'viewer', tokens.facilitator);
    expect(r1.replacedHash).toBe(hashToken(tokens.viewer).toString('hex'));
    expect({ ...r1.tokens, viewer: '' }).toEqual({ ...tokens, viewer: '' });
    expect(links.authenticate(id, tokens.viewer)).toBeNull();
    const r2 = links.rotate(id, 'facilitator', tokens.facilitator);
    expect(r2.tokens.facilitator).not.toBe(tokens.facilitator);
    expect(links.reveal(id, r2.tokens.facilitator)).toEqual({ ...r1.tokens, facilitator: r2.tokens.facilitator });
    expect(() => links.reveal(id, tokens.facilitator)).toThrow(ShareLinkError);
    expect(links.generation(id)).toBe(1);
  });

  it('derives the demo facilitator token per generation, and the lock is stored per matrix', () => {
    const secret = Buffer.alloc(32, 7);
    const { links, make } = setUp((_id, generation) => demoFacilitatorToken(secret, 'derived', generation));
    const { id, tokens } = make('Derived');
    expect(tokens.facilitator).toBe(demoFacilitatorToken(secret, 'derived', 0));
    expect(isToken(tokens.facilitator)).toBe(true);
    expect(links.rotate(id, 'facilitator', tokens.facilitator).tokens.facilitator).toBe(demoFacilitatorToken(secret, 'derived', 1));
    expect(demoFacilitatorToken(Buffer.alloc(32, 8), 'derived', 0)).not.toBe(tokens.facilitator);
    expect(links.isLocked(id)).toBe(false);
    links.setLocked(id, true);
    expect(links.isLocked(id)).toBe(true);
  });

  it('the lock as read per update follows every write of it: lock, rotation (kept), recreate (cleared), unlock', () => {
    const { links, make } = setUp();
    const a = make('A');
    const b = make('B');
    expect([links.isLocked(a.id), links.isLocked(b.id)]).toEqual([false, false]);
    links.setLocked(a.id, true);
    expect([links.isLocked(a.id), links.isLocked(b.id)]).toEqual([true, false]);
    links.rotate(a.id, 'facilitator', a.tokens.facilitator);
    expect(links.isLocked(a.id)).toBe(true);
    links.recreate(a.id);
    expect(links.isLocked(a.id)).toBe(false);
    links.setLocked(b.id, true);
    links.setLocked(b.id, false);
    expect(links.isLocked(b.id)).toBe(false);
    expect(links.isLocked('no-such-matrix')).toBe(false);
  });

  it('deleting a matrix deletes its links (foreign key)', () => {
    const { storage, links, make } = setUp();
    const { id } = make('Gone');
    storage.database.prepare('DELETE FROM matrices WHERE id = ?').run(id);
    expect(links.has(id)).toBe(false);
  });
});
