/**
 * (a) Edit fan-out: 50 y-websocket clients in one room, 20 edits/s in total (round-robin
 * senders); latency = time from the sender's transaction to each other client's observer.
 * Run against our server (which also persists every update) and the reference
 * @y/websocket-server@0.1.1 (in memory), each in its own child process. Our clients connect
 * with the matrix's editor token; the reference server has no tokens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { MessageType, SCHEMA_PARAM, SCHEMA_VERSION } from '../shared/protocol.ts';
import type { ShareTokens } from '../shared/access.ts';
import { addAxisItem, readAxis, setNote, setStance } from '../shared/matrix.ts';
import { DEFAULT_SCALE } from '../shared/scale.ts';
import { percentile } from './stats.ts';

export interface FanoutResult {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startProcess(cmd: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, cmd, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`process not ready: ${out}`)), 20_000).unref();
  });
}

/**
 * A Node y-websocket client as the benches use it: with a share-link token when given (`?token=`),
 * and ignoring our server's access message (y-websocket would log each unknown message type).
 */
export function benchProvider(syncUrl: string, room: string, doc: Y.Doc, token: string | null): WebsocketProvider {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { ...(token === null ? {} : { token }), [SCHEMA_PARAM]: String(SCHEMA_VERSION) },
  });
  provider.messageHandlers[MessageType.access] = () => {};
  return provider;
}

export async function startOurs(dataDir: string) {
  const { child, match } = await startProcess(
    ['--import', 'tsx', 'server/main.ts'],
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
    /running at (http:\/\/\S+?)\/?\n/,
  );
  const url = match[1]!;
  const res = await fetch(`${url}/api/matrices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Fan-out bench' }),
  });
  if (res.status !== 201) throw new Error(`creating the bench matrix failed: ${res.status} ${await res.text()}`);
  const { id, tokens } = (await res.json()) as { id: string; tokens: ShareTokens };
  return { child, syncUrl: url.replace(/^http/, 'ws') + '/sync', room: id, token: tokens.editor as string | null };
}

export async function startReference() {
  const port = await freePort();
  const { child } = await startProcess(['node_modules/@y/websocket-server/src/server.js'], { PORT: String(port), HOST: '127.0.0.1' }, /running at/);
  return { child, syncUrl: `ws://127.0.0.1:${port}`, room: 'fan-out-bench', token: null as string | null };
}

export async function runFanout(
  syncUrl: string,
  room: string,
  token: string | null,
  { clients = 50, rate = 20, seconds = 10, warmup = 1 } = {},
): Promise<FanoutResult> {
  const docs: Y.Doc[] = [];
  const providers: WebsocketProvider[] = [];
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let measuring = false;
  for (let n = 0; n < clients; n++) {
    const doc = new Y.Doc();
    const provider = benchProvider(syncUrl, room, doc, token);
    docs.push(doc);
    providers.push(provider);
    doc.getMap<string>('notes').observe((event, tx) => {
      if (tx.local) return;
      for (const key of event.keysChanged) {
        const value = doc.getMap<string>('notes').get(key);
        const m = /^bench (\d+)$/.exec(value ?? '');
        const t0 = m ? sentAt.get(Number(m[1])) : undefined;
        if (t0 !== undefined && measuring) latencies.push(performance.now() - t0);
      }
    });
  }
  await waitUntil(() => providers.every((p) => p.synced), 20_000);
  const first = docs[0]!;
  const ps = Array.from({ length: 10 }, (_, n) => addAxisItem(first, 'parties', { name: `Party ${n}` }));
  const is = Array.from({ length: 10 }, (_, n) => addAxisItem(first, 'issues', { name: `Issue ${n}` }));
  await waitUntil(() => docs.every((d) => readAxis(d, 'issues').length === 10), 20_000);

  let seq = 0;
  const edit = () => {
    const doc = docs[seq % clients]!;
    const p = ps[seq % ps.length]!;
    const i = is[Math.floor(seq / ps.length) % is.length]!;
    const n = seq++;
    sentAt.set(n, performance.now());
    doc.transact(() => {
      setStance(doc, p, i, DEFAULT_SCALE[n % 7]!.id);
      setNote(doc, p, i, `bench ${n}`);
    });
  };
  const total = (warmup + seconds) * rate;
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    if (k === warmup * rate) measuring = true;
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    edit();
  }
  const expected = seconds * rate * (clients - 1);
  await waitUntil(() => latencies.length >= expected, 10_000).catch(() => {});
  for (const p of providers) p.destroy();
  for (const d of docs) d.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

async function waitUntil(check: () => boolean, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
