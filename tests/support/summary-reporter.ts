// Prints the plain closing line "N passed, N failed, N skipped" that CI reads, after Vitest's own summary, and the
// slowest test files, because the whole run has a time budget (well under 10 minutes on a 2-core machine).
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0, failed = 0, skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    const durations = modules
      .map((m) => ({ file: m.relativeModuleId, ms: Math.round(m.diagnostic().duration) }))
      .sort((a, b) => b.ms - a.ms);
    try {
      mkdirSync('test-output', { recursive: true });
      writeFileSync('test-output/durations.json', JSON.stringify(durations, null, 1));
    } catch { /* the figures are a convenience; the run's verdict does not depend on them */ }
    process.stdout.write('\nslowest test files:\n');
    for (const d of durations.slice(0, 12)) process.stdout.write(`  ${(d.ms / 1000).toFixed(1).padStart(6)} s  ${d.file}\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
