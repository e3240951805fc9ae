/** Full-text search over the library's passages and evidence suggestions for a cell (shared/evidence/search.ts). */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LibraryIndex, suggestEvidence, type LibraryDocument } from '../../shared/evidence/search.ts';
import type { DemoData, DemoDocument } from '../../shared/demo.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const demoDir = path.resolve(here, '..', '..', 'shared', 'demo');
const manifest = JSON.parse(fs.readFileSync(path.join(demoDir, 'documents.json'), 'utf8')) as DemoDocument[];
const demo = JSON.parse(fs.readFileSync(path.join(demoDir, 'ukraine-ceasefire-2025-03.json'), 'utf8')) as DemoData;
const library: LibraryDocument[] = manifest.map((d) => ({ id: d.id, title: d.title, text: fs.readFileSync(path.join(demoDir, 'documents', d.file), 'utf8') }));
const textOf = (id: string) => library.find((d) => d.id === id)?.text ?? '';

const RUSSIA = { name: 'Russia', aliases: ['Kremlin', 'Moscow', 'Peskov', 'Lavrov', 'Grushko', 'Putin'] };
const GUARANTEES = {
  name: 'Guarantees for Ukraine',
  description: 'Guarantees or defence arrangements protecting Ukraine after a ceasefire.',
  keywords: ['security guarantees', 'peacekeepers'],
};

describe('LibraryIndex.search', () => {
  const index = new LibraryIndex(library);

  it('finds sentences containing every word of the query, with the matched words highlighted', () => {
    const hits = index.search('Peskov sanctions');
    expect(hits.length).toBeGreaterThan(0);
    const [hit] = hits;
    expect(hit?.text).toMatch(/^Kremlin spokesman Dmitry Peskov suggested/);
    const text = textOf(hit?.documentId ?? '');
    expect(text.slice(hit?.start, hit?.end)).toBe(hit?.text);
    expect(hit?.highlights.map((h) => text.slice(h.start, h.end))).toEqual(['Peskov', 'sanctions']);
  });

  it('matches word prefixes, possessives and small typos', () => {
    expect(index.search('Grushk').some((h) => h.text.includes('Grushko'))).toBe(true);
    expect(index.search('Zelenskyy ceasfire').some((h) => h.text.includes('Zelenskyy'))).toBe(true);
    expect(index.search('Kremlin').some((h) => h.text.includes('Kremlin’s'))).toBe(true);
  });

  it('searches within one document, and forgets a removed document', () => {
    const local = new LibraryIndex(library);
    expect(new Set(local.search('ceasefire', { documentId: 'seed-002', limit: 100 }).map((h) => h.documentId))).toEqual(new Set(['seed-002']));
    local.remove('seed-002');
    expect(index.search('Umerov').length).toBeGreaterThan(0);
    expect(local.search('Umerov')).toEqual([]);
  });
});

describe('suggestEvidence', () => {
  const cellOf = (party: string, issue: string) => demo.cells.find((c) => c.party === party && c.issue === issue);
  const cited = (party: string, issue: string) =>
    (cellOf(party, issue)?.sources ?? []).map((s) => ({ documentId: s.documentId ?? '', start: s.selector?.start ?? 0, end: s.selector?.end ?? 0 }));

  it('suggests passages that name the party (or an alias) and the issue in the same sentence', () => {
    const suggestions = suggestEvidence({ party: RUSSIA, issue: GUARANTEES, library, limit: 20 });
    expect(suggestions.some((s) => s.text.includes('We will demand that ironclad security guarantees'))).toBe(true);
    for (const s of suggestions) {
      expect(s.partyHighlights.length, s.text).toBeGreaterThan(0);
      expect(s.issueHighlights.length, s.text).toBeGreaterThan(0);
      const text = textOf(s.documentId);
      expect(text.slice(s.start, s.end)).toBe(s.text);
      for (const h of s.partyHighlights) expect(RUSSIA.aliases.concat('Russia').some((n) => text.slice(h.start, h.end).startsWith(n))).toBe(true);
    }
  });

  it('an index reused across cells suggests what fresh documents do, and forgets a document replaced or removed', () => {
    const index = new LibraryIndex(library);
    const fresh = (docs: LibraryDocument[]) => suggestEvidence({ party: RUSSIA, issue: GUARANTEES, library: docs, limit: 20 });
    const reused = () => suggestEvidence({ party: RUSSIA, issue: GUARANTEES, library: index, limit: 20 });
    expect(reused()).toEqual(fresh(library));
    expect(reused()).toEqual(fresh(library)); // the cached words give the same answer
    const [first] = reused();
    const changed = library.map((d) => (d.id === first!.documentId ? { ...d, text: 'Nothing about Moscow here.' } : d));
    index.add(changed.find((d) => d.id === first!.documentId)!);
    expect(reused()).toEqual(fresh(changed));
    index.remove(first!.documentId);
    expect(reused().some((s) => s.documentId === first!.documentId)).toBe(false);
  });

  it('leaves out passages the cell already cites', () => {
    const ranges = cited('russia', 'guarantees-russia');
    expect(ranges.length).toBeGreaterThan(0);
    const suggestions = suggestEvidence({
      party: RUSSIA,
      issue: { name: 'Guarantees for Russia', keywords: ['ironclad', 'guarantees'] },
      library,
      citedRanges: ranges,
      limit: 50,
    });
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) {
      expect(
        ranges.some((r) => r.documentId === s.documentId && r.start < s.end && s.start < r.end),
        s.text,
      ).toBe(false);
    }
    const uncited = suggestEvidence({ party: RUSSIA, issue: { name: 'Guarantees for Russia', keywords: ['ironclad', 'guarantees'] }, library, limit: 50 });
    expect(uncited.length).toBeGreaterThan(suggestions.length);
  });

  it('ranks a passage naming the issue above one sharing a single common word', () => {
    const [best] = suggestEvidence({
      party: { name: 'United Kingdom', aliases: ['Britain', 'British', 'Starmer'] },
      issue: { name: 'European role', keywords: ['coalition of the willing'] },
      library,
    });
    expect(best?.matched.issue.map((w) => w.toLowerCase())).toEqual(expect.arrayContaining(['coalition', 'willing']));
  });

  it('matches a short capitalised alias exactly: "US" never finds "use" or "us"', () => {
    const suggestions = suggestEvidence({
      party: { name: 'United States', aliases: ['US', 'Washington'] },
      issue: { name: 'Sanctions relief', keywords: ['sanctions'] },
      library,
      limit: 50,
    });
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) for (const name of s.matched.party) expect(['US', 'Washington', 'United States']).toContain(name);
  });

  it('returns passages only: no stance is ever suggested', () => {
    const [first] = suggestEvidence({ party: RUSSIA, issue: GUARANTEES, library });
    expect(Object.keys(first ?? {}).sort()).toEqual([
      'documentId',
      'end',
      'highlights',
      'issueHighlights',
      'matched',
      'partyHighlights',
      'score',
      'start',
      'text',
    ]);
  });

  it('suggests nothing when the party is never named', () => {
    expect(suggestEvidence({ party: { name: 'Brazil', aliases: ['Lula'] }, issue: GUARANTEES, library })).toEqual([]);
  });
});
