import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `check` through the built binary when the run cannot judge every API: `hourly` is probed once an hour, so a
 * 1.5 s run leaves it with fewer than its 3 samples. That is no pass: exit 3, naming the API and a long enough run.
 */
describe.concurrent('check without a verdict (built binary)', () => {
  async function fleet(status: number, onFinished: (cleanup: () => Promise<void>) => void): Promise<{ configFile: string; stateDir: string }> {
    const api = new LoopbackApi(status);
    await api.listen();
    const dir = tempDir('api-health-check-verdict-');
    onFinished(async () => {
      await api.close();
      dir.remove();
    });
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(
      configFile,
      [
        'defaults: { interval: 100ms, window: 30s, minSamples: 3 }',
        'apis:',
        `  frequent: { url: "${api.url}" }`,
        `  hourly: { url: "${api.url}", interval: 1h }`,
        'rules:',
        '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 300ms, severity: critical }',
        '',
      ].join('\n'),
    );
    return { configFile, stateDir: join(dir.path, 'state') };
  }

  it('exits 3, warns before probing and names the API with the duration that would be enough', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await fleet(200, onTestFinished);
    const result = await runBinary(['check', '--config', configFile, '--state-dir', stateDir, '--duration', '1500ms']);
    expect(result.code).toBe(3);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('warning: --duration 1500ms is too short to judge hourly (3 samples x 1h); --duration 3h would be enough');
    expect(lines.at(-1)).toMatch(/^api-health: no verdict: too little data to judge hourly \([01] of 3 samples\); run with --duration 3h or longer$/);
    expect(result.stdout).toContain('without data');
  });

  it('lists the APIs without a verdict under "noVerdict" in --json', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await fleet(200, onTestFinished);
    const result = await runBinary(['check', '--config', configFile, '--state-dir', stateDir, '--duration', '1500ms', '--json']);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as { noVerdict: { api: string; samples: number; samplesNeeded: number; enoughMs: number }[] };
    expect(report.noVerdict).toEqual([{ api: 'hourly', samples: expect.any(Number), samplesNeeded: 3, enoughMs: 3 * 3_600_000 }]);
  });

  it('exits 1, not 3, when an alarm fires as well', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await fleet(500, onTestFinished);
    const result = await runBinary(['check', '--config', configFile, '--state-dir', stateDir, '--duration', '2s']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('no verdict');
  });

  it('exits 0 without a warning when the run is long enough for every API', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await fleet(200, onTestFinished);
    const hourlyLess = configFile.replace(/\.yaml$/, '-frequent.yaml');
    writeFileSync(hourlyLess, readFileSync(configFile, 'utf8').replace(/^ {2}hourly:.*\n/m, ''));
    const result = await runBinary(['check', '--config', hourlyLess, '--state-dir', stateDir, '--duration', '1s']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});
