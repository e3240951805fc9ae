/**
 * Single-use download links: a browser that needs a plain link (an <a download>) asks for one
 * with its token in the Authorization header and gets `/api/downloads/<id>`, which names no
 * token, works once, and only for a short while (60 s by default). Kept in memory: a restart
 * only means asking again. Bounded: expired links are swept on each new one, and at most
 * MAX_OPEN links wait at a time.
 */
import crypto from 'node:crypto';
import { HttpError } from './respond.ts';

const MAX_OPEN = 10_000;

export class DownloadLinks<T> {
  private links = new Map<string, { target: T; expiresAt: number }>();

  constructor(
    private lifetimeMs: number,
    private now: () => number = Date.now,
  ) {}

  /** A new link's id and when it expires. */
  create(target: T): { id: string; expiresAt: Date } {
    const now = this.now();
    for (const [id, link] of this.links) if (link.expiresAt <= now) this.links.delete(id);
    if (this.links.size >= MAX_OPEN)
      throw new HttpError(429, 'rate-limited', 'Too many download links are waiting; try again in a minute.', { 'retry-after': '60' });
    const id = crypto.randomBytes(24).toString('base64url');
    const expiresAt = now + this.lifetimeMs;
    this.links.set(id, { target, expiresAt });
    return { id, expiresAt: new Date(expiresAt) };
  }

  /** The link's target, once: it is gone afterwards. 404 `download-expired` when unknown, used or expired. */
  take(id: string): T {
    const link = this.links.get(id);
    this.links.delete(id);
    if (!link || link.expiresAt <= this.now()) {
      throw new HttpError(404, 'download-expired', 'This download link has expired or was already used. Export again from the matrix.');
    }
    return link.target;
  }
}
