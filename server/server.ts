/**
 * The server factory: one HTTP server for the API, the built client and the sync endpoint
 * (ws://HOST:PORT/sync/<matrixId>?token=<share link token>, the standard y-websocket protocol).
 * Only main.ts listens on a fixed port and handles signals; tests call createServer({ port: 0, dataDir }).
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_PAYLOAD, SYNC_PATH } from '../shared/protocol.ts';
import type { ShareTokens } from '../shared/access.ts';
import { Storage } from './storage.ts';
import { Checkpointer } from './checkpoint.ts';
import { Rooms } from './rooms.ts';
import { consoleLogger, type Logger } from './log.ts';
import { setUpLinks, type MigratedMatrix } from './link-setup.ts';
import { Auth } from './auth.ts';
import { MatrixLock } from './lock.ts';
import { SnapshotStore } from './snapshots.ts';
import { DocumentStore } from './documents/store.ts';
import { Router, type Hook, type Route } from './http/router.ts';
import { createRequestHandler } from './http/handler.ts';
import { createPerimeter } from './http/security.ts';
import { securityOptions, type SecurityOptions } from './http/security-options.ts';
import { allRoutes, type AppContext } from './routes/index.ts';
import { attachSync } from './sync/upgrade.ts';
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './sync/limits.ts';
import type { ReactionLimits } from './sync/reactions.ts';

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  /** Largest websocket message accepted, in bytes (default 2 MiB). */
  maxPayload?: number;
  /** Heartbeat: ping every N ms; a socket that missed the previous pong is dropped. */
  pingIntervalMs?: number;
  /**
   * A socket that was sent nothing for about this long gets an empty awareness update (default
   * 15 s, half of y-websocket's 30 s receive timeout); 0 turns it off.
   */
  keepAliveMs?: number;
  /** Unload a room this long after its last client left. */
  idleUnloadMs?: number;
  compactEvery?: number;
  maxAwarenessBytes?: number;
  /** Directory of the built client (default: dist/ beside the repo root). */
  staticDir?: string;
  /**
   * Create the demo matrix when missing (default true); 'child' builds it in a short-lived child
   * process (main.ts: the server then rests in less memory; server/link-setup.ts).
   */
  seedDemo?: boolean | 'child';
  /** Give the demo's links to a browser on this machine (GET /api/demo/links; default true; --no-demo-links turns it off). */
  localDemoLinks?: boolean;
  /** When set, creating matrices (create, import, restore) and listing them need this token. */
  createToken?: string | null;
  logger?: Logger;
  /** Security headers, rate limits, origins, proxy (server/http/security-options.ts; defaults when absent). */
  security?: Partial<Omit<SecurityOptions, 'limits'>> & { limits?: Partial<SecurityOptions['limits']> };
  /** Limits of the sync endpoint (server/sync/limits.ts, README "Security model — sync"); defaults for those left out. */
  syncLimits?: Partial<SyncLimits>;
  /** Limits of reactions to cells (server/sync/reactions.ts); defaults for those left out. */
  reactionLimits?: Partial<ReactionLimits>;
  /** Run before every HTTP request (security headers, rate limits); see server/http/router.ts `Hook`. */
  hooks?: Hook[];
  /** More routes, given the server's stores (they are matched after the built-in ones). */
  routes?: (app: AppContext) => Route[];
}

export interface StanceGridServer {
  /** http://host:port */
  url: string;
  /** ws://host:port/sync — pass to `new WebsocketProvider(syncUrl, matrixId, doc)`. */
  syncUrl: string;
  port: number;
  rooms: Rooms;
  storage: Storage;
  /** The demo matrix's three tokens (derived from DATA_DIR/secret.key), or null without a demo. */
  demoLinks: ShareTokens | null;
  /** Matrices stored before share links existed that were given links at this start (print them: shown once). */
  migratedLinks: MigratedMatrix[];
  close(): Promise<void>;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function createServer(options: ServerOptions): Promise<StanceGridServer> {
  const log = options.logger ?? consoleLogger;
  const storage = new Storage(options.dataDir);
  // From here on, WAL checkpoints run in a worker thread, never inside a commit (server/checkpoint.ts).
  const checkpoints = new Checkpointer(storage, log);
  const { links, demoLinks, migrated } = await setUpLinks(storage, options.dataDir, {
    seed: options.seedDemo === false ? 'none' : options.seedDemo === 'child' ? 'child' : 'inline',
    log,
  });
  const auth = new Auth(links, options.createToken);
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  const lock = new MatrixLock(links);
  const syncLimits: SyncLimits = { ...DEFAULT_SYNC_LIMITS, ...options.syncLimits };
  const rooms = new Rooms(
    storage,
    log,
    {
      compactEvery: options.compactEvery ?? 500,
      maxAwarenessBytes: options.maxAwarenessBytes ?? 16 * 1024,
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      staleOwnerMs: 2 * pingIntervalMs,
      limits: syncLimits,
      ...(options.reactionLimits ? { reactionLimits: options.reactionLimits } : {}),
    },
    (id) => lock.isLocked(id),
  );
  // A loaded room tells every connection its new rights.
  lock.onChange((id) => rooms.loaded(id)?.accessChanged());
  const perimeter = createPerimeter(securityOptions(options.security), log);
  const app: AppContext = {
    storage,
    rooms,
    auth,
    links,
    lock,
    snapshots: new SnapshotStore(storage.database),
    documents: new DocumentStore(storage.database),
    log,
    security: perimeter.options,
    demo: { links: demoLinks, localLinks: options.localDemoLinks !== false },
  };
  const router = new Router([...allRoutes(app), ...(options.routes?.(app) ?? [])], auth, (id) => rooms.exists(id), perimeter.limits);
  const staticDir = path.resolve(options.staticDir ?? path.join(REPO_ROOT, 'dist'));
  const httpServer = http.createServer(createRequestHandler({ router, hooks: [...perimeter.hooks, ...(options.hooks ?? [])], staticDir, log }));
  const sync = attachSync(
    httpServer,
    { rooms, auth, log, originAllowed: perimeter.upgradeAllowed },
    { maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD, pingIntervalMs, keepAliveMs: options.keepAliveMs ?? 15_000, limits: syncLimits },
  );

  // The last of a stop, once no request can arrive (after the HTTP server closed, or never listened).
  const closeStores = async () => {
    sync.terminate();
    await checkpoints.close();
    storage.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // A port in use (EADDRINUSE) or not ours (EACCES): nothing stays open, so the caller may try
    // another port, and the database is closed cleanly before main.ts exits.
    rooms.destroyAll();
    await closeStores();
    throw err;
  }
  const { port } = httpServer.address() as AddressInfo;
  const host = !options.host || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    syncUrl: `ws://${host}:${port}${SYNC_PATH}`,
    port,
    rooms,
    storage,
    demoLinks,
    migratedLinks: migrated,
    close() {
      closing ??= (async () => {
        sync.closeSockets();
        rooms.destroyAll();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await closeStores();
      })();
      return closing;
    },
  };
}
