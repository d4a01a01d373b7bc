import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { useOverloadedFleet } from '../helpers/overloaded-fleet.js';

/**
 * `monitor --json` (the built binary) over a fleet the concurrency limit cannot keep up with: 10 loopback APIs
 * every 200 ms, each answering in 150 ms, with `defaults.concurrency: 2`. Most due probes are skipped.
 */
describe('monitor --json when probes are skipped (built binary)', { timeout: 40_000 }, () => {
  const fleet = useOverloadedFleet('api-health-e2e-probe-load-');

  it('writes one probe_load event naming the setting to raise, not one per skipped probe', async () => {
    const result = await runBinary(['monitor', '--config', fleet.configFile, '--state-dir', join(fleet.dir, 'state'), '--duration', '8s', '--json'], { timeoutMs: 35_000 });
    const lines = result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const load = lines.filter((line) => line.type === 'probe_load');
    expect(result.code).toBe(0);
    expect(load).toHaveLength(1);
    expect(load[0]).toMatchObject({ event: 'started', reason: 'concurrency', setting: 'defaults.concurrency', message: expect.stringMatching(/^\d+% probes skipped: raise defaults\.concurrency \(2\)$/) });
    expect(load[0]!.skipped as number).toBeGreaterThan((load[0]!.due as number) / 2);
  });
});
