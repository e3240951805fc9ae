/**
 * The sync endpoint, ws://HOST:PORT/sync/<matrixId>?token=<share link token>&schema=2: the upgrade
 * is checked by hand (id, existence, token, client schema) before the socket is accepted, then every frame goes to
 * the matrix's room inside a try/catch, so bad input closes only its sender. A heartbeat drops
 * sockets that stopped answering; a keep-alive feeds quiet clients' watchdogs.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { CloseCode, CloseReason, SCHEMA_PARAM, SYNC_PATH } from '../../shared/protocol.ts';
import { clientSchemaSupported } from '../../shared/timeline/migrate.ts';
import { isMatrixId } from '../../shared/ids.ts';
import type { Auth } from '../auth.ts';
import type { Logger } from '../log.ts';
import type { Rooms } from '../rooms.ts';
import type { Grant } from '../share-links.ts';
import { ProtocolError } from './messages.ts';
import { IpLimits } from './ip-limits.ts';
import { resumeReading } from './read-pause.ts';
import type { SyncLimits } from './limits.ts';

export interface SyncOptions {
  maxPayload: number;
  pingIntervalMs: number;
  /** 0 turns the keep-alive off. */
  keepAliveMs: number;
  limits: SyncLimits;
}

export function attachSync(
  httpServer: http.Server,
  deps: { rooms: Rooms; auth: Auth; log: Logger; originAllowed?: (req: http.IncomingMessage) => boolean },
  options: SyncOptions,
) {
  const { rooms, auth, log } = deps;
  // One message per socket per event-loop turn (ws then reads a socket's next frame on the next
  // turn): a socket sending thousands of frames cannot hold the loop away from the others.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, allowSynchronousEvents: false });
  /** Liveness: set by a pong echoing our last ping's random payload; an unprompted pong proves nothing. */
  const alive = new WeakMap<WebSocket, boolean>();
  const pinged = new WeakMap<WebSocket, Buffer>();
  const ipLimits = new IpLimits(options.limits);

  /** Completes the handshake only to say why, with a permanent close code. */
  const refuse = (req: http.IncomingMessage, socket: Socket, head: Buffer, code: CloseCode) => {
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, CloseReason[code]));
  };

  function accept(ws: WebSocket, matrixId: string, grant: Grant, ip: string): void {
    let room;
    try {
      room = rooms.get(matrixId);
    } catch (err) {
      log.error('could not load matrix', { matrix: matrixId, error: String(err) });
      ws.close(CloseCode.storageFailure, CloseReason[CloseCode.storageFailure]);
      return;
    }
    alive.set(ws, true);
    ws.on('pong', (data: Buffer) => {
      const expected = pinged.get(ws);
      if (!expected || !expected.equals(data)) return;
      pinged.delete(ws);
      alive.set(ws, true);
    });
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
    room.join(ws, grant, ipLimits.updateBucket(ip));
  }

  httpServer.on('upgrade', (req, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void upgrade(req, socket, head).catch((err: unknown) => {
      log.error('upgrade failed', { error: String(err) });
      socket.destroy();
    });
  });

  async function upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = SYNC_PATH + '/';
    if (!url.pathname.startsWith(prefix)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const ip = req.socket.remoteAddress ?? 'unknown';
    const limited = await ipLimits.refuse(ip);
    if (limited) {
      log.warn('refused sync: over a per-address limit', { ip, limit: limited });
      return refuse(req, socket, head, CloseCode.tooManyRequests);
    }
    // The slot is the TCP socket's: given back however the upgrade or the websocket ends.
    socket.once('close', () => ipLimits.closed(ip));
    let matrixId: string;
    try {
      matrixId = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      matrixId = '';
    }
    // Another site's page may not open a socket with a link it learned (server/http/origin.ts).
    if (deps.originAllowed && !deps.originAllowed(req)) {
      log.warn('refused sync: origin not allowed', { origin: String(req.headers.origin).slice(0, 200) });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    // Probing for ids counts as failed authentication, as a wrong token does.
    if (!isMatrixId(matrixId)) {
      await ipLimits.failedAuth(ip);
      log.warn('refused sync: invalid matrix id', { id: matrixId.slice(0, 80), ip });
      return refuse(req, socket, head, CloseCode.invalidMatrixId);
    }
    if (!rooms.exists(matrixId)) {
      await ipLimits.failedAuth(ip);
      return refuse(req, socket, head, CloseCode.notFound);
    }
    // The role is fixed here, for the life of the socket (rotation closes it with 4410).
    const grant = auth.authenticate(matrixId, url.searchParams.get('token'));
    if (!grant) {
      await ipLimits.failedAuth(ip);
      log.warn('refused sync: missing or invalid token', { matrix: matrixId, ip });
      return refuse(req, socket, head, CloseCode.unauthorized);
    }
    // A client from before schema 2 would set stances without moving the timeline: refused
    // before it can send anything (y-websocket does not retry 44xx; the page says reload).
    if (!clientSchemaSupported(url.searchParams.get(SCHEMA_PARAM) ?? undefined)) {
      log.warn('refused sync: outdated client', { matrix: matrixId, schema: (url.searchParams.get(SCHEMA_PARAM) ?? '').slice(0, 12) });
      return refuse(req, socket, head, CloseCode.outdatedClient);
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, matrixId, grant, ip));
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      const nonce = randomBytes(8);
      pinged.set(ws, nonce);
      try {
        ws.ping(nonce);
      } catch {
        ws.terminate();
      }
    }
  }, options.pingIntervalMs);
  heartbeat.unref();

  const keepAlive =
    options.keepAliveMs > 0
      ? setInterval(() => {
          for (const room of rooms.all()) room.keepAlive(options.keepAliveMs / 2);
        }, options.keepAliveMs / 2)
      : null;
  keepAlive?.unref();

  return {
    /** Stops the timers and closes every socket with 4503 (the caller then destroys the rooms). */
    closeSockets(): void {
      clearInterval(heartbeat);
      if (keepAlive) clearInterval(keepAlive);
      for (const ws of wss.clients) {
        resumeReading(ws);
        ws.close(CloseCode.shuttingDown, CloseReason[CloseCode.shuttingDown]);
      }
    },
    /** Ends what did not close in time. */
    terminate(): void {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
