/** Creates the demo matrix on first start, exactly once (the matrices row marks it done). */
import fs from 'node:fs';
import * as Y from 'yjs';
import { applyDemoData, DEMO_MATRIX_ID, type DemoData } from '../shared/demo.ts';
import { SEED_ORIGIN } from '../shared/origins.ts';
import { applyDemoTimeline, type DemoTimeline } from '../shared/timeline/demo.ts';
import type { Storage } from './storage.ts';
import type { ShareLinks } from './share-links.ts';
import { storeNewMatrix } from './new-matrix.ts';

export const DEMO_DATA_FILE = new URL('../shared/demo/ukraine-ceasefire-2025-03.json', import.meta.url);

export const DEMO_TIMELINE_FILE = new URL('../shared/demo/ukraine-ceasefire-2025-03.timeline.json', import.meta.url);

export function loadDemoData(): DemoData {
  return JSON.parse(fs.readFileSync(DEMO_DATA_FILE, 'utf8')) as DemoData;
}

/** The dated moves the seed articles document (README, the demo timeline). */
export function loadDemoTimeline(): DemoTimeline {
  return JSON.parse(fs.readFileSync(DEMO_TIMELINE_FILE, 'utf8')) as DemoTimeline;
}

/** The demo as seeded: the demo data, then the dated moves over it, in one seed transaction. */
export function buildDemoDoc(data: DemoData = loadDemoData(), timeline: DemoTimeline = loadDemoTimeline()): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    applyDemoData(doc, data);
    applyDemoTimeline(doc, timeline);
  }, SEED_ORIGIN);
  return doc;
}

/** Returns true when the demo was created now (with its links), false when it already existed. */
export function seedDemo(storage: Storage, links: ShareLinks): boolean {
  if (storage.exists(DEMO_MATRIX_ID)) return false;
  const doc = buildDemoDoc();
  try {
    return storeNewMatrix(storage, links, doc, DEMO_MATRIX_ID) !== null;
  } finally {
    doc.destroy();
  }
}
