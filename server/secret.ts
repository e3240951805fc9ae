/**
 * The server's own secret, DATA_DIR/secret.key (32 random bytes, base64url, mode 0600), made on
 * first start. Its one use: the demo matrix's facilitator token is derived from it, so the server
 * can print the demo's links on every start. Whoever holds secret.key can re-derive the demo's
 * links; the links of every other matrix are random and cannot be recovered from anything.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'secret.key';

export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    // 'wx': never overwrite a secret another process (or an earlier start) made.
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Made by an older start, perhaps readable by others: owner-only from now on.
    fs.chmodSync(file, 0o600);
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  if (secret.length !== 32) {
    throw new Error(
      `${file} is not a secret this server made (expected 32 bytes, base64url). Move it away to let the server make a new one; the demo then gets new links.`,
    );
  }
  return secret;
}

/** The demo's facilitator token for a generation: base64url(HMAC-SHA256(secret, "demo:<id>:<generation>")), 32 bytes. */
export function demoFacilitatorToken(secret: Buffer, matrixId: string, generation: number): string {
  return crypto.createHmac('sha256', secret).update(`demo:${matrixId}:${generation}`).digest().subarray(0, 32).toString('base64url');
}
