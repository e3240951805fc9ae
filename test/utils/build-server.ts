/**
 * Vitest global setup: bundles the server into dist-server/ before the tests, as `npm start` does,
 * so the tests that run it as a child process (test/utils/process.ts) start the shipped bundle, fresh
 * from the sources: a third of the CPU of running the sources through tsx, started a dozen times.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
}
