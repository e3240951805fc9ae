/**
 * The route table as an extension point: a feature adds routes and hooks through createServer,
 * and gets matching, the matrix check, authorisation, body validation and errors for free.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { BodyContract } from '../../shared/api.ts';
import { route } from '../../server/http/router.ts';
import { HttpError } from '../../server/http/respond.ts';
import { bearer, createMatrix, startServer } from '../utils/server.ts';

const NoteBody = {
  schema: v.object({ text: v.pipe(v.string('The note must be text.'), v.maxLength(10, 'The note is too long.')) }, 'Send { "text": "…" }.'),
  codes: { '': 'invalid-body', text: 'invalid-note' },
} satisfies BodyContract;

async function call(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as { error?: { code: string } } & Record<string, unknown> };
}

async function serverWithNotes() {
  return startServer({
    seedDemo: false,
    hooks: [
      (_req, res) => {
        res.setHeader('x-frame-options', 'DENY');
      },
      (req) => {
        if (req.headers['x-test-blocked']) throw new HttpError(403, 'forbidden', 'Not from here.');
      },
    ],
    routes: () => [
      route({
        method: 'POST',
        path: '/api/matrices/:id/notes',
        needs: { role: 'editor' },
        body: { json: NoteBody, limit: 64 },
        handle: ({ id, body, grant }) => ({ status: 201, json: { id, text: body.text, role: grant!.role } }),
      }),
    ],
  });
}

const post = (body: string, token: string, type = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type, ...bearer(token) },
  body,
});

describe('route table', () => {
  it('an added route gets the matrix check, authorisation and a validated body', async () => {
    const server = await serverWithNotes();
    const { id, tokens } = await createMatrix(server);
    const notes = `${server.url}/api/matrices/${id}/notes`;
    const ok = await call(notes, post(JSON.stringify({ text: 'hello' }), tokens.editor));
    expect(ok).toMatchObject({ status: 201, body: { id, text: 'hello', role: 'editor' } });

    const refusals: [Awaited<ReturnType<typeof call>>, number, string][] = [
      [await call(`${server.url}/api/matrices/no-such-matrix/notes`, post('{}', tokens.editor)), 404, 'not-found'],
      [await call(`${server.url}/api/matrices/NO!/notes`, post('{}', tokens.editor)), 400, 'invalid-matrix-id'],
      [await call(notes, post(JSON.stringify({ text: 'hello' }), tokens.viewer)), 403, 'forbidden'],
      [await call(notes, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 401, 'unauthorized'],
      [await call(notes, post(JSON.stringify({ text: 3 }), tokens.editor)), 400, 'invalid-note'],
      [await call(notes, post('[]', tokens.editor)), 400, 'invalid-note'],
      [await call(notes, post('"text"', tokens.editor)), 400, 'invalid-body'],
      [await call(notes, post('{', tokens.editor)), 400, 'invalid-json'],
      [await call(notes, post('{}', tokens.editor, 'text/plain')), 415, 'unsupported-media-type'],
      [await call(notes, post(JSON.stringify({ text: 'x'.repeat(100) }), tokens.editor)), 413, 'payload-too-large'],
      [await call(notes, { headers: bearer(tokens.editor) }), 405, 'method-not-allowed'],
      [await call(`${server.url}/api/matrices/${id}/nothing-here`), 404, 'not-found'],
    ];
    for (const [res, status, code] of refusals) expect([res.status, res.body?.error?.code]).toEqual([status, code]);
  });

  it('hooks run before every request, API and static alike, and may refuse it', async () => {
    const server = await serverWithNotes();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const refused = await call(`${server.url}/healthz`, { headers: { 'x-test-blocked': '1' } });
    expect([refused.status, refused.body?.error?.code]).toEqual([403, 'forbidden']);
    expect(refused.headers.get('x-frame-options')).toBe('DENY');
  });
});
