import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendEventLog, EVENTS_FILE } from '../../source/persistence/event-log.js';
import { handMadeLog } from '../alerts/response-log.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const makeDir = useTempDir('api-health-report-');

/** A state dir whose event log holds the hand-made week ending now. */
const stateDir = (): string => {
  const dir = makeDir();
  appendEventLog(dir, handMadeLog(Date.now()));
  return dir;
};

describe('api-health report', () => {
  it('prints per team and severity the counts, times and SLA share', async () => {
    const result = await runCommand(['report', '--state-dir', stateDir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^mwi +page +4 +3 +4m +10m +3 +2h +5h +25% \(1\/4\)$/m);
    expect(result.stdout).toMatch(/^Unassigned +page +1 +1 +1m +1m +1 +10m +10m +100% \(1\/1\)$/m);
  });

  it('prints the same figures as JSON with --json', async () => {
    const dir = stateDir();
    const result = await runCommand(['report', '--state-dir', dir, '--json']);
    const report = JSON.parse(result.stdout);
    expect(report.eventLog).toBe(join(dir, EVENTS_FILE));
    expect(report.rows.find((r: { team: string; severity: string }) => r.team === 'mwi' && r.severity === 'page')).toMatchObject({
      alarms: 4,
      ackMedianMs: 240_000,
      ackP90Ms: 600_000,
      resolveMedianMs: 7_200_000,
      resolveP90Ms: 18_000_000,
      slaMetShare: 0.25,
    });
  });

  it('widens the window with --since', async () => {
    const result = await runCommand(['report', '--state-dir', stateDir(), '--since', '10d', '--json']);
    const mwiPage = JSON.parse(result.stdout).rows.find((r: { team: string; severity: string }) => r.team === 'mwi' && r.severity === 'page');
    expect(mwiPage.alarms).toBe(5);
  });

  it('reads the state dir from $XDG_STATE_HOME', async () => {
    const xdg = makeDir();
    appendEventLog(join(xdg, 'api-health'), handMadeLog(Date.now()));
    const result = await runCommand(['report', '--json'], { env: { XDG_STATE_HOME: xdg } });
    expect(JSON.parse(result.stdout).rows).toHaveLength(4);
  });

  it('warns about and skips corrupt lines', async () => {
    const dir = stateDir();
    appendFileSync(join(dir, EVENTS_FILE), '{"torn": \n');
    const result = await runCommand(['report', '--state-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: skipped 1 unreadable line in ${join(dir, EVENTS_FILE)}\n`);
  });

  it('says so when no alarm fired in the period, and which log it read', async () => {
    const dir = makeDir();
    appendEventLog(dir, handMadeLog(Date.now() - 60 * 86_400_000));
    const result = await runCommand(['report', '--state-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Alarms that fired from \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d: none\.\n/);
    expect(result.stdout.endsWith(`(read ${join(dir, EVENTS_FILE)})\n`)).toBe(true);
  });

  it('says where it looked when there is no event log', async () => {
    const dir = makeDir();
    const result = await runCommand(['report', '--state-dir', dir]);
    expect(result).toEqual({
      code: 0,
      stdout: `No event log at ${join(dir, EVENTS_FILE)}: the dashboard and monitor write it there as alarms fire (the demo's: --demo; another folder: --state-dir DIR).\n`,
      stderr: '',
    });
  });

  it("reads the demo's event log with --demo, where the demo dashboard writes it", async () => {
    const xdg = makeDir();
    appendEventLog(join(xdg, 'api-health', 'demo'), handMadeLog(Date.now()));
    const result = await runCommand(['report', '--demo', '--json'], { env: { XDG_STATE_HOME: xdg } });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ eventLog: join(xdg, 'api-health', 'demo', EVENTS_FILE), eventLogFound: true });
    expect(report.rows).toHaveLength(4);
  });

  it('keeps ISO 8601 times with their zone in --json', async () => {
    const report = JSON.parse((await runCommand(['report', '--state-dir', stateDir(), '--json'])).stdout);
    for (const time of [report.since, report.until]) expect(new Date(time).toISOString()).toBe(time);
  });

  it('exits 2 on an invalid --since', async () => {
    const result = await runCommand(['report', '--since', 'a week']);
    expect(result).toMatchObject({ code: 2, stderr: 'api-health: invalid --since "a week" (use e.g. 1d, 7d, 30d)\n' });
  });
});
