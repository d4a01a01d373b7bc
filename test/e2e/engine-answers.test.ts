import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, CliProcess, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { EngineStandIn } from '../helpers/engine-stand-in.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue 21, findings 3 and 4: whatever the team's engines answer (another shape, 1.5 GB, one byte at a time),
 * `monitor` and the `--remote` dashboard keep running on their last good state, say what is wrong, stay
 * bounded in memory and stop within a second of being asked.
 */

const teamYaml = (engines: string, api: string, extra = '') => `
defaults: { interval: 500ms, window: 10s, minSamples: 1, userAgent: "api-health-e2e (https://example.org; e2e@example.org)" }
shared: { alertmanager: "${engines}", prometheus: "${engines}", poll: 500ms${extra} }
teams:
  mwi: { name: MediaWiki Interfaces, notify: [am] }
channels:
  am: { type: alertmanager, url: "${engines}" }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
apis:
  api-a: { name: Alpha API, owner: mwi, url: "${api}" }
`;

const firingAlert = { labels: { alertname: 'LowAvailability', api: 'api-a', team: 'mwi', severity: 'page' }, annotations: { summary: 'Alpha is down' }, startsAt: new Date().toISOString() };

const WRONG_SHAPES: [string, unknown][] = [
  ['[null]', [null]],
  ['[{"id":"x"}]', [{ id: 'x' }]],
  ['{"silences":[]}', { silences: [] }],
];

/** The child's high-water RSS in bytes (VmHWM only grows: the last reading is the peak). */
const DASHBOARD_PEAK_BYTES = 400 * 1024 * 1024;

function peakRss(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

let dir: TempDir;
let engines: EngineStandIn;
let api: LoopbackApi;
let config: string;

beforeEach(async () => {
  requireBuiltCli();
  dir = tempDir('api-health-e2e-engine-answers-');
  engines = new EngineStandIn();
  api = new LoopbackApi(200);
  config = join(dir.path, 'team.yaml');
  writeFileSync(config, teamYaml(await engines.listen(), await api.listen()));
});

afterEach(async () => {
  await engines.close();
  await api.close();
  dir.remove();
});

/** From the monitor's `stopping` record to its `stopped` one, by their own timestamps. */
function stopMs(monitor: CliProcess): number {
  const at = (type: string): number => Date.parse(String(monitor.records().find((r) => r.type === type)?.at));
  return at('stopped') - at('stopping');
}

const gets = (path: string): number => engines.requests.filter((r) => r === `GET ${path}`).length;

describe('monitor', { timeout: 60_000 }, () => {
  it.each(WRONG_SHAPES)('keeps running when Alertmanager lists silences as %s, and says so in its NDJSON', async (_, shape) => {
    engines.silences = { json: shape };
    const monitor = new CliProcess(['monitor', '--json', '--config', config, '--state-dir', join(dir.path, 'state')]);
    try {
      const warning = await monitor.waitFor(
        () => monitor.records().find((r) => r.type === 'warning' && String(r.message).includes('GET /api/v2/silences answered an unexpected shape')),
        'the wrong shape said in the NDJSON',
      );
      expect(String(warning.message)).toMatch(/^shared silences: cannot list silences: alertmanager: GET \/api\/v2\/silences answered an unexpected shape: \S/);
      const seen = gets('/api/v2/silences');
      await monitor.waitFor(() => gets('/api/v2/silences') >= seen + 3, 'three more polls of the wrong shape');
      engines.silences = { json: [] };
      await monitor.waitFor(() => monitor.records().some((r) => r.message === 'shared silences: Alertmanager answers again'), 'the recovery said');
      expect(monitor.records().filter((r) => String(r.message).includes('unexpected shape'))).toHaveLength(1);
    } finally {
      expect((await monitor.stop()).code).toBe(0);
    }
  });

  it('reads at most shared.maxAnswerBytes of a 1.5 GB answer, stays under 300 MB and stops within a second of SIGTERM', async () => {
    engines.silences = { hugeBytes: 1_500_000_000 };
    engines.alerts = { hugeBytes: 1_500_000_000 };
    engines.query = { hugeBytes: 1_500_000_000 };
    const monitor = new CliProcess(['monitor', '--json', '--config', config, '--state-dir', join(dir.path, 'state')]);
    let peak = 0;
    try {
      await monitor.waitFor(() => monitor.records().find((r) => r.type === 'warning' && String(r.message).includes('larger than 16 MiB')), 'the cap said');
      await monitor.waitFor(() => gets('/api/v2/silences') >= 3, 'three polls of the huge answer', 30_000);
      peak = peakRss(monitor.child.pid!);
    } finally {
      const asked = performance.now();
      const exit = await monitor.stop();
      const tookMs = performance.now() - asked;
      expect(exit.code).toBe(0);
      // The real figure is well under a second (see the note); the bound leaves room for a loaded machine
      // and is still far below reading the 1.5 GB answers whole.
      expect(tookMs).toBeLessThan(10_000);
    }
    expect(peak).toBeLessThan(300 * 1024 * 1024);
    // Three capped reads of each answer, not gigabytes.
    expect(engines.bytesStreamed).toBeLessThan(1_000_000_000);
  });

  it('gives up on an Alertmanager that trickles one byte at a time at the deadline, and stops within a second of SIGTERM mid-trickle', async () => {
    engines.silences = { trickleEveryMs: 200 };
    const monitor = new CliProcess(['monitor', '--json', '--config', config, '--state-dir', join(dir.path, 'state')]);
    await monitor.waitFor(
      () => monitor.records().some((r) => r.message === 'shared silences: cannot list silences: alertmanager: GET /api/v2/silences failed: no whole answer within 5 s'),
      'the deadline said',
    );
    const seen = gets('/api/v2/silences');
    await monitor.waitFor(() => gets('/api/v2/silences') > seen, 'the next trickling request under way');
    const asked = performance.now();
    const exit = await monitor.stop();
    expect(exit.code).toBe(0);
    expect(performance.now() - asked).toBeLessThan(10_000);
    // Measured by the program itself, free of a busy machine's process start-up and exit: waiting for the trickle's
    // 5 s deadline instead of cutting it would take seconds here.
    expect(stopMs(monitor)).toBeLessThan(3_000);
  });
});

const remote = needsBinaries(['tmux']);

remote.describe('the --remote dashboard', { timeout: 60_000 }, () => {
  function dashboard(): TmuxTerminal {
    const terminal = new TmuxTerminal(cliEnv({ USER: 'alice', TZ: 'UTC', API_HEALTH_PREFERENCES_DIR: join(dir.path, 'prefs') }), { columns: 160, rows: 30 });
    terminal.start([process.execPath, CLI, '--config', config, '--remote', '--state-dir', join(dir.path, 'laptop')]);
    return terminal;
  }

  it.each(WRONG_SHAPES)('keeps its last alarms and names the problem when Alertmanager answers %s', async (_, shape) => {
    engines.alerts = { json: [firingAlert] };
    const terminal = dashboard();
    try {
      await terminal.waitForScreen((s) => /remote: am ✓/.test(s) && s.includes('LowAvail'), 'the alarm from Alertmanager', 20_000);
      engines.silences = { json: shape };
      engines.alerts = { json: shape };
      await terminal.waitForScreen(
        (s) => s.includes('am ✗ stale') && s.includes('answered an unexpected shape') && s.includes('LowAvail'),
        'the problem in the header, the last alarm kept',
      );
      const seen = gets('/api/v2/alerts');
      await waitFor(() => gets('/api/v2/alerts') >= seen + 3 || undefined, { timeoutMs: 15_000, what: 'three more polls of the wrong shape' });
      await terminal.waitForScreen((s) => s.includes('am ✗ stale') && s.includes('LowAvail'), 'the last alarm still kept after three more polls');
      await terminal.press('q');
      expect(await terminal.waitForExit()).toBe(0);
    } finally {
      terminal.close();
    }
  });

  it('shows a 100 KB ack comment cut to one line in the alarm detail, the header still on top, and quits', async () => {
    engines.alerts = { json: [firingAlert] };
    const matchers = Object.entries(firingAlert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    const comment = `ACK! ${'long note '.repeat(10_000)}`;
    engines.silences = {
      json: [{ id: 'ack-1', matchers, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'bob', comment, status: { state: 'active' } }],
    };
    const terminal = dashboard();
    try {
      await terminal.waitForScreen((s) => /ACKED (by )?bob/.test(s), 'the alarm acknowledged by the long silence', 20_000);
      await terminal.press('A');
      await terminal.waitForScreen((s) => s.includes('Alarms ('), 'the alarms view');
      await terminal.press('Enter');
      const screen = await terminal.waitForScreen((s) => s.includes('long note') && s.includes('…'), 'the detail with the cut note');
      const lines = screen.split('\n');
      expect(lines[0]).toMatch(/remote: am/);
      expect(lines.filter((line) => line.includes('long note')).every((line) => line.length <= 160)).toBe(true);
      await terminal.press('q');
      expect(await terminal.waitForExit()).toBe(0);
    } finally {
      terminal.close();
    }
  });

  it('quits within a second while its engines answer 1.5 GB, under 400 MB', async () => {
    engines.silences = { hugeBytes: 1_500_000_000 };
    engines.alerts = { hugeBytes: 1_500_000_000 };
    engines.query = { hugeBytes: 1_500_000_000 };
    engines.queryRange = { hugeBytes: 1_500_000_000 };
    const terminal = dashboard();
    try {
      await terminal.waitForScreen((s) => s.includes('larger than 16 MiB'), 'the cap in the header', 20_000);
      await waitFor(() => gets('/api/v2/alerts') >= 3 || undefined, { timeoutMs: 30_000, what: 'three polls of the huge answer' });
      const pid = terminal.childPid();
      // A dashboard (about 150 MB) reading four answers at once, each up to the 16 MiB cap as bytes and again as
      // text: its peak ran 250-330 MB over runs, as the collector lagged. Read whole, the answers took it to 1.9 GB.
      expect(peakRss(pid)).toBeLessThan(DASHBOARD_PEAK_BYTES);
      const asked = performance.now();
      await terminal.press('q');
      expect(await terminal.waitForExit()).toBe(0);
      expect(performance.now() - asked).toBeLessThan(10_000);
    } finally {
      terminal.close();
    }
  });
});
