/**
 * The evidence library over HTTP against the real server: uploads of each format with their
 * metadata prefill, limits and duplicates, roles and the lock, deleting a cited document, the
 * demo verified end to end, an edited quote turning `altered`, and the index live in the Y.Doc.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import {
  MAX_DOCUMENT_UPLOAD_BYTES,
  type DeletedDocument,
  type DocumentList,
  type DocumentSummary,
  type DocumentView,
  type ErrorBody,
  type ExtractedDocument,
} from '../../shared/api.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { readDocumentIndex } from '../../shared/evidence/library-index.ts';
import type { VerifiedSource } from '../../shared/evidence/citations.ts';
import { addAxisItem, addSource, readCellSources, updateSource } from '../../shared/matrix.ts';
import { makeSelector } from '../../shared/evidence/selector.ts';
import { MAX_DOCUMENTS_PER_MATRIX } from '../../shared/evidence/limits.ts';
import { DocumentStore } from '../../server/documents/store.ts';
import { bearer, createMatrix, demoToken, startServer, type TestServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';
import { tinyPdf } from '../utils/pdf.ts';

const ARTICLE = [
  'Kremlin weighs the US ceasefire plan',
  '',
  'Kremlin spokesman Dmitry Peskov said on Wednesday: “We will not comment on the proposed ceasefire until all details are made known.”',
  'Ukraine said it was ready to accept an immediate 30-day ceasefire.',
].join('\n');

const PAGE = `<!doctype html><html lang="en-GB"><head>
<title>Kremlin weighs ceasefire | World News Daily</title>
<meta property="og:title" content="Kremlin weighs the US ceasefire plan">
<meta property="og:site_name" content="World News Daily">
<meta name="author" content="Guy Faulconbridge">
<meta property="article:published_time" content="2025-03-12T10:41:00Z">
<link rel="canonical" href="https://news.example.com/world/kremlin-weighs/">
</head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept all</button></div>
<main><article><h1>Kremlin weighs the US ceasefire plan</h1>
<p>Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow would not comment on the proposed ceasefire until all details were made known.</p>
<p>Ukraine said on Tuesday it was ready to accept an immediate 30-day ceasefire, after talks with US officials in Jeddah that lasted most of the day.</p>
<p>Putin has repeatedly said a short-term truce is not the way to end the war, and that any settlement must address what he calls the root causes of the conflict.</p>
<div class="share"><a href="#">Share on X</a> <a href="#">Share by email</a></div>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Ten gadgets for your kitchen</a></li></ul></aside></main>
<footer><p>© 2025 World News Daily. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>`;

type Tokens = { facilitator: string; editor: string; viewer: string };

async function setUp(): Promise<{ server: TestServer; id: string; tokens: Tokens }> {
  const server = await startServer({ seedDemo: false });
  const { id, tokens } = await createMatrix(server, 'Library test');
  return { server, id, tokens };
}

const api = (server: TestServer, id: string) => `${server.url}/api/matrices/${id}/documents`;

function postJson(server: TestServer, id: string, token: string, body: unknown): Promise<Response> {
  return fetch(api(server, id), { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify(body) });
}

function upload(
  server: TestServer,
  id: string,
  token: string,
  file: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> | string },
  fields: Record<string, string> = {},
  path = '',
) {
  const form = new FormData();
  form.set('file', new File([file.bytes], file.name, { type: file.type }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${api(server, id)}${path}`, { method: 'POST', headers: bearer(token), body: form });
}

const getJson = async <T>(url: string, token: string): Promise<T> => {
  const res = await fetch(url, { headers: bearer(token) });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
};

describe('documents API: adding', () => {
  it('stores pasted JSON text and every uploaded format, with the metadata the file gives, overridden by the form', async () => {
    const { server, id, tokens } = await setUp();
    const pasted = await postJson(server, id, tokens.editor, { title: 'Pasted', text: ARTICLE, outlet: 'Reuters', date: '2025-03-12', addedBy: 'Ana' });
    expect(pasted.status).toBe(201);
    expect(await pasted.json()).toMatchObject({ title: 'Pasted', outlet: 'Reuters', date: '2025-03-12', addedBy: 'Ana', chars: ARTICLE.length, citedBy: 0 });

    const txt = await upload(server, id, tokens.editor, {
      name: 'note.txt',
      type: 'text/plain',
      bytes: 'Statement of 13 March\n\nWe support the plan in principle.',
    });
    expect(txt.status).toBe(201);
    expect(await txt.json()).toMatchObject({ title: 'Statement of 13 March' });

    const md = await upload(
      server,
      id,
      tokens.editor,
      { name: 'brief.md', type: 'text/markdown', bytes: '# Analyst brief\n\nMoscow sets conditions.' },
      { outlet: 'Think tank', date: '2025-03-14' },
    );
    expect(md.status).toBe(201);
    expect(await md.json()).toMatchObject({ title: 'Analyst brief', outlet: 'Think tank', date: '2025-03-14' });

    const html = await upload(server, id, tokens.editor, { name: 'page.html', type: 'text/html', bytes: PAGE }, { title: 'Edited title' });
    expect(html.status).toBe(201);
    const page = (await html.json()) as DocumentSummary;
    expect(page).toMatchObject({
      title: 'Edited title',
      outlet: 'World News Daily',
      author: 'Guy Faulconbridge',
      date: '2025-03-12',
      url: 'https://news.example.com/world/kremlin-weighs/',
      lang: 'en-GB',
    });
    const pageText = (await getJson<DocumentView>(`${api(server, id)}/${page.id}`, tokens.viewer)).text;
    expect(pageText).toContain('Putin has repeatedly said a short-term truce is not the way to end the war');
    for (const boilerplate of ['Accept all', 'Share on X', 'Related stories', 'All rights reserved', 'Privacy policy'])
      expect(pageText).not.toContain(boilerplate);

    const pdfBytes = tinyPdf(['Kremlin statement on the ceasefire', 'We will not comment until all details are made known.'], {
      Title: 'Kremlin statement',
      Author: 'Press office',
      CreationDate: "D:20250312093000+01'00'",
    });
    const pdf = await upload(server, id, tokens.editor, { name: 'statement.pdf', type: 'application/pdf', bytes: pdfBytes });
    expect(pdf.status).toBe(201);
    expect(await pdf.json()).toMatchObject({ title: 'Kremlin statement', author: 'Press office', date: '2025-03-12' });

    const list = await getJson<DocumentList>(api(server, id), tokens.viewer);
    expect(list.documents.map((d) => d.title)).toEqual(['Pasted', 'Statement of 13 March', 'Analyst brief', 'Edited title', 'Kremlin statement']);
    for (const d of list.documents)
      expect(Object.keys(d).sort()).toEqual(['addedAt', 'addedBy', 'author', 'chars', 'citedBy', 'date', 'id', 'lang', 'outlet', 'sha256', 'title', 'url']);
  });

  it('extracts an upload without storing it: text and metadata prefill to edit', async () => {
    const { server, id, tokens } = await setUp();
    const res = await upload(server, id, tokens.editor, { name: 'page.html', type: 'text/html', bytes: PAGE }, {}, '/extract');
    expect(res.status).toBe(200);
    const extracted = (await res.json()) as ExtractedDocument;
    expect(extracted).toMatchObject({ format: 'html', title: 'Kremlin weighs the US ceasefire plan', outlet: 'World News Daily', lang: 'en-GB' });
    expect(extracted.chars).toBe(extracted.text.length);
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents).toEqual([]);
    const unsupported = await upload(server, id, tokens.editor, { name: 'sheet.xlsx', type: 'application/octet-stream', bytes: 'x' }, {}, '/extract');
    expect(unsupported.status).toBe(415);
    expect(((await unsupported.json()) as ErrorBody).error.code).toBe('unsupported-format');
  });

  it('refuses a duplicate (409 with the existing id), a text over 2 MiB (413, nothing stored) and the 501st document (422)', async () => {
    const { server, id, tokens } = await setUp();
    const first = (await (await postJson(server, id, tokens.editor, { title: 'One', text: ARTICLE })).json()) as DocumentSummary;
    const dup = await upload(server, id, tokens.editor, { name: 'same.txt', type: 'text/plain', bytes: ARTICLE });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as ErrorBody).error).toMatchObject({ code: 'duplicate-document', existingId: first.id });

    const big = 'a'.repeat(2 * 1024 * 1024 + 1);
    const tooLarge = await postJson(server, id, tokens.editor, { title: 'Big', text: big });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ErrorBody).error.code).toBe('document-too-large');
    const tooLargeFile = await upload(server, id, tokens.editor, { name: 'big.txt', type: 'text/plain', bytes: big });
    expect(tooLargeFile.status).toBe(413);
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents.map((d) => d.id)).toEqual([first.id]);

    const store = new DocumentStore(server.storage.database);
    for (let i = 1; i < MAX_DOCUMENTS_PER_MATRIX; i++) store.add(id, { title: `Filler ${i}`, text: `Filler document number ${i}.`, addedBy: 'test' });
    const full = await postJson(server, id, tokens.editor, { title: 'One too many', text: 'The 501st document.' });
    expect(full.status).toBe(422);
    expect(((await full.json()) as ErrorBody).error.code).toBe('too-many-documents');
    expect(store.count(id)).toBe(MAX_DOCUMENTS_PER_MATRIX);
  });
});

describe('documents API: refusals', () => {
  it('answers a body past the upload cap, an unknown document, a bad confirmation and a body that is neither JSON nor a form', async () => {
    const { server, id, tokens } = await setUp();
    const huge = await upload(server, id, tokens.editor, { name: 'huge.txt', type: 'text/plain', bytes: 'a'.repeat(MAX_DOCUMENT_UPLOAD_BYTES + 1) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorBody).error.code).toBe('payload-too-large');
    expect((await fetch(`${api(server, id)}/no-such-doc`, { headers: bearer(tokens.viewer) })).status).toBe(404);
    const gone = await fetch(`${api(server, id)}/no-such-doc`, { method: 'DELETE', headers: bearer(tokens.editor) });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as ErrorBody).error.code).toBe('document-not-found');
    const badConfirm = await fetch(`${api(server, id)}/no-such-doc?confirm=yes`, { method: 'DELETE', headers: bearer(tokens.editor) });
    expect(badConfirm.status).toBe(400);
    expect(((await badConfirm.json()) as ErrorBody).error.code).toBe('invalid-confirm');
    const plain = await fetch(api(server, id), { method: 'POST', headers: { 'content-type': 'text/plain', ...bearer(tokens.editor) }, body: 'Just text' });
    expect(plain.status).toBe(415);
    const noTitle = await postJson(server, id, tokens.editor, { text: 'No title' });
    expect(noTitle.status).toBe(400);
    expect(((await noTitle.json()) as ErrorBody).error.code).toBe('invalid-document');
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents).toEqual([]);
  });
});

describe('documents API: roles and the lock', () => {
  it('lets viewers read but not add or delete; a locked matrix takes library changes from facilitators only', async () => {
    const { server, id, tokens } = await setUp();
    const doc = (await (await postJson(server, id, tokens.editor, { title: 'One', text: ARTICLE })).json()) as DocumentSummary;
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents).toHaveLength(1);
    expect((await getJson<DocumentView>(`${api(server, id)}/${doc.id}`, tokens.viewer)).text).toBe(ARTICLE);
    expect((await postJson(server, id, tokens.viewer, { title: 'Two', text: 'Other text.' })).status).toBe(403);
    expect((await fetch(`${api(server, id)}/${doc.id}`, { method: 'DELETE', headers: bearer(tokens.viewer) })).status).toBe(403);
    expect((await fetch(api(server, id))).status).toBe(401);

    const lock = await fetch(`${server.url}/api/matrices/${id}/lock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(tokens.facilitator) },
      body: JSON.stringify({ locked: true }),
    });
    expect(lock.status).toBe(200);
    const locked = await postJson(server, id, tokens.editor, { title: 'Two', text: 'Other text.' });
    expect(locked.status).toBe(403);
    expect((await fetch(`${api(server, id)}/${doc.id}`, { method: 'DELETE', headers: bearer(tokens.editor) })).status).toBe(403);
    expect((await postJson(server, id, tokens.facilitator, { title: 'Two', text: 'Other text.' })).status).toBe(201);
  });
});

describe('documents API: citations, deletion and verification', () => {
  it('refuses to delete a cited document without confirmation, then orphans its sources (no-document, quote kept)', async () => {
    const { server, id, tokens } = await setUp();
    const doc = (await (await postJson(server, id, tokens.editor, { title: 'One', text: ARTICLE })).json()) as DocumentSummary;
    const client = await connectSynced(server.syncUrl, id, tokens.editor);
    const quote = 'We will not comment on the proposed ceasefire until all details are made known.';
    const start = ARTICLE.indexOf(quote);
    const sourceId = (() => {
      addAxisItem(client.doc, 'parties', { id: 'russia', name: 'Russia', description: '' });
      addAxisItem(client.doc, 'issues', { id: 'ceasefire', name: 'Ceasefire', description: '' });
      return addSource(client.doc, 'russia', 'ceasefire', {
        quote,
        speaker: 'Dmitry Peskov',
        document: 'One',
        date: '',
        link: '',
        addedBy: 'test',
        documentId: doc.id,
        selector: makeSelector(ARTICLE, start, start + quote.length),
      });
    })();
    const cited = await waitFor(async () => {
      const view = await getJson<DocumentView>(`${api(server, id)}/${doc.id}`, tokens.viewer);
      return view.citedBy === 1 && view;
    });
    expect(cited.cited).toEqual([{ start, end: start + quote.length, sources: [{ partyId: 'russia', issueId: 'ceasefire', sourceId, quote }] }]);
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents[0]?.citedBy).toBe(1);

    const refused = await fetch(`${api(server, id)}/${doc.id}`, { method: 'DELETE', headers: bearer(tokens.editor) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).error).toMatchObject({
      code: 'document-cited',
      citing: [{ partyId: 'russia', issueId: 'ceasefire', sourceId, quote }],
    });
    expect((await getJson<DocumentList>(api(server, id), tokens.viewer)).documents).toHaveLength(1);

    const deleted = await fetch(`${api(server, id)}/${doc.id}?confirm=orphan`, { method: 'DELETE', headers: bearer(tokens.editor) });
    expect(deleted.status).toBe(200);
    expect((await deleted.json()) as DeletedDocument).toEqual({ deleted: doc.id, orphaned: 1 });
    expect((await fetch(`${api(server, id)}/${doc.id}`, { headers: bearer(tokens.viewer) })).status).toBe(404);
    await waitFor(() => readDocumentIndex(client.doc).length === 0, { message: 'the index entry removed live' });
    const matrix = await getJson<{ cells: { sources: VerifiedSource[] }[]; verification: unknown }>(`${server.url}/api/matrices/${id}`, tokens.viewer);
    expect(matrix.cells[0]?.sources[0]).toMatchObject({ quote, documentId: doc.id, verification: { status: 'no-document' } });
    expect(matrix.verification).toEqual({ total: 1, verified: 0, altered: 0, notFound: 0, noDocument: 1 });
  });

  it('lists a new document live in a connected client’s Y.Doc', async () => {
    const { server, id, tokens } = await setUp();
    const client = await connectSynced(server.syncUrl, id, tokens.viewer);
    expect(readDocumentIndex(client.doc)).toEqual([]);
    const doc = (await (await postJson(server, id, tokens.editor, { title: 'Live', text: ARTICLE, outlet: 'Reuters' })).json()) as DocumentSummary;
    const entry = await waitFor(() => readDocumentIndex(client.doc)[0], { message: 'the index entry in the client' });
    const { citedBy: _c, ...info } = doc;
    expect(entry).toEqual(info);

    // Stored, not only relayed: a restarted server still has it.
    const dataDir = path.dirname(server.storage.file);
    client.destroy();
    await server.close();
    const restarted = await startServer({ seedDemo: false, dataDir });
    expect(restarted.rooms.withDoc(id, readDocumentIndex)).toEqual([info]);
  });
});

describe('documents API: the demo', () => {
  it('serves every demo source anchored and verified, and an edited quote turns altered with a diff', async () => {
    const server = await startServer();
    const viewer = demoToken(server, 'viewer');
    type Matrix = { cells: { partyId: string; issueId: string; sources: VerifiedSource[] }[]; verification: { total: number; verified: number } };
    const matrix = await getJson<Matrix>(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, viewer);
    expect(matrix.verification.total).toBeGreaterThanOrEqual(93);
    expect(matrix.verification.verified).toBe(matrix.verification.total);
    const sources = matrix.cells.flatMap((c) => c.sources);
    expect(sources).toHaveLength(matrix.verification.total);
    for (const s of sources) {
      expect(s.documentId, s.quote).toBeTruthy();
      expect(s.selector, s.quote).toBeTruthy();
      expect(s.kind, s.quote).toBeTruthy();
      expect(s.verification.status, s.quote).toBe('verified');
    }
    const library = await getJson<DocumentList>(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/documents`, viewer);
    expect(library.documents).toHaveLength(5);
    expect(library.documents.reduce((n, d) => n + d.citedBy, 0)).toBe(sources.length);

    const client = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, demoToken(server, 'editor'));
    expect(
      readDocumentIndex(client.doc)
        .map((d) => d.id)
        .sort(),
    ).toEqual(library.documents.map((d) => d.id).sort());
    const target = matrix.cells.find((c) => c.sources.some((s) => s.quote.split(' ').length > 8))!;
    const source = readCellSources(client.doc, target.partyId, target.issueId).find((s) => s.quote.split(' ').length > 8)!;
    const words = source.quote.split(' ');
    const changed = words.map((w, i) => (i === 3 ? 'CHANGED' : w)).join(' ');
    updateSource(client.doc, source.id, { quote: changed });
    const altered = await waitFor(async () => {
      const m = await getJson<Matrix>(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, viewer);
      const s = m.cells.flatMap((c) => c.sources).find((x) => x.id === source.id);
      return s?.verification.status === 'altered' && { s, m };
    });
    expect(altered.m.verification.verified).toBe(altered.m.verification.total - 1);
    const v = altered.s.verification;
    if (v.status !== 'altered') throw new Error('not altered');
    expect(v.diff).toContainEqual({ op: 'insert', text: 'CHANGED' });
    expect(
      v.diff
        .filter((p) => p.op === 'delete')
        .map((p) => p.text)
        .join(' '),
    ).toContain(words[3]);
  });
});

describe('documents API: exports and imports', () => {
  it('round-trips the library through a JSON export and import (same ids, texts and anchors; all still verified)', async () => {
    const server = await startServer();
    const viewer = demoToken(server, 'viewer');
    const exportOf = async (id: string, token: string) =>
      (await (await fetch(`${server.url}/api/matrices/${id}/export?format=json`, { headers: bearer(token) })).json()) as Record<string, unknown>;
    const original = await exportOf(DEMO_MATRIX_ID, viewer);
    expect((original.documents as { id: string; text: string }[]).map((d) => d.id)).toHaveLength(5);

    const res = await fetch(`${server.url}/api/import?kind=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(original),
    });
    expect(res.status).toBe(201);
    const { id, tokens } = (await res.json()) as { id: string; tokens: Tokens };
    const copy = await exportOf(id, tokens.viewer);
    for (const key of ['matrix', 'documents', 'history', 'comments', 'commentThreads']) expect(copy[key], key).toEqual(original[key]);

    const served = await getJson<{ verification: { total: number; verified: number } }>(`${server.url}/api/matrices/${id}`, tokens.viewer);
    expect(served.verification.verified).toBe(served.verification.total);
    expect(served.verification.total).toBeGreaterThanOrEqual(93);
    const index = server.rooms.withDoc(id, readDocumentIndex);
    expect(index).toEqual(server.rooms.withDoc(DEMO_MATRIX_ID, readDocumentIndex));
  });

  it('refuses a JSON import whose documents break the library rules, creating nothing', async () => {
    const server = await startServer();
    const original = (await (
      await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=json`, { headers: bearer(demoToken(server, 'viewer')) })
    ).json()) as {
      documents: { id: string; text: string }[];
    };
    // Two documents with the same text: the second is a duplicate.
    original.documents[1]!.text = original.documents[0]!.text;
    const before = server.storage.list().length;
    const res = await fetch(`${server.url}/api/import?kind=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(original),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'invalid-import', details: [{ field: 'documents' }] });
    expect(server.storage.list()).toHaveLength(before);
  });

  it('prints each source’s verification, document id and kind in the CSV export', async () => {
    const server = await startServer();
    const csv = await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=csv`, { headers: bearer(demoToken(server, 'viewer')) })).text();
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(93);
    for (const r of rows) {
      expect(r.Verification, r.Quote).toBe('verified');
      expect(r['Document ID'], r.Quote).toMatch(/^[a-z0-9-]+$/i);
      expect(['direct', 'reported', 'analysis'], r.Quote).toContain(r.Kind);
    }
    const md = await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/export?format=md`, { headers: bearer(demoToken(server, 'viewer')) })).text();
    const footnotes = md.split('\n').filter((l) => /^\[\^\d+\]: /.test(l));
    expect(footnotes.length).toBe(rows.length);
    for (const f of footnotes) expect(f).toMatch(/ \(verified against \*.+\*\)$/);
  });
});
