import { describe, expect, it } from 'vitest';
import { addAxisItem, addSource, readCell, readMatrix, setStance } from '../../shared/matrix.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { tokenFromHash, type ShareTokens } from '../../shared/access.ts';
import { spawnServer, type ServerProcess } from '../utils/process.ts';
import { bearer, tempDataDir } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';

/** The demo links main.ts prints at start, read back from its output. */
async function printedDemoLinks(server: ServerProcess): Promise<ShareTokens> {
  const link = (label: string) => new RegExp(`${label}\\s+(${server.url}/m/${DEMO_MATRIX_ID}#token=\\S+)`).exec(server.output())?.[1];
  const [facilitator, editor, viewer] = await waitFor(
    () => {
      const links = [link('open as facilitator:\\n'), link('editor:'), link('viewer:')];
      return links.every(Boolean) && (links as string[]);
    },
    { message: `demo links in the output:\n${server.output()}` },
  );
  const token = (url: string) => tokenFromHash(new URL(url).hash) ?? '';
  return { facilitator: token(facilitator!), editor: token(editor!), viewer: token(viewer!) };
}

describe('the server process', () => {
  it('prints the demo matrix links at start, one per role, and each opens the demo as that role', async () => {
    const server = await spawnServer({ DATA_DIR: tempDataDir() }, ['--demo-links']);
    const links = await printedDemoLinks(server);
    expect(server.output()).toContain('Demo matrix "Ukraine ceasefire talks, March 2025" — open as facilitator:');
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/access`, { headers: bearer(links[role]) });
      expect(await res.json()).toEqual({ id: DEMO_MATRIX_ID, title: 'Ukraine ceasefire talks, March 2025', role, locked: false });
    }
    const viewer = await connectSynced(server.syncUrl, DEMO_MATRIX_ID, links.viewer);
    expect(readMatrix(viewer.doc).parties.length).toBeGreaterThan(0);
    await waitFor(() => viewer.access[0]?.role === 'viewer');
  });

  it('an update another client has seen survives kill -9', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    const { editor } = await printedDemoLinks(first);
    const a = await connectSynced(first.syncUrl, DEMO_MATRIX_ID, editor);
    const b = await connectSynced(first.syncUrl, DEMO_MATRIX_ID, editor);
    const p = addAxisItem(a.doc, 'parties', { name: 'Turkey' });
    const i = addAxisItem(a.doc, 'issues', { name: 'Grain corridor' });
    setStance(a.doc, p, i, 'supports');
    addSource(a.doc, p, i, { quote: 'seen by B', addedBy: 'Ana' });
    await waitFor(() => readCell(b.doc, p, i).sources.length === 1, { message: 'B sees the edit' });
    const seen = readMatrix(b.doc);
    first.child.kill('SIGKILL');
    await first.exited;
    a.destroy();
    b.destroy();
    const second = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    const c = await connectSynced(second.syncUrl, DEMO_MATRIX_ID, (await printedDemoLinks(second)).viewer);
    expect(readMatrix(c.doc)).toEqual(seen);
  });

  it('under 300 updates/s from two editors, every update another client saw survives kill -9', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    const links = await printedDemoLinks(first);
    const editors = [await connectSynced(first.syncUrl, DEMO_MATRIX_ID, links.editor), await connectSynced(first.syncUrl, DEMO_MATRIX_ID, links.editor)];
    const observer = await connectSynced(first.syncUrl, DEMO_MATRIX_ID, links.viewer);
    const seen = () => [...observer.doc.getMap('events').keys()].filter((k) => k.startsWith('load-'));
    let sent = 0;
    // Each editor: 3 updates every 20 ms = 150/s; 300/s together.
    const load = setInterval(() => {
      editors.forEach((editor, e) => {
        for (let n = 0; n < 3; n++) editor.doc.getMap('events').set(`load-${e}-${sent++}`, { date: '2025-03-11', label: `load ${sent}` });
      });
    }, 20);
    try {
      await waitFor(() => seen().length >= 300, { timeout: 20_000, message: 'the observer saw 300 updates' });
      first.child.kill('SIGKILL');
      await first.exited;
    } finally {
      clearInterval(load);
    }
    const witnessed = seen();
    for (const client of [...editors, observer]) client.destroy();
    const second = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    const after = await connectSynced(second.syncUrl, DEMO_MATRIX_ID, (await printedDemoLinks(second)).viewer);
    const stored = new Set(after.doc.getMap('events').keys());
    expect(witnessed.filter((k) => !stored.has(k))).toEqual([]);
    expect(editors.every((e) => !e.access.some((m) => m.rejected))).toBe(true);
  });

  it('Ctrl+C (SIGINT) stores open matrices and exits 0', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    const links = await printedDemoLinks(first);
    const a = await connectSynced(first.syncUrl, DEMO_MATRIX_ID, links.facilitator);
    addAxisItem(a.doc, 'parties', { name: 'India' });
    const expected = await waitFor(async () => {
      const body = (await (await fetch(`${first.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(links.viewer) })).json()) as {
        parties: { name: string }[];
      };
      return body.parties.some((x) => x.name === 'India') && body;
    });
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    a.destroy();
    const second = await spawnServer({ DATA_DIR: dataDir }, ['--demo-links']);
    // Derived from DATA_DIR/secret.key: the same links after a restart.
    expect(await printedDemoLinks(second)).toEqual(links);
    const body = await (await fetch(`${second.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers: bearer(links.viewer) })).json();
    expect(body.parties).toEqual(expected.parties);
  });
});
