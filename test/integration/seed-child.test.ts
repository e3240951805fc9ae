/**
 * Issue 13 (memory at rest): main.ts seeds the demo in a short-lived child process, so what building
 * it allocates is not left resident in the server. The demo it creates is the one seeded in process.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { bearer, startServer, tempDataDir } from '../utils/server.ts';

async function demoOf(server: Awaited<ReturnType<typeof startServer>>) {
  const headers = bearer(server.demoLinks!.facilitator);
  // What the demo holds (its item ids and times are new on each seeding).
  const { title, counts, verification } = (await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}`, { headers })).json()) as Record<string, unknown>;
  const matrix = { title, counts, verification };
  const documents = await (await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/documents`, { headers })).json();
  return { matrix, documents };
}

describe('seeding the demo in a child process', () => {
  it('creates the same demo, library and links as seeding in process, once', async () => {
    const dataDir = tempDataDir();
    const child = await startServer({ dataDir, seedDemo: 'child' });
    expect(child.logs.some((l) => l.includes('created the demo matrix'))).toBe(true);
    expect(child.demoLinks).not.toBeNull();
    const inline = await startServer({ seedDemo: true });
    const [a, b] = [await demoOf(child), await demoOf(inline)];
    expect(JSON.stringify(a.documents)).toContain('seed-004');
    expect(a.documents).toEqual(b.documents);
    expect(a.matrix).toEqual(b.matrix);

    // A second start finds the demo and keeps its links.
    const links = child.demoLinks;
    await child.close();
    const again = await startServer({ dataDir, seedDemo: 'child' });
    expect(again.logs.some((l) => l.includes('created the demo matrix'))).toBe(false);
    expect(again.demoLinks).toEqual(links);
  });
});
