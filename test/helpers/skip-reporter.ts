import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { skipSummary, type SkippedFile } from './skip-summary.js';
import { isCi, type SystemBinary } from './system-binaries.js';

/** Ends the run with `skipSummary`, read from the marks `needsBinaries` leaves on the tests it did not run. */
export default class SkipReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: SkippedFile[] = [];
    let ran = 0;
    for (const module of modules) {
      let tests = 0;
      const missing = new Set<SystemBinary>();
      for (const test of module.children.allTests()) {
        const marked = test.meta().missingBinaries ?? [];
        if (marked.length > 0) {
          tests += 1;
          for (const name of marked) missing.add(name);
        } else if (['passed', 'failed'].includes(test.result().state)) {
          ran += 1;
        }
      }
      if (tests > 0) skipped.push({ file: module.relativeModuleId, tests, missing: [...missing].sort() });
    }
    const lines = skipSummary(skipped, { files: modules.length, tests: ran }, isCi(process.env));
    for (const line of lines) this.vitest!.logger.log(line);
  }
}
