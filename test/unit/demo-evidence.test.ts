/**
 * Every source of the seeded demo, the timeline's included, is anchored in a shipped document
 * and verifies against it (what the server serves once it applies the timeline too).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDemoData, type DemoData } from '../../shared/demo.ts';
import { withVerification } from '../../shared/evidence/citations.ts';
import { readMatrix } from '../../shared/matrix.ts';
import { applyDemoTimeline, type DemoTimeline } from '../../shared/timeline/demo.ts';
import { loadDemoDocuments } from '../../server/documents/demo.ts';

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(new URL(`../../shared/demo/${file}`, import.meta.url), 'utf8')) as T;

describe('demo evidence with the timeline applied', () => {
  it('anchors and verifies every source, those the timeline adds included', () => {
    const doc = new Y.Doc();
    applyDemoData(doc, read<DemoData>('ukraine-ceasefire-2025-03.json'));
    const before = readMatrix(doc).cells.reduce((n, c) => n + c.sources.length, 0);
    applyDemoTimeline(doc, read<DemoTimeline>('ukraine-ceasefire-2025-03.timeline.json'));
    const texts = new Map(loadDemoDocuments().map((d) => [d.id, d.text]));
    const sources = withVerification(readMatrix(doc), (id) => texts.get(id)).cells.flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(before);
    const unverified = sources.filter((s) => !s.documentId || !s.selector || !s.kind || s.verification.status !== 'verified');
    expect(unverified.map((s) => `${s.quote} (${s.verification.status})`)).toEqual([]);
  });
});
