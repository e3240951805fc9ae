/**
 * Runs the server as a real child process (for kill -9 and signal tests): the bundle `npm start`
 * runs, dist-server/main.js, which test/utils/build-server.ts builds from the sources before the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { waitFor } from './wait.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  syncUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** main.js on a free port of 127.0.0.1 (unless env says otherwise), killed when the test ends. */
function spawnMain(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ['dist-server/main.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // 'close' comes after the output streams end ('exit' may come before the last output is read).
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => out, exited, closed };
}

export async function spawnServer(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const { child, output, exited } = spawnMain(env, args);
  const url = await waitFor(() => /running at (http:\/\/[^/\s]+)/.exec(output())?.[1], {
    timeout: 20_000,
    message: `server start; output so far:\n${output()}`,
  });
  return { child, url, syncUrl: url.replace(/^http/, 'ws') + '/sync', output, exited };
}

/** Runs the server process until it exits by itself (a start that must fail); its exit code and output. */
export async function runServerToExit(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const { output, closed } = spawnMain(env, args);
  return { code: await closed, output: output() };
}
