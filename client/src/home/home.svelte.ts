import { getAccess, type AccessInfo } from '../access/access-api.ts';
import type { RememberedMatrices } from '../access/remembered.svelte.ts';
import type { ServerConfig } from '../access/server-config.svelte.ts';
import { listMatrices, type MatrixSummary } from '../lib/api.ts';
import { ApiError, userMessage } from '../lib/errors.ts';

/** What the server says about one remembered link: its access, or that it no longer works. */
export type LinkCheck = AccessInfo | 'invalid';

/**
 * The home page's data: the server's list of matrices (when this browser may read it) and a
 * check of each remembered link (GET /access), which also refreshes titles and lock states.
 */
export class HomeData {
  /** The server's list, or null when it is closed to this browser (create token configured). */
  server = $state.raw<MatrixSummary[] | null>(null);
  serverLoaded = $state.raw(false);
  checks = $state.raw<ReadonlyMap<string, LinkCheck>>(new Map());
  error = $state.raw<string | null>(null);
  summaries = $derived(new Map((this.server ?? []).map((m) => [m.id, m])));

  constructor(
    private readonly remembered: RememberedMatrices,
    private readonly config: ServerConfig,
  ) {}

  async load(): Promise<void> {
    this.error = null;
    await Promise.all([this.#loadServer(), this.#checkLinks()]);
  }

  async #loadServer(): Promise<void> {
    try {
      const required = await this.config.load();
      this.server = required && !this.config.createToken ? null : await listMatrices(required ? this.config.createToken : null);
    } catch (err) {
      // A closed list is normal (the server has a create token); anything else is worth saying.
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) this.server = null;
      else this.error = userMessage(err, 'Could not load the list of matrices.');
    } finally {
      this.serverLoaded = true;
    }
  }

  async #checkLinks(): Promise<void> {
    const results = await Promise.all(
      this.remembered.matrices.map(async (entry) => {
        try {
          const info = await getAccess(entry.id, entry.token);
          this.remembered.update(entry.id, { title: info.title, locked: info.locked });
          return [entry.id, info as LinkCheck] as const;
        } catch (err) {
          const dead = err instanceof ApiError && (err.status === 401 || err.status === 404);
          return dead ? ([entry.id, 'invalid' as LinkCheck] as const) : null;
        }
      }),
    );
    this.checks = new Map(results.filter((r) => r !== null));
  }
}
