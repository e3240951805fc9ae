/**
 * Join storm: a demo-sized room (the demo matrix's data, pushed by a resident client that stays
 * connected, since memory-only servers forget an empty room), then `joiners` clients created in one
 * synchronous burst. Measured: burst start → every joiner synced; and an edit the resident client
 * makes once a quarter of the joiners have synced → the worst time until a joiner holds it (by
 * relay or in its initial sync).
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { applyDemoData, type DemoData } from '../shared/demo.ts';
import { readAxis, setNote } from '../shared/matrix.ts';
import { connect, waitUntil, type BenchClient } from './clients.ts';
import type { BenchServer } from './servers.ts';

export interface StormResult {
  joiners: number;
  allSynced: number;
  /** Worst time from the storm edit to a joiner holding it. */
  editWorst: number;
  editMedian: number;
  /** Bench (client) process CPU from the burst to the last delivery, as a fraction of one core. */
  clientCpu: number;
}

const STORM_NOTE = 'Edited during the join storm';

export function demoData(): DemoData {
  return JSON.parse(fs.readFileSync(new URL('../shared/demo/ukraine-ceasefire-2025-03.json', import.meta.url), 'utf8')) as DemoData;
}

export async function runStorm(server: BenchServer, joiners: number): Promise<StormResult> {
  const data = demoData();
  const { room, token } = await server.newRoom('join storm');
  const resident = connect(server.protocol, server.syncUrl, room, token);
  const clients: BenchClient[] = [resident];
  try {
    await resident.synced;
    applyDemoData(resident.doc, data);
    // The server holds the demo once a fresh client receives it.
    const probe = connect(server.protocol, server.syncUrl, room, token);
    await waitUntil(() => probe.isSynced() && readAxis(probe.doc, 'issues').length === data.issues.length, 20_000, 'the demo data to reach the server');
    probe.destroy();

    const party = data.parties[0]!.id;
    const issue = data.issues[0]!.id;
    const key = `${party}|${issue}`;
    let editAt = NaN;
    const got: number[] = [];
    let synced = 0;
    let allSyncedAt = NaN;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    for (let n = 0; n < joiners; n++) {
      const doc = new Y.Doc();
      const notes = doc.getMap<string>('notes');
      let seen = false;
      notes.observe(() => {
        if (seen || !Array.from(notes.values()).includes(STORM_NOTE)) return;
        seen = true;
        got.push(performance.now() - editAt);
      });
      const client = connect(server.protocol, server.syncUrl, room, token, doc);
      clients.push(client);
      void client.synced.then(() => {
        synced++;
        if (synced === Math.ceil(joiners / 4)) {
          editAt = performance.now();
          setNote(resident.doc, party, issue, STORM_NOTE);
        }
        if (synced === joiners) allSyncedAt = performance.now();
      });
    }
    await waitUntil(() => synced === joiners, 60_000, 'every joiner to sync');
    await waitUntil(() => got.length === joiners, 30_000, `the storm edit to reach every joiner (${key})`);
    const cpu = process.cpuUsage(cpu0);
    const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - start);
    const sorted = got.sort((a, b) => a - b);
    return { joiners, allSynced: allSyncedAt - start, editWorst: sorted.at(-1)!, editMedian: sorted[Math.floor(sorted.length / 2)]!, clientCpu };
  } finally {
    for (const c of clients) c.destroy();
  }
}
