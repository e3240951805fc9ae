/**
 * Share links (shared/access.ts): one row per matrix in `share_links`, in the same SQLite file.
 *
 * - Tokens are never stored: only their SHA-256 (a 256-bit random token needs no salt or
 *   slow hash). A presented token is hashed and compared in constant time.
 * - The editor and viewer tokens are also stored sealed (AES-256-GCM, key = HKDF-SHA256 of the
 *   facilitator token, salt = matrix id), so whoever presents the facilitator token can be shown
 *   all three links again, and nobody else (the server operator included) can.
 * - `generation` counts facilitator rotations: the demo's facilitator token is derived from it
 *   (server/secret.ts). `locked` is the facilitator's lock: editors are read-only while set.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { ROLES, isToken, type Role, type ShareTokens } from '../shared/access.ts';
import { migrate } from './migrate.ts';

/** What a valid token grants: the role and the token's hash (to find its sockets on rotation). */
export interface Grant {
  role: Role;
  tokenHash: string;
}

interface DbLinksRow {
  matrix_id: string;
  facilitator_hash: Buffer;
  editor_hash: Buffer;
  viewer_hash: Buffer;
  editor_sealed: Buffer;
  viewer_sealed: Buffer;
  generation: number;
  locked: number;
}

/** Sealed tokens of these roles are kept (the facilitator's is the key, so never stored). */
type SealedRole = Exclude<Role, 'facilitator'>;
const SEALED_ROLES: readonly SealedRole[] = ['editor', 'viewer'];

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token, 'utf8').digest();
}

function sealKey(facilitatorToken: string, matrixId: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(facilitatorToken, 'base64url'), Buffer.from(matrixId, 'utf8'), 'stance-grid share link v1', 32));
}

/** iv (12) ‖ ciphertext ‖ tag (16); the matrix id and role are authenticated, so sealed copies cannot be swapped. */
function seal(key: Buffer, matrixId: string, role: SealedRole, token: string): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${matrixId}|${role}`, 'utf8'));
  const body = Buffer.concat([cipher.update(Buffer.from(token, 'base64url')), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function unseal(key: Buffer, matrixId: string, role: SealedRole, sealed: Buffer): string {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(`${matrixId}|${role}`, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('base64url');
}

export class ShareLinkError extends Error {}

export interface ShareLinksOptions {
  /**
   * A facilitator token derived rather than random (the demo's, server/secret.ts), or null.
   * Called at creation (generation 0) and on each facilitator rotation (the new generation).
   */
  derive?: (matrixId: string, generation: number) => string | null;
}

export class ShareLinks {
  private statements;
  /**
   * `locked` per matrix as last read: it is read per incoming update (server/lock.ts). Every write
   * of the column goes through this class (insert, recreate, setLocked), which drops the entry
   * (matrices are never deleted; a deleted one would keep its last value here).
   */
  private lockedCache = new Map<string, boolean>();
  private derive: (matrixId: string, generation: number) => string | null;

  constructor(
    private db: Database.Database,
    options: ShareLinksOptions = {},
  ) {
    this.derive = options.derive ?? (() => null);
    migrate(db, 'share_links', [
      `CREATE TABLE IF NOT EXISTS share_links (
        matrix_id TEXT PRIMARY KEY REFERENCES matrices(id) ON DELETE CASCADE,
        facilitator_hash BLOB NOT NULL,
        editor_hash BLOB NOT NULL,
        viewer_hash BLOB NOT NULL,
        editor_sealed BLOB NOT NULL,
        viewer_sealed BLOB NOT NULL,
        generation INTEGER NOT NULL DEFAULT 0,
        locked INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      )`,
    ]);
    this.statements = {
      get: db.prepare<[string], DbLinksRow>('SELECT * FROM share_links WHERE matrix_id = ?'),
      insert: db.prepare(
        `INSERT INTO share_links (matrix_id, facilitator_hash, editor_hash, viewer_hash, editor_sealed, viewer_sealed, generation, locked, updated_at)
         VALUES (@matrixId, @facilitatorHash, @editorHash, @viewerHash, @editorSealed, @viewerSealed, @generation, 0, @now)`,
      ),
      replace: db.prepare(
        `UPDATE share_links SET facilitator_hash = @facilitatorHash, editor_hash = @editorHash, viewer_hash = @viewerHash,
         editor_sealed = @editorSealed, viewer_sealed = @viewerSealed, generation = @generation, updated_at = @now WHERE matrix_id = @matrixId`,
      ),
      remove: db.prepare<[string]>('DELETE FROM share_links WHERE matrix_id = ?'),
      // Read per incoming update (server/lock.ts) when not cached: the one column, by primary key.
      locked: db.prepare<[string], { locked: number }>('SELECT locked FROM share_links WHERE matrix_id = ?'),
      setLocked: db.prepare<[number, string, string]>('UPDATE share_links SET locked = ?, updated_at = ? WHERE matrix_id = ?'),
      missing: db.prepare<[], { id: string }>('SELECT id FROM matrices WHERE id NOT IN (SELECT matrix_id FROM share_links) ORDER BY created_at'),
    };
  }

  has(matrixId: string): boolean {
    return this.statements.get.get(matrixId) !== undefined;
  }

  /** Matrices without links (created before share links existed): see the migration in server.ts. */
  missing(): string[] {
    return this.statements.missing.all().map((r) => r.id);
  }

  /** Gives a new matrix its three links. Call in the transaction that creates the matrix. */
  create(matrixId: string): ShareTokens {
    const tokens: ShareTokens = { facilitator: this.derive(matrixId, 0) ?? newToken(), editor: newToken(), viewer: newToken() };
    this.lockedCache.delete(matrixId);
    this.statements.insert.run(this.rowValues(matrixId, tokens, 0));
    return tokens;
  }

  /** Throws the links away and makes new ones (the demo, when secret.key no longer matches). */
  recreate(matrixId: string): ShareTokens {
    return this.db.transaction(() => {
      this.lockedCache.delete(matrixId);
      this.statements.remove.run(matrixId);
      return this.create(matrixId);
    })();
  }

  /** The role a token grants on this matrix, or null (no such matrix, another matrix's token, a replaced one). */
  authenticate(matrixId: string, token: string | null | undefined): Grant | null {
    if (!isToken(token)) return null;
    const row = this.statements.get.get(matrixId);
    if (!row) return null;
    const hash = hashToken(token);
    let role: Role | null = null;
    // Check all three every time, in constant time, so timing says nothing about which matched.
    for (const r of ROLES) if (crypto.timingSafeEqual(hash, row[`${r}_hash`])) role = r;
    return role ? { role, tokenHash: hash.toString('hex') } : null;
  }

  /** All three tokens, for whoever presents the facilitator token. */
  reveal(matrixId: string, facilitatorToken: string): ShareTokens {
    const row = this.facilitatorRow(matrixId, facilitatorToken);
    const key = sealKey(facilitatorToken, matrixId);
    return {
      facilitator: facilitatorToken,
      editor: unseal(key, matrixId, 'editor', row.editor_sealed),
      viewer: unseal(key, matrixId, 'viewer', row.viewer_sealed),
    };
  }

  /**
   * Replaces one role's token. The facilitator token presented is the key to the sealed copies;
   * replacing the facilitator's re-seals the others under the new one. Returns the new set and
   * the hash of the replaced token (its sockets must be closed).
   */
  rotate(matrixId: string, role: Role, facilitatorToken: string): { tokens: ShareTokens; replacedHash: string } {
    return this.db.transaction(() => {
      const row = this.facilitatorRow(matrixId, facilitatorToken);
      const tokens = this.reveal(matrixId, facilitatorToken);
      const replacedHash = row[`${role}_hash`].toString('hex');
      let generation = row.generation;
      if (role === 'facilitator') {
        generation += 1;
        tokens.facilitator = this.derive(matrixId, generation) ?? newToken();
      } else {
        tokens[role] = newToken();
      }
      this.statements.replace.run(this.rowValues(matrixId, tokens, generation));
      return { tokens, replacedHash };
    })();
  }

  generation(matrixId: string): number {
    return this.statements.get.get(matrixId)?.generation ?? 0;
  }

  isLocked(matrixId: string): boolean {
    const cached = this.lockedCache.get(matrixId);
    if (cached !== undefined) return cached;
    const row = this.statements.locked.get(matrixId);
    if (row) this.lockedCache.set(matrixId, row.locked === 1);
    return row?.locked === 1;
  }

  setLocked(matrixId: string, locked: boolean): void {
    this.lockedCache.delete(matrixId);
    this.statements.setLocked.run(locked ? 1 : 0, new Date().toISOString(), matrixId);
  }

  private facilitatorRow(matrixId: string, facilitatorToken: string): DbLinksRow {
    const grant = this.authenticate(matrixId, facilitatorToken);
    const row = this.statements.get.get(matrixId);
    if (!row || grant?.role !== 'facilitator') throw new ShareLinkError('not the facilitator token of this matrix');
    return row;
  }

  private rowValues(matrixId: string, tokens: ShareTokens, generation: number) {
    const key = sealKey(tokens.facilitator, matrixId);
    const sealed = Object.fromEntries(SEALED_ROLES.map((r) => [r, seal(key, matrixId, r, tokens[r])])) as Record<SealedRole, Buffer>;
    return {
      matrixId,
      facilitatorHash: hashToken(tokens.facilitator),
      editorHash: hashToken(tokens.editor),
      viewerHash: hashToken(tokens.viewer),
      editorSealed: sealed.editor,
      viewerSealed: sealed.viewer,
      generation,
      now: new Date().toISOString(),
    };
  }
}
