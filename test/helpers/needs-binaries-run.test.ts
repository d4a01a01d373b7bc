import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './temp-dir.js';

const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const CONFIG = fileURLToPath(new URL('./fixtures/needs-binaries.vitest.config.ts', import.meta.url));

interface Run {
  code: number | null;
  output: string;
}

/** vitest over the fixture file with PATH an empty directory, so tmux and promtool are missing. */
function runFixture(path: string, ci: string | undefined): Promise<Run> {
  const { CI: _ci, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG], {
      env: { ...env, PATH: path, NO_COLOR: '1', ...(ci === undefined ? {} : { CI: ci }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('a run without the system binaries (vitest over a fixture file)', { timeout: 60_000 }, () => {
  const emptyDir = useTempDir('api-health-nobin-');

  it('passes, and ends naming the skipped file, what it needs and how to get it', async () => {
    const run = await runFixture(emptyDir(), undefined);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Integration suites SKIPPED, the system binaries they drive are not on PATH (everything else ran):');
    expect(run.output).toContain('  test/helpers/fixtures/needs-binaries.fixture.ts  2 tests  needs promtool, tmux');
    expect(run.output).toContain('Get them: apt-get install prometheus tmux, or run everything as CI does: bash .ci/run');
    expect(run.output).toContain('1 test file, 1 test ran; 2 tests in 1 file skipped for a missing system binary.');
  });

  it('fails under CI=true, naming the missing binaries', async () => {
    const run = await runFixture(emptyDir(), 'true');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('CI=true and "tmux", "promtool" not on PATH (apt-get install prometheus tmux): under CI a suite that cannot run fails, never skips');
    expect(run.output).toContain('CI=true and system binaries are missing, so these integration suites FAILED (CI never skips them):');
  });
});
