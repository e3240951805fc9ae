/**
 * Issue 12, item 11: a deployed server (stdout a pipe or a log file) does not print the demo's
 * links, which hold its facilitator token, unless asked to with --demo-links / DEMO_LINKS=1;
 * --no-demo-links / DEMO_LINKS=0 keeps them out even on a terminal.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MATRIX_ID } from '../../shared/demo.ts';
import { spawnServer } from '../utils/process.ts';
import { tempDataDir } from '../utils/server.ts';
import { waitFor } from '../utils/wait.ts';

async function startOutput(env: Record<string, string>, args: string[] = []): Promise<string> {
  const server = await spawnServer({ DATA_DIR: tempDataDir(), ...env }, args);
  // The last line main.ts prints at start: everything before it is in the output.
  return waitFor(() => /Creating matrices|Anyone who can reach/.test(server.output()) && server.output(), { timeout: 20_000, message: 'start output' });
}

describe('demo links at start (issue 12, item 11)', () => {
  it('are not printed when stdout is not a terminal', async () => {
    const out = await startOutput({});
    expect(out).not.toContain('#token=');
    expect(out).toContain('Demo matrix links not printed');
  });

  it('are printed with --demo-links or DEMO_LINKS=1, and never with --no-demo-links', async () => {
    expect(await startOutput({}, ['--demo-links'])).toContain(`/m/${DEMO_MATRIX_ID}#token=`);
    expect(await startOutput({ DEMO_LINKS: '1' })).toContain(`/m/${DEMO_MATRIX_ID}#token=`);
    expect(await startOutput({ DEMO_LINKS: '1' }, ['--no-demo-links'])).not.toContain('#token=');
    expect(await startOutput({ DEMO_LINKS: '0' })).not.toContain('#token=');
  }, 90_000);
});
