import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { MuteScope } from '../../source/core/alarm.js';
import { parseConfigText } from '../../source/config/load.js';
import { saveAlarmState } from '../../source/persistence/state-file.js';
import { runBinary } from '../helpers/cli-binary.js';
import { searchAlarmYaml } from '../helpers/config.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { tempDir } from '../helpers/temp-dir.js';

/** `check` with alarms, through the built binary: exit codes for cron and CI, and the "alerts" contract of --json. */

const REPORTED_KEYS = ['api', 'team', 'rule', 'severity', 'state', 'since', 'value', 'threshold', 'acknowledged', 'muted'];

interface Alert {
  api: string;
  state: string;
  muted: boolean;
  mutedUntil: string | null;
  [key: string]: unknown;
}

describe.concurrent('check with alarms (built binary)', () => {
  /** A loopback API answering `status`, a config probing it, and an empty state dir; removed when the test ends. */
  async function setup(status: number, onFinished: (cleanup: () => Promise<void>) => void): Promise<{ configFile: string; stateDir: string; configText: string }> {
    const api = new LoopbackApi(status);
    await api.listen();
    const dir = tempDir('api-health-check-alarms-');
    onFinished(async () => {
      await api.close();
      dir.remove();
    });
    const configFile = join(dir.path, 'api-health.yaml');
    const stateDir = join(dir.path, 'state');
    mkdirSync(stateDir);
    const configText = searchAlarmYaml(api.url, '1s');
    writeFileSync(configFile, configText);
    return { configFile, stateDir, configText };
  }

  /** A mute saved the way the dashboard saves one: through the alarm tracker and state.json. */
  function saveMute(configText: string, stateDir: string, scope: MuteScope): void {
    const now = Date.now();
    const tracker = new AlarmTracker({ config: parseConfigText(configText, 'api-health.yaml', {}), now, user: 'e2e-tester' });
    tracker.mute(scope, now + 3_600_000, 'e2e-tester', 'planned maintenance', now);
    const saved = saveAlarmState(stateDir, tracker.snapshot());
    if (!saved.ok) throw new Error(saved.error);
  }

  async function check(configFile: string, stateDir: string, duration: string): Promise<{ code: number | null; alerts: Alert[]; stderr: string }> {
    const result = await runBinary(['check', '--config', configFile, '--state-dir', stateDir, '--duration', duration, '--json']);
    const report = JSON.parse(result.stdout) as { alerts: Alert[] };
    return { code: result.code, alerts: report.alerts, stderr: result.stderr };
  }

  it('exits 1 when an alarm fires, and --json lists it under "alerts" with the documented keys', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await setup(500, onTestFinished);
    const { code, alerts, stderr } = await check(configFile, stateDir, '4s');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(alerts).toHaveLength(1);
    expect(Object.keys(alerts[0]!)).toEqual(expect.arrayContaining(REPORTED_KEYS));
    expect(alerts[0]).toMatchObject({
      api: 'search',
      team: 'mwi',
      rule: 'High5xx',
      severity: 'critical',
      state: 'firing',
      value: 1,
      threshold: 0.2,
      acknowledged: false,
      muted: false,
    });
    expect(Date.parse(alerts[0]!.since as string)).toBeLessThanOrEqual(Date.now());
  });

  it('exits 0 with no alerts when the API is healthy', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir } = await setup(200, onTestFinished);
    const { code, alerts } = await check(configFile, stateDir, '3s');
    expect(code).toBe(0);
    expect(alerts).toEqual([]);
  });

  it('exits 0 when the firing alarm is muted by a mute saved in the state dir, and reports it muted', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir, configText } = await setup(500, onTestFinished);
    saveMute(configText, stateDir, { kind: 'api', apiId: 'search' });
    const { code, alerts } = await check(configFile, stateDir, '4s');
    expect(code).toBe(0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ api: 'search', state: 'firing', muted: true });
    expect(Date.parse(alerts[0]!.mutedUntil!)).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('exits 1 when the saved mute covers another team only', async ({ expect, onTestFinished }) => {
    const { configFile, stateDir, configText } = await setup(500, onTestFinished);
    saveMute(configText, stateDir, { kind: 'team', team: 'search-platform' });
    const { code, alerts } = await check(configFile, stateDir, '4s');
    expect(code).toBe(1);
    expect(alerts[0]).toMatchObject({ api: 'search', state: 'firing', muted: false });
  });
});
