import { installCommand, type SystemBinary } from './system-binaries.js';

/** A test file with tests that did not run because a program they drive is not on PATH. */
export interface SkippedFile {
  file: string;
  tests: number;
  missing: SystemBinary[];
}

export interface RunCounts {
  files: number;
  /** Tests that ran, passed or failed. */
  tests: number;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The block that ends every run: which integration files did not run and why, how to get what they need,
 * and the counts, so a run on a bare laptop says what it did not prove and a CI run says it skipped nothing.
 */
export function skipSummary(skipped: readonly SkippedFile[], counts: RunCounts, ci: boolean): string[] {
  const ran = `${plural(counts.files, 'test file')}, ${plural(counts.tests, 'test')} ran`;
  if (skipped.length === 0) return [`${ran}; 0 skipped for a missing system binary.`];
  const files = [...skipped].sort((a, b) => a.file.localeCompare(b.file));
  const width = Math.max(...files.map((f) => f.file.length));
  const countWidth = Math.max(...files.map((f) => plural(f.tests, 'test').length));
  const tests = files.reduce((sum, f) => sum + f.tests, 0);
  const missing = [...new Set(files.flatMap((f) => f.missing))].sort();
  const outcome = ci ? 'failed' : 'skipped';
  return [
    '',
    ci
      ? 'CI=true and system binaries are missing, so these integration suites FAILED (CI never skips them):'
      : 'Integration suites SKIPPED, the system binaries they drive are not on PATH (everything else ran):',
    ...files.map((f) => `  ${f.file.padEnd(width)}  ${plural(f.tests, 'test').padStart(countWidth)}  needs ${f.missing.join(', ')}`),
    ci ? `Install them first: ${installCommand(missing)}` : `Get them: ${installCommand(missing)}, or run everything as CI does: bash .ci/run`,
    `${ran}; ${plural(tests, 'test')} in ${plural(files.length, 'file')} ${outcome} for a missing system binary.`,
  ];
}
