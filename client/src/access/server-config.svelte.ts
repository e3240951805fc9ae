import { request } from '../lib/api.ts';
import { defineContext } from '../lib/context.ts';
import { ApiError } from '../lib/errors.ts';

export const CREATE_TOKEN_KEY = 'stance-grid:create-token';

function readStored(): string | null {
  try {
    return localStorage.getItem(CREATE_TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

/** Thrown when the person closed the create-token dialog: not an error to show. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * What this browser knows about the server: whether making a matrix needs the server's create
 * token (GET /api/config), whether it hands this browser the demo's links, and that token once typed (remembered in localStorage). The App
 * shows CreateTokenDialog while `asking` is set.
 */
export class ServerConfig {
  createTokenRequired = $state.raw<boolean | null>(null);
  /** The server gives this browser the demo's links (it runs on this machine): GET /api/demo/links. */
  demoLinksHere = $state.raw(false);
  createToken = $state.raw<string | null>(readStored());
  /** Set while the dialog asks for the token; `error` explains a refused one. */
  asking = $state.raw<{ error: string | null } | null>(null);
  #answer: ((token: string | null) => void) | null = null;
  #loading: Promise<boolean> | null = null;

  /** Does this server want a create token? (Asked once per page load.) */
  load(): Promise<boolean> {
    this.#loading ??= request<{ createTokenRequired?: unknown; demoLinksHere?: unknown }>('/api/config')
      .then((body) => {
        this.demoLinksHere = body.demoLinksHere === true;
        return (this.createTokenRequired = body.createTokenRequired === true);
      })
      .catch((err: unknown) => {
        this.#loading = null;
        throw err;
      });
    return this.#loading;
  }

  /**
   * Runs `create` with the create token when the server needs one, asking for it first if
   * this browser has none, and again (saying why) when the server refuses it (401/403).
   */
  async withCreateToken<T>(create: (createToken: string | null) => Promise<T>): Promise<T> {
    const required = await this.load().catch(() => false);
    let token = required ? (this.createToken ?? (await this.#ask(null))) : null;
    for (;;) {
      try {
        return await create(token);
      } catch (err) {
        if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
        this.createTokenRequired = true;
        this.#store(null);
        token = await this.#ask(
          token
            ? 'The server did not accept that create token. Check it (it is case-sensitive) and try again.'
            : 'This server asks for its create token before anyone makes a matrix.',
        );
      }
    }
  }

  answer(token: string | null): void {
    const resolve = this.#answer;
    this.#answer = null;
    this.asking = null;
    const clean = token?.trim() || null;
    if (clean) this.#store(clean);
    resolve?.(clean);
  }

  #ask(error: string | null): Promise<string> {
    this.#answer?.(null);
    this.asking = { error };
    return new Promise((resolve, reject) => {
      this.#answer = (token) => (token ? resolve(token) : reject(new Cancelled()));
    });
  }

  #store(token: string | null): void {
    this.createToken = token;
    try {
      if (token) localStorage.setItem(CREATE_TOKEN_KEY, token);
      else localStorage.removeItem(CREATE_TOKEN_KEY);
    } catch {
      // Kept for this page only.
    }
  }
}

export const serverConfigContext = defineContext<ServerConfig>('server config');
