/**
 * The evidence state classes over real Y.Docs and the demo's shipped seed articles: the live
 * library list and its text cache, every source's verification (an edit from a colleague's doc
 * turns it altered at once), cited passages, the Unverified flags, the quote draft, suggestions
 * and Find in library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAxisItem, addSource, readAxis, setAxisField, updateSource } from '../../shared/matrix.ts';
import { removeFromDocumentIndex, writeDocumentIndex } from '../../shared/evidence/library-index.ts';
import { SERVER_ORIGIN } from '../../shared/origins.ts';
import { cellKey } from '../../shared/schema.ts';
import { MatrixActions } from '../../client/src/matrix/matrix-actions.ts';
import { Access } from '../../client/src/access/access.svelte.ts';
import { Library } from '../../client/src/evidence/library.svelte.ts';
import { Verifications } from '../../client/src/evidence/verification.svelte.ts';
import { QuoteDraft } from '../../client/src/evidence/quote-draft.svelte.ts';
import { cellSuggestions, findInLibrary } from '../../client/src/evidence/find.ts';
import { findAll, segments } from '../../client/src/evidence/segments.ts';
import { replicas } from '../utils/docs.ts';
import { waitFor } from '../utils/wait.ts';

const DEMO = path.join(import.meta.dirname, '../../shared/demo');
const SEEDS: { id: string; file: string; title: string }[] = JSON.parse(fs.readFileSync(path.join(DEMO, 'documents.json'), 'utf8'));
const TEXTS = new Map(SEEDS.map((s) => [s.id, fs.readFileSync(path.join(DEMO, 'documents', s.file), 'utf8')]));
const seed = (id: string) => TEXTS.get(id) as string;
const SENTENCE = 'Rubio said the United States was hoping for a positive response';

function entry(id: string) {
  const text = seed(id);
  return {
    id,
    title: SEEDS.find((s) => s.id === id)!.title,
    outlet: '',
    author: '',
    date: '2025-03-12',
    url: '',
    lang: 'en',
    chars: text.length,
    sha256: 'x',
    addedBy: 'server',
    addedAt: `2025-03-01T00:00:0${id.slice(-1)}.000Z`,
  };
}

/** Ours and a colleague's doc, relayed both ways; the library index written as the server does. */
function setup(ids = ['seed-002', 'seed-003']) {
  const [remote, local] = replicas(2) as [Y.Doc, Y.Doc];
  remote.on('update', (u: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(local, u, 'relay'));
  local.on('update', (u: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(remote, u, 'relay'));
  writeDocumentIndex(remote, ids.map(entry), SERVER_ORIGIN);
  const party = addAxisItem(remote, 'parties', { name: 'United States' }, 'relay-x');
  const issue = addAxisItem(remote, 'issues', { name: 'US–Russia ties' }, 'relay-x');
  const loads: string[] = [];
  const library = new Library(local, async (id) => {
    loads.push(id);
    return TEXTS.get(id) ?? null;
  });
  const verifications = new Verifications(local, library);
  return { remote, local, library, verifications, party, issue, loads };
}

function anchoredSource(doc: Y.Doc, party: string, issue: string, documentId: string, quote: string) {
  const text = seed(documentId);
  const start = text.indexOf(quote);
  return addSource(
    doc,
    party,
    issue,
    {
      quote,
      addedBy: 'Ana',
      documentId,
      selector: {
        exact: quote,
        prefix: text.slice(start - 32, start),
        suffix: text.slice(start + quote.length, start + quote.length + 32),
        start,
        end: start + quote.length,
      },
    },
    'relay-x',
  );
}

describe('Library', () => {
  it('lists the documents live from the index and fetches each text once', async () => {
    const { remote, library, loads } = setup();
    expect(library.documents.map((d) => d.id)).toEqual(['seed-002', 'seed-003']);
    writeDocumentIndex(remote, [entry('seed-004')], SERVER_ORIGIN);
    expect(library.documents.map((d) => d.id)).toEqual(['seed-002', 'seed-003', 'seed-004']);
    await Promise.all([library.load('seed-003'), library.load('seed-003')]);
    expect(loads).toEqual(['seed-003']);
    expect(library.text('seed-003')).toBe(seed('seed-003'));
    expect(library.complete).toBe(false);
    await library.loadAll();
    expect(library.complete).toBe(true);
    expect(library.search('positive response')[0]?.documentId).toBe('seed-003');
  });

  it('indexes on the first search the texts loaded before it, then each text as it arrives or leaves', async () => {
    const { remote, library } = setup(['seed-003']);
    await library.load('seed-003');
    expect(library.search('positive response').map((h) => h.documentId)).toContain('seed-003');
    const [word] = seed('seed-004').match(/[A-Z][a-z]{7,}/) ?? [];
    expect(library.search(word!).some((h) => h.documentId === 'seed-004')).toBe(false);
    writeDocumentIndex(remote, [entry('seed-004')], SERVER_ORIGIN);
    await library.load('seed-004');
    expect(library.search(word!).some((h) => h.documentId === 'seed-004')).toBe(true);
    removeFromDocumentIndex(remote, 'seed-003', SERVER_ORIGIN);
    expect(library.search('positive response').some((h) => h.documentId === 'seed-003')).toBe(false);
  });
});

describe('Verifications', () => {
  it('verifies an anchored source, turns it altered with the diff when a colleague edits the quote, and flags the cell', async () => {
    const { remote, verifications, party, issue } = setup();
    const id = anchoredSource(remote, party, issue, 'seed-003', SENTENCE);
    await waitFor(() => verifications.of(id)?.status === 'verified');
    expect(verifications.summary).toMatchObject({ total: 1, verified: 1 });
    expect(verifications.unverifiedKeys().has(cellKey(party, issue))).toBe(false);
    expect(verifications.citedIn('seed-003')).toEqual([
      expect.objectContaining({ sources: [expect.objectContaining({ sourceId: id, partyId: party, issueId: issue })] }),
    ]);

    updateSource(remote, id, { quote: SENTENCE.replace('positive', 'quick') }, 'relay-x');
    await waitFor(() => verifications.of(id)?.status === 'altered');
    const check = verifications.of(id);
    if (check?.status !== 'altered') throw new Error('not altered');
    expect(check.diff.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: 'positive' },
      { op: 'insert', text: 'quick' },
    ]);
    expect(verifications.unverifiedKeys().has(cellKey(party, issue))).toBe(true);
    expect(verifications.summary).toMatchObject({ total: 1, verified: 0, altered: 1 });

    updateSource(remote, id, { quote: 'Nothing of the sort was ever said by anyone at all.' }, 'relay-x');
    await waitFor(() => verifications.of(id)?.status === 'not-found');
  });

  it('a hand-typed source has no document, and Find in library anchors it so it verifies', async () => {
    const { local, library, verifications, party, issue } = setup();
    const actions = new MatrixActions(local, new Access('t', { role: 'editor' }));
    const id = actions.addSource(party, issue, { quote: SENTENCE.replace('“', '"'), speaker: '', document: '', date: '', link: '' }, 'Ana');
    await waitFor(() => verifications.of(id)?.status === 'no-document');
    const match = await findInLibrary(library, SENTENCE);
    expect(match).toMatchObject({ documentId: 'seed-003', method: 'exact' });
    const text = library.text('seed-003')!;
    expect(text.slice(match!.start, match!.end)).toBe(SENTENCE);
  });
});

describe('QuoteDraft', () => {
  it('quotes the exact selection (edges trimmed) with its anchor, suggests the speaker and never sets a stance', async () => {
    const { local, library, verifications, party, issue } = setup();
    await library.load('seed-003');
    const text = library.text('seed-003')!;
    const start = text.indexOf(SENTENCE);
    const sentenceEnd = text.indexOf('true intentions.', start) + 'true intentions.'.length;
    const draft = new QuoteDraft(library.entry('seed-003')!, text, start - 1, sentenceEnd + 1, { partyId: party, issueId: issue });
    expect(draft.quote).toBe(text.slice(start, sentenceEnd));
    expect(draft.speaker).toBe('Rubio');
    const actions = new MatrixActions(local, new Access('t', { role: 'editor' }));
    const id = draft.save(actions, 'Ana');
    expect(id).not.toBeNull();
    await waitFor(() => verifications.of(id!)?.status === 'verified');
    expect(local.getMap('stances').size).toBe(0);

    const viewer = new QuoteDraft(library.entry('seed-003')!, text, start, sentenceEnd, { partyId: party, issueId: issue });
    expect(viewer.save(new MatrixActions(local, new Access('v', { role: 'viewer' })), 'Vera')).toBeNull();
    expect(viewer.error).toMatch(/view/i);
    const nowhere = new QuoteDraft(library.entry('seed-003')!, text, start, sentenceEnd, { partyId: null, issueId: null });
    expect(nowhere.save(actions, 'Ana')).toBeNull();
    expect(nowhere.error).toMatch(/party and the issue/);
  });
});

describe('suggestions and the reader', () => {
  it('suggests uncited passages naming the party (or an alias) and the issue, and leaves out what the cell cites', async () => {
    const { remote, local, library, party } = setup(['seed-002']);
    await library.loadAll();
    const ukraine = addAxisItem(remote, 'parties', { name: 'Ukraine' }, 'relay-x');
    const elections = addAxisItem(remote, 'issues', { name: 'Ukrainian elections', description: 'Holding national elections in Ukraine' }, 'relay-x');
    const item = (kind: 'parties' | 'issues', id: string) => readAxis(local, kind).find((i) => i.id === id)!;
    const list = cellSuggestions(library, item('parties', ukraine), item('issues', elections), []);
    expect(list[0]?.text).toContain('hold elections');
    const cited = [{ ...list[0]!, documentId: 'seed-002', selector: { exact: '', prefix: '', suffix: '', start: list[0]!.start, end: list[0]!.end } }];
    const without = cellSuggestions(library, item('parties', ukraine), item('issues', elections), cited as never);
    expect(without.some((s) => s.start === list[0]!.start)).toBe(false);

    // An alias finds passages the name alone does not.
    const witkoffOnElections = () =>
      cellSuggestions(library, item('parties', party), item('issues', elections), []).filter((s) => s.text.includes('Witkoff’s claims'));
    expect(witkoffOnElections()).toEqual([]);
    setAxisField(remote, 'parties', party, 'aliases', 'Witkoff,  Washington ,', 'relay-x');
    expect(item('parties', party).aliases).toBe('Witkoff, Washington');
    expect(witkoffOnElections()).toHaveLength(1);
  });

  it('splits the text into runs for highlights and finds every occurrence', () => {
    const text = 'One two. Two three. two';
    const hits = findAll(text, 'TWO');
    expect(hits).toEqual([
      { start: 4, end: 7 },
      { start: 9, end: 12 },
      { start: 20, end: 23 },
    ]);
    const runs = segments(text, [{ start: 0, end: 8, sources: [] }], hits, null);
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.find((r) => r.text === 'two')?.cited.length).toBe(1);
    expect(runs.find((r) => r.start === 4)?.hit).toBe(0);
    expect(runs.filter((r) => r.endsCited.length).map((r) => r.end)).toEqual([8]);
  });
});
