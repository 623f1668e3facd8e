import type { Reporter, TestModule } from 'vitest/node';

const SHOWN = 10;

/** Ends a run with its slowest test files, so the next change to test time knows where to look. */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const timed = testModules
      .map((module) => {
        const { collectDuration, duration } = module.diagnostic();
        return { file: module.relativeModuleId, seconds: (collectDuration + duration) / 1000 };
      })
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, SHOWN);
    if (timed.length === 0) return;
    const lines = timed.map(({ file, seconds }) => `  ${seconds.toFixed(1).padStart(6)} s  ${file}`);
    process.stdout.write(
      `\nSlowest ${timed.length === 1 ? 'test file' : `${timed.length} test files`} (import and run):\n${lines.join('\n')}\n`,
    );
  }
}
