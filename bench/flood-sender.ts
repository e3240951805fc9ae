/**
 * The flooders of bench/flood.ts, in their own process: `flooders` raw editor sockets send small
 * valid updates as fast as the socket drains, reconnecting when closed, for `seconds`; then
 * print { sent, closes } as JSON. Usage: tsx bench/flood-sender.ts <sync url> <flooders> <seconds>
 */
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../shared/protocol.ts';

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/** One flooding socket; returns a stop function. */
function flooder(url: string, counters: { sent: number; closes: Map<number, number> }): () => void {
  let stopped = false;
  let ws: WebSocket;
  const connect = () => {
    if (stopped) return;
    // From another loopback address than the colleague's, as per-address limits apply.
    ws = new WebSocket(url, { localAddress: '127.0.0.2' });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      counters.closes.set(code, (counters.closes.get(code) ?? 0) + 1);
      setTimeout(connect, 50);
    });
    ws.on('open', () => {
      const doc = new Y.Doc();
      let n = 0;
      const burst = () => {
        if (stopped || ws.readyState !== WebSocket.OPEN) return;
        for (let i = 0; i < 50; i++) {
          const before = Y.encodeStateVector(doc);
          doc.getMap('events').set(`f${doc.clientID}x${n++}`, { date: '2025-03-11', label: 'flood' });
          const frame = updateFrame(Y.encodeStateAsUpdate(doc, before));
          counters.sent++;
          // Keep up to ~1 MB queued, like a client that writes as fast as the socket drains: when
          // full, go on once this frame has left for the kernel (waiting, not polling, so the
          // sender does not take a core of the machine the server shares).
          if (ws.bufferedAmount + frame.byteLength >= 1_000_000) return ws.send(frame, () => setImmediate(burst));
          ws.send(frame);
        }
        setImmediate(burst);
      };
      burst();
    });
  };
  connect();
  return () => {
    stopped = true;
    ws.terminate();
  };
}

const [url, flooders, seconds] = [process.argv[2] ?? '', Number(process.argv[3] ?? 10), Number(process.argv[4] ?? 10)];
const counters = { sent: 0, closes: new Map<number, number>() };
const stops = Array.from({ length: flooders }, () => flooder(url, counters));
setTimeout(() => {
  stops.forEach((stop) => stop());
  process.stdout.write(JSON.stringify({ sent: counters.sent, closes: [...counters.closes] }));
  process.exit(0);
}, seconds * 1000);
