/** The join cache on the real server: joiners share one encoding, and a joiner after an edit gets the edit. */
import { describe, expect, it } from 'vitest';
import { addAxisItem, readMatrix, setTitle } from '../../shared/matrix.ts';
import { createMatrix, startServer } from '../utils/server.ts';
import { connectSynced } from '../utils/client.ts';
import { waitFor } from '../utils/wait.ts';

describe('joining a room', () => {
  it('a client that joins after an edit gets the edit, though earlier joiners were answered from the cache', async () => {
    const server = await startServer({ seedDemo: false });
    const { id, tokens } = await createMatrix(server, 'Cached');
    const a = await connectSynced(server.syncUrl, id, tokens.editor);
    const b = await connectSynced(server.syncUrl, id, tokens.viewer);
    expect(readMatrix(b.doc)).toEqual(readMatrix(a.doc));
    addAxisItem(a.doc, 'parties', { name: 'Norway' });
    setTitle(a.doc, 'Edited');
    await waitFor(() => readMatrix(b.doc).meta.title === 'Edited', { message: 'the edit in B' });
    const c = await connectSynced(server.syncUrl, id, tokens.viewer);
    expect(readMatrix(c.doc)).toEqual(readMatrix(a.doc));
    expect(readMatrix(c.doc).parties.map((p) => p.name)).toEqual(['Norway']);
  });
});
