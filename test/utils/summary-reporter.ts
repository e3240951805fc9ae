/** Prints one plain closing line, "N passed, N failed, N skipped", that any CI log reader understands. */
import type { Reporter } from 'vitest/reporters';
import type { RunnerTask, RunnerTestFile } from 'vitest';

function count(tasks: RunnerTask[], totals: { passed: number; failed: number; skipped: number }): void {
  for (const task of tasks) {
    if (task.type === 'suite') count(task.tasks, totals);
    else if (task.mode === 'skip' || task.mode === 'todo') totals.skipped++;
    else if (task.result?.state === 'pass') totals.passed++;
    else if (task.result?.state === 'fail') totals.failed++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    for (const file of files) if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed++;
    totals.failed += errors.length;
    console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
