/**
 * Prints one plain closing line, `tests: N passed, N failed[, N skipped]`, after vitest's own summary,
 * so CI tooling that reads a run's last lines sees the counts in a runner-neutral form.
 */
import { writeSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    // Written at exit, so it is the last line, after the default reporter's summary.
    process.once('exit', () => writeSync(1, `tests: ${passed} passed, ${failed} failed${tail}\n`));
  }
}
