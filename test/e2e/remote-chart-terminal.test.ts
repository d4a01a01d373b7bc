import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { CLI, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { exportedFamilies, type Step } from '../helpers/backfilled-fleet.js';
import { EngineStandIn } from '../helpers/engine-stand-in.js';
import { backfilledPrometheus, openMetricsText } from '../helpers/prometheus-backfill.js';
import type { RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';

/**
 * Issue 22, team mode, as a person runs it: `api-health --config team.yaml --remote` in a real terminal, an API's
 * detail, key 2: the last hour charted from the team's Prometheus, which holds two hours of a monitor's series
 * scraped every 15 s (backfilled up to now), with ten minutes of 5xx half an hour ago.
 */

const integration = needsBinaries(['tmux', 'prometheus', 'promtool']);
const SCRAPE_MS = 15_000;
const STEPS = 480;

integration.describe('the --remote dashboard charts a range from Prometheus', { timeout: 90_000 }, () => {
  let prometheus: RunningServer;
  const alertmanager = new EngineStandIn();
  let dir: TempDir;
  let terminal: TmuxTerminal | undefined;
  let config: string;

  beforeAll(async () => {
    requireBuiltCli();
    dir = tempDir('api-health-remote-chart-');
    const start = Math.floor(Date.now() / SCRAPE_MS) * SCRAPE_MS - STEPS * SCRAPE_MS;
    // One probe per scrape; the 5xx from 40 to 30 minutes before the last point.
    const steps: Step[] = Array.from({ length: STEPS }, (_, i) =>
      i >= STEPS - 160 && i < STEPS - 120 ? { outcomes: { http_5xx: 1 }, observed: [[0.02, 1]] } : { outcomes: { ok: 1 }, observed: [[0.075, 1]] },
    );
    prometheus = await backfilledPrometheus(openMetricsText(exportedFamilies([{ api: 'a', team: 'mwi', family: 'Core', vantage: 'eqiad', steps }]), start, SCRAPE_MS));
    const engines = await alertmanager.listen();
    config = join(dir.path, 'team.yaml');
    writeFileSync(
      config,
      `
shared: { alertmanager: "${engines}", prometheus: "${prometheus.url}", poll: 1s }
teams: { mwi: { name: MediaWiki Interfaces } }
apis:
  a: { name: Alpha API, family: Core, owner: mwi, url: "http://127.0.0.1:1/a" }
`,
    );
  }, 120_000);

  afterAll(async () => {
    terminal?.close();
    await prometheus?.stop();
    await alertmanager.close();
    dir?.remove();
  });

  integration.it("draws the API's last hour from Prometheus on key 2, the 5xx stretch counted as failures", async () => {
    terminal = new TmuxTerminal(cliEnv({ TZ: 'UTC', HOME: dir.path, API_HEALTH_PREFERENCES_DIR: join(dir.path, 'prefs') }), { columns: 160, rows: 45 });
    terminal.start([process.execPath, CLI, '--config', config, '--remote', '--state-dir', join(dir.path, 'state')]);
    await terminal.waitForScreen((s) => /remote: am ✓ \S+ ago prom ✓/.test(s), 'the remote mode with both engines answering', 30_000);
    await terminal.press('Enter');
    // The detail's own key hints, not just its name: a 2 pressed on the dashboard asks for no chart.
    await terminal.waitForScreen((s) => s.includes('Alpha API') && s.includes('1…6 range'), 'the detail of Alpha API');
    await terminal.press('2');
    const screen = await terminal.waitForScreen((s) => /1h from Prometheus, 1m steps \(\d+ probes/.test(s), 'the last hour from Prometheus', 20_000);
    expect(screen).toContain('history 1h');
    // The minutes whose every probe failed are crosses on the baseline, between bars of the ok probes.
    expect(screen).toMatch(/0 ms ┤█+×{9,11}█+/);
    const [, probes, failed] = /1h from Prometheus, 1m steps \((\d+) probes, (\d+) failed\)/.exec(screen) ?? [];
    // Four scrapes a minute; increase() extrapolates each minute's window to its edges, so a count may be off by one at the ends.
    expect(Number(failed)).toBeGreaterThanOrEqual(38);
    expect(Number(failed)).toBeLessThanOrEqual(42);
    expect(Number(probes)).toBeGreaterThan(200);
    expect(Number(probes)).toBeLessThanOrEqual(244);
  }, 90_000);
});
