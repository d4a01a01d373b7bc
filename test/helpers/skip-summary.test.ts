import { describe, expect, it } from 'vitest';
import { skipSummary } from './skip-summary.js';

describe('skipSummary', () => {
  it('is one line of counts when nothing was skipped', () => {
    expect(skipSummary([], { files: 87, tests: 803 }, true)).toEqual(['87 test files, 803 tests ran; 0 skipped for a missing system binary.']);
  });

  it('names each skipped file, sorted, with its tests and the programs it needs, then how to get them', () => {
    const lines = skipSummary(
      [
        { file: 'test/exporter/exporter.test.ts', tests: 1, missing: ['promtool'] },
        { file: 'test/e2e/alarms.test.ts', tests: 5, missing: ['tmux'] },
        { file: 'test/engine/shared-mutes.test.ts', tests: 10, missing: ['amtool', 'prometheus-alertmanager'] },
      ],
      { files: 80, tests: 700 },
      false,
    );
    expect(lines).toEqual([
      '',
      'Integration suites SKIPPED, the system binaries they drive are not on PATH (everything else ran):',
      '  test/e2e/alarms.test.ts            5 tests  needs tmux',
      '  test/engine/shared-mutes.test.ts  10 tests  needs amtool, prometheus-alertmanager',
      '  test/exporter/exporter.test.ts      1 test  needs promtool',
      'Get them: apt-get install prometheus prometheus-alertmanager tmux, or run everything as CI does: bash .ci/run',
      '80 test files, 700 tests ran; 16 tests in 3 files skipped for a missing system binary.',
    ]);
  });

  it('under CI says the suites failed, not skipped', () => {
    const lines = skipSummary([{ file: 'test/e2e/dashboard.test.ts', tests: 3, missing: ['tmux'] }], { files: 1, tests: 2 }, true);
    expect(lines).toEqual([
      '',
      'CI=true and system binaries are missing, so these integration suites FAILED (CI never skips them):',
      '  test/e2e/dashboard.test.ts  3 tests  needs tmux',
      'Install them first: apt-get install tmux',
      '1 test file, 2 tests ran; 3 tests in 1 file failed for a missing system binary.',
    ]);
  });
});
