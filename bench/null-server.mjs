/**
 * Bench-only floor (BENCH_SERVERS=…,null; never in the default set): the reference server's shape
 * (http + ws in noServer mode, rooms by URL path) with no document at all. A sync step 1 is answered
 * with an empty step 2 (the client counts as synced), and every update and awareness message is
 * relayed raw to the room's other sockets, unread, unapplied, unstored. No server that keeps a
 * document can relay faster in this bench: what is left is ws, the sockets and the clients.
 * Plain JavaScript, run by bare node like the reference server.
 */
import http from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';

const SYNC = 0;
const AWARENESS = 1;
const STEP1 = 0;
const UPDATE = 2;
/** Sync step 2 carrying an empty Yjs update (no structs, no deletions). */
const EMPTY_STEP2 = new Uint8Array([SYNC, 1, 2, 0, 0]);

const rooms = new Map();
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws, request) => {
  const name = (request.url ?? '/').slice(1).split('?')[0];
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  room.add(ws);
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data) => {
    const type = data[0];
    if (type === SYNC && data[1] === STEP1) return ws.send(EMPTY_STEP2);
    if ((type === SYNC && data[1] === UPDATE) || type === AWARENESS) {
      for (const peer of room) if (peer !== ws && peer.readyState === WebSocket.OPEN) peer.send(data);
    }
  });
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(name);
  });
});

const server = http.createServer((_req, res) => res.end('okay'));
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`null relay running at ${process.env.PORT}`));
