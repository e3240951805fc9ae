/**
 * (d) Flood from one address: `flooders` raw editor sockets from 127.0.0.2 send small valid
 * updates as fast as they can (reconnecting when closed, as an attacker would), while a
 * colleague's edits (20/s) are timed from sender to another client. Baseline: the same edits
 * without the flood. Printed only; the limits it meets are in server/sync/limits.ts.
 */
import * as Y from 'yjs';
import { spawn } from 'node:child_process';
import { benchProvider } from './fanout.ts';
import { percentile } from './stats.ts';
import { SCHEMA_PARAM, SCHEMA_VERSION } from '../shared/protocol.ts';

export interface FloodResult {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** Frames the flooders sent, and how many of their changes the colleague's copy holds. */
  floodSent: number;
  floodApplied: number;
  closes: Map<number, number>;
}

/** Runs bench/flood-sender.ts; resolves with its counters when it ends (after `seconds`). */
function floodFromChild(url: string, flooders: number, seconds: number): Promise<{ sent: number; closes: [number, number][] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/flood-sender.ts', url, String(flooders), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => child.on('exit', () => (out ? resolve(JSON.parse(out)) : reject(new Error('flood sender printed nothing')))));
}

export async function runFlood(syncUrl: string, room: string, token: string, options: { seconds: number; flooders: number }): Promise<FloodResult> {
  const url = `${syncUrl}/${room}?token=${token}`;
  const a = new Y.Doc();
  const b = new Y.Doc();
  const pa = benchProvider(syncUrl, room, a, token);
  const pb = benchProvider(syncUrl, room, b, token);
  await new Promise<void>((resolve) => {
    const check = () => (pa.synced && pb.synced ? resolve() : setTimeout(check, 20));
    check();
  });
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const events = b.getMap('events');
  events.observe((e) => {
    const now = performance.now();
    for (const key of e.keysChanged) {
      const at = sentAt.get(key);
      if (at !== undefined) latencies.push(now - at);
    }
  });
  // The flooders run in their own process, so their work does not delay the colleague's clients here.
  // The flooders speak the current data model, so it is the rate limits that stop them, not the version check (4426).
  const floodUrl = `${url}&${SCHEMA_PARAM}=${SCHEMA_VERSION}`;
  const sender = options.flooders > 0 ? floodFromChild(floodUrl, options.flooders, options.seconds) : null;
  let n = 0;
  const edits = setInterval(() => {
    const key = `v${n++}`;
    sentAt.set(key, performance.now());
    a.getMap('events').set(key, { date: '2025-03-11', label: 'colleague' });
  }, 50);
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  clearInterval(edits);
  const counters = sender ? await sender : { sent: 0, closes: [] as [number, number][] };
  // Let the last edits arrive.
  await new Promise((r) => setTimeout(r, 500));
  const floodApplied = [...events.keys()].filter((k) => k.startsWith('f')).length;
  pa.destroy();
  pb.destroy();
  const sorted = latencies.sort((x, y) => x - y);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    floodSent: counters.sent,
    floodApplied,
    closes: new Map(counters.closes),
  };
}
