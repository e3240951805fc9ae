/**
 * A port someone else holds: createServer rejects with EADDRINUSE and leaves nothing open (the
 * database closed, so a caller may try another port), and the server process says which address
 * is taken and how to pick another instead of a stack trace.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createServer } from '../../server/server.ts';
import { memoryLogger } from '../../server/log.ts';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { startServer, tempDataDir } from '../utils/server.ts';
import { runServerToExit } from '../utils/process.ts';

async function holdPort(): Promise<number> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  return (holder.address() as net.AddressInfo).port;
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
/** SQLite removes the write-ahead log when the last connection to the database closes. */
const databaseOpen = (dataDir: string) => fs.existsSync(path.join(dataDir, 'stance-grid.sqlite-wal'));

describe('a port in use', () => {
  it('createServer rejects with EADDRINUSE, closes the database, keeps no timer, and the data dir opens again at once', async () => {
    const port = await holdPort();
    const dataDir = tempDataDir();
    const before = timers();
    await expect(createServer({ port, host: '127.0.0.1', dataDir, logger: memoryLogger() })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(timers()).toBe(before);
    expect(fs.readdirSync(dataDir)).toContain('stance-grid.sqlite'); // it got as far as the database (and the demo)
    expect(databaseOpen(dataDir)).toBe(false);
    const server = await startServer({ dataDir });
    const res = await fetch(`${server.url}/api/matrices/${DEMO_MATRIX_ID}/access`, { headers: { authorization: `Bearer ${server.demoLinks!.viewer}` } });
    expect(res.status).toBe(200);
  });

  it('the server process names the address and how to choose another port, and exits 1', async () => {
    const port = await holdPort();
    const { code, output } = await runServerToExit({ PORT: String(port), DATA_DIR: tempDataDir() });
    expect(code).toBe(1);
    expect(output).toContain(`Stance Grid cannot start: 127.0.0.1:${port} is already in use`);
    expect(output).toContain('PORT=8081 npm start');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});
