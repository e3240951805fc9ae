/**
 * Anchors every source of the demo matrix and of its timeline in its shipped document: computes
 * `selector` from the quote (never typed by hand), replaces the quote by the document's exact
 * characters when they differ only in typography, and fills `kind` where it is missing. The
 * timeline's sources keep `article` (its test reads the seed file by that name). Run after
 * editing shared/demo/ukraine-ceasefire-2025-03.json or its .timeline.json:
 *
 *   npx tsx scripts/anchor-demo.ts && npx prettier --write shared/demo/ukraine-ceasefire-2025-03*.json
 *
 * It stops, naming the source, if a quote is not verbatim in its document.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anchor } from '../shared/evidence/anchor.ts';
import { makeSelector } from '../shared/evidence/selector.ts';
import type { DemoData, DemoDocument, DemoSource } from '../shared/demo.ts';
import type { SourceKind } from '../shared/schema.ts';
import type { DemoTimeline } from '../shared/timeline/demo.ts';

const demoFile = fileURLToPath(new URL('../shared/demo/ukraine-ceasefire-2025-03.json', import.meta.url));
const timelineFile = fileURLToPath(new URL('../shared/demo/ukraine-ceasefire-2025-03.timeline.json', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(new URL('../shared/demo/documents.json', import.meta.url), 'utf8')) as DemoDocument[];
const texts = new Map(manifest.map((d) => [d.id, fs.readFileSync(new URL(`../shared/demo/documents/${d.file}`, import.meta.url), 'utf8')]));
const byFile = new Map(manifest.map((d) => [d.file, d.id]));

/**
 * First guess of a source's kind; the file's own `kind` always wins. An analyst's or outlet's
 * own reading is analysis; words inside quotation marks in the article are a direct statement;
 * the rest is a reported statement.
 */
function guessKind(s: DemoSource, text: string, start: number): SourceKind {
  if (/analyst|Dan Sabbagh|\(reporting\)/i.test(s.speaker)) return 'analysis';
  const before = text.slice(Math.max(0, start - 3), start);
  if (/[“"…]\s*$/.test(before) || /^[“"]/.test(s.quote)) return 'direct';
  return 'reported';
}

const problems: string[] = [];

/** The source anchored in its document (with `article` kept when `keepArticle`), or as it was after noting the problem. */
function anchorSource(s: DemoSource, where: string, keepArticle: boolean): DemoSource {
  const documentId = s.documentId ?? (s.article ? byFile.get(s.article) : undefined);
  const text = documentId ? texts.get(documentId) : undefined;
  if (!documentId || text === undefined) {
    problems.push(`${where}: no document for "${s.quote}"`);
    return s;
  }
  const found = anchor(text, { exact: s.quote, start: s.selector?.start });
  if (!found || found.method === 'approximate') {
    problems.push(`${where}: not verbatim in ${documentId}: "${s.quote}"`);
    return s;
  }
  const { article, documentId: _d, selector: _s, kind, ...fields } = s;
  return {
    ...(keepArticle && article !== undefined && { article }),
    ...fields,
    quote: text.slice(found.start, found.end),
    documentId,
    kind: kind ?? guessKind(s, text, found.start),
    selector: makeSelector(text, found.start, found.end),
  };
}

const data = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoData;
for (const cell of data.cells) cell.sources = cell.sources.map((s) => anchorSource(s, `${cell.party} × ${cell.issue}`, false));
const timeline = JSON.parse(fs.readFileSync(timelineFile, 'utf8')) as DemoTimeline;
for (const cell of timeline.cells) {
  for (const p of cell.positions) p.sources = p.sources.map((s) => anchorSource(s, `timeline ${cell.party} × ${cell.issue} ${p.date}`, true));
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
delete data.articles;
fs.writeFileSync(demoFile, JSON.stringify(data, null, 2) + '\n');
fs.writeFileSync(timelineFile, JSON.stringify(timeline, null, 2) + '\n');
const timelineSources = timeline.cells.reduce((n, c) => n + c.positions.reduce((m, p) => m + p.sources.length, 0), 0);
console.log(`Anchored ${data.cells.reduce((n, c) => n + c.sources.length, 0)} sources and ${timelineSources} timeline sources.`);
