import { describe, expect, it } from 'vitest';
import { addAxisItem, addSource, readCell, readMatrix, setStance } from '../../shared/matrix.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { spawnServer } from '../utils/process.ts';
import { tempDataDir } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';

describe('the server process', () => {
  it('an update another client has seen survives kill -9', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir });
    const a = await connectSynced(first.syncUrl, DEMO_MATRIX_ID);
    const b = await connectSynced(first.syncUrl, DEMO_MATRIX_ID);
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
    const second = await spawnServer({ DATA_DIR: dataDir });
    const c = await connectSynced(second.syncUrl, DEMO_MATRIX_ID);
    expect(readMatrix(c.doc)).toEqual(seen);
  });

  it('Ctrl+C (SIGINT) stores open matrices and exits 0', async () => {
    const dataDir = tempDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir });
    const a = await connectSynced(first.syncUrl, DEMO_MATRIX_ID);
    addAxisItem(a.doc, 'parties', { name: 'India' });
    const expected = await waitFor(async () => {
      const body = (await (await fetch(`${first.url}/api/matrices/${DEMO_MATRIX_ID}`)).json()) as { parties: { name: string }[] };
      return body.parties.some((x) => x.name === 'India') && body;
    });
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    a.destroy();
    const second = await spawnServer({ DATA_DIR: dataDir });
    const body = await (await fetch(`${second.url}/api/matrices/${DEMO_MATRIX_ID}`)).json();
    expect(body.parties).toEqual(expected.parties);
  });
});
