import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/loopback-server.js';
import { runCommand } from '../helpers/run-command.js';
import { useOverloadedFleet } from '../helpers/overloaded-fleet.js';

/**
 * A fleet the concurrency limit cannot keep up with: 10 loopback APIs every 200 ms, each answering in 150 ms,
 * need 8 probes in flight; `defaults.concurrency: 2` allows two.
 */
describe('check --metrics-port with more probes due than the concurrency limit allows', () => {
  const fleet = useOverloadedFleet('api-health-probes-skipped-');

  it('serves apihealth_probes_skipped_total blaming the concurrency limit, and check warns naming the setting', { timeout: 30_000 }, async () => {
    const port = await freePort();
    const done = runCommand(['check', '--config', fleet.configFile, '--duration', '12s', '--json', '--metrics-port', String(port), '--vantage', 'eqiad'], { cwd: fleet.dir });
    // Read until 50 probes were due (about 1 s of this fleet): a loaded machine starts the endpoint later.
    let text = '';
    const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1]);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(200)) {
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text(), () => '');
      if (value('apihealth_probes_due_total{vantage="eqiad"}') > 50 && value('apihealth_probes_late_total{vantage="eqiad"}') > 0) break;
    }
    const due = value('apihealth_probes_due_total{vantage="eqiad"}');
    const skipped = value('apihealth_probes_skipped_total{reason="concurrency",vantage="eqiad"}');
    expect(due).toBeGreaterThan(50);
    expect(skipped / due).toBeGreaterThan(0.5);
    expect(value('apihealth_probes_skipped_total{reason="per_host",vantage="eqiad"}')).toBe(0);
    expect(value('apihealth_probes_late_total{vantage="eqiad"}')).toBeGreaterThan(0);
    const result = await done;
    expect(result.stderr).toMatch(/^warning: \d+% probes skipped: raise defaults\.concurrency \(2\)$/m);
  });
});
