/**
 * The server factory: one HTTP server for the API, the built client and the sync endpoint
 * (ws://HOST:PORT/sync/<matrixId>?token=<share link token>, the standard y-websocket protocol).
 * Only main.ts listens on a fixed port and handles signals; tests call createServer({ port: 0, dataDir }).
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { CloseCode, CloseReason, DEFAULT_MAX_PAYLOAD, SYNC_PATH } from '../shared/protocol.ts';
import type { ShareTokens } from '../shared/access.ts';
import { isMatrixId } from '../shared/ids.ts';
import { Storage } from './storage.ts';
import { Rooms } from './rooms.ts';
import { ProtocolError } from './room.ts';
import { consoleLogger, type Logger } from './log.ts';
import { setUpLinks, type MigratedMatrix } from './link-setup.ts';
import { Auth } from './auth.ts';
import { createApi } from './api.ts';
import { serveStatic } from './static.ts';
import { HttpError, sendError } from './http-util.ts';

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
  /** Create the demo matrix when missing (default true). */
  seedDemo?: boolean;
  /** When set, creating matrices (create, import, restore) and listing them need this token. */
  createToken?: string | null;
  logger?: Logger;
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
  const { links, demoLinks, migrated } = setUpLinks(storage, options.dataDir, { seed: options.seedDemo !== false, log });
  const auth = new Auth(links, options.createToken);
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  const rooms = new Rooms(
    storage,
    log,
    {
      compactEvery: options.compactEvery ?? 500,
      maxAwarenessBytes: options.maxAwarenessBytes ?? 16 * 1024,
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      staleOwnerMs: 2 * pingIntervalMs,
    },
    (id) => links.isLocked(id),
  );
  const staticDir = path.resolve(options.staticDir ?? path.join(REPO_ROOT, 'dist'));
  const api = createApi({ storage, rooms, auth, log });

  const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    api(req, res, url)
      .then((handled) => {
        if (handled) return;
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed here.`);
        serveStatic(staticDir, req, res, url.pathname);
      })
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        if (err instanceof HttpError) return sendError(res, err);
        // The path only: a query may carry a share-link token.
        log.error('request failed', { path: url.pathname, error: String(err) });
        sendError(res, new HttpError(500, 'internal', 'Something went wrong on the server.'));
      });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD });
  const alive = new WeakMap<WebSocket, boolean>();

  /** Completes the handshake only to say why, with a permanent close code. */
  const refuse = (req: http.IncomingMessage, socket: Socket, head: Buffer, code: CloseCode) => {
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, CloseReason[code]));
  };

  httpServer.on('upgrade', (req, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = SYNC_PATH + '/';
    if (!url.pathname.startsWith(prefix)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    let matrixId: string;
    try {
      matrixId = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      matrixId = '';
    }
    if (!isMatrixId(matrixId)) {
      log.warn('refused sync: invalid matrix id', { id: matrixId.slice(0, 80) });
      return refuse(req, socket, head, CloseCode.invalidMatrixId);
    }
    if (!rooms.loaded(matrixId) && !storage.exists(matrixId)) {
      return refuse(req, socket, head, CloseCode.notFound);
    }
    // The role is fixed here, for the life of the socket (rotation closes it with 4410).
    const grant = auth.authenticate(matrixId, url.searchParams.get('token'));
    if (!grant) {
      log.warn('refused sync: missing or invalid token', { matrix: matrixId });
      return refuse(req, socket, head, CloseCode.unauthorized);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let room;
      try {
        room = rooms.get(matrixId);
      } catch (err) {
        log.error('could not load matrix', { matrix: matrixId, error: String(err) });
        ws.close(CloseCode.storageFailure, CloseReason[CloseCode.storageFailure]);
        return;
      }
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      ws.on('error', (err) => {
        // e.g. a frame over maxPayload (ws then closes with 1009) or a broken socket.
        log.warn('socket error', { matrix: matrixId, error: err.message });
      });
      ws.on('close', () => {
        room.leave(ws);
        rooms.released(matrixId);
      });
      ws.on('message', (data: RawData, isBinary: boolean) => {
        try {
          if (!isBinary) throw new ProtocolError(CloseCode.malformedMessage, 'text frame');
          const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          room.handleMessage(ws, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        } catch (err) {
          const code = err instanceof ProtocolError ? err.code : CloseCode.malformedMessage;
          log.warn('closing socket after bad message', { matrix: matrixId, code, error: err instanceof Error ? err.message : String(err) });
          room.close(ws, code);
          rooms.released(matrixId);
        }
      });
      room.join(ws, grant);
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, pingIntervalMs);
  heartbeat.unref();

  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const keepAlive =
    keepAliveMs > 0
      ? setInterval(() => {
          for (const room of rooms.all()) room.keepAlive(keepAliveMs / 2);
        }, keepAliveMs / 2)
      : null;
  keepAlive?.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
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
        clearInterval(heartbeat);
        if (keepAlive) clearInterval(keepAlive);
        for (const ws of wss.clients) ws.close(CloseCode.shuttingDown, CloseReason[CloseCode.shuttingDown]);
        rooms.destroyAll();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        storage.close();
      })();
      return closing;
    },
  };
}
