import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import { EMPTY_SUMMARY, type MetricSummary } from '../../source/metrics/summary.js';
import { freePort } from '../helpers/loopback-server.js';
import { runTool } from '../helpers/real-binaries.js';
import { useAlertmanager } from '../helpers/alertmanager-suite.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { AlarmEvent } from '../../source/core/alarm.js';
import { Reminders } from '../../source/notify/jobs/reminders.js';

const HOUR = 3_600_000;
const integration = needsBinaries(['prometheus-alertmanager', 'amtool']);

interface AmSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: string };
}

const configFor = (alertmanagerUrl: string) =>
  parseConfigText(
    `
teams:
  mwi: { name: MediaWiki Interfaces }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
channels:
  am: { type: alertmanager, url: "${alertmanagerUrl}" }
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/page" }
  search-api: { owner: mwi, url: "http://127.0.0.1:1/search" }
`,
    'shared-mutes.yaml',
    {},
  );

const unavailable: MetricSummary = { ...EMPTY_SUMMARY, samples: 30, availability: 0.5, errorRate: 0.5, latency: { p50: 100, p95: 200, p99: 300 } };

integration.describe('shared mutes with a real Alertmanager', () => {
  const suite = useAlertmanager();

  const silences = async (): Promise<AmSilence[]> => (await (await fetch(`${suite.server.url}/api/v2/silences`)).json()) as AmSilence[];
  const silence = async (id: string): Promise<AmSilence | undefined> => (await silences()).find((s) => s.id === id);

  /** A dashboard-like runtime (persisting, muting as `user`) with page-api's LowAvailability alarm firing. */
  function dashboard(options: { url?: string; stateDir?: string; user?: string } = {}): Runtime {
    const stateDir = options.stateDir ?? tempDir('api-health-shared-mutes-');
    const dir = typeof stateDir === 'string' ? stateDir : stateDir.path;
    if (typeof stateDir !== 'string') suite.later(() => stateDir.remove());
    const clock = new ManualClock(Date.now());
    const runtime = createRuntime(configFor(options.url ?? suite.server.url), { clock, stateDir: dir, persist: true, user: options.user ?? 'alice' });
    // Some tests stop it themselves to restart on the same state dir; a runtime stops once.
    const stop = runtime.stop;
    let stopped: Promise<void> | undefined;
    runtime.stop = () => (stopped ??= stop());
    suite.later(() => runtime.stop());
    runtime.alarmService.evaluate(clock.now(), { 'page-api': unavailable });
    return runtime;
  }

  /** Earlier tests leave silences (a team-wide one covers every alarm): a test about what silences do starts with none. */
  const expireAll = async (): Promise<void> => {
    for (const s of await silences()) if (s.status.state === 'active') await fetch(`${suite.server.url}/api/v2/silence/${s.id}`, { method: 'DELETE' });
  };

  const pageAlarm = (runtime: Runtime) => runtime.store.getState().alarms.find((v) => v.alarm.id === 'page-api/LowAvailability')!;

  it('a mute of an alarm creates a silence with its labels, its author, its reason and its end', async () => {
    const runtime = dashboard();
    expect(pageAlarm(runtime).alarm.state).toBe('firing');
    runtime.alarmService.handle({ type: 'mute', scope: { kind: 'alarm', alarmId: 'page-api/LowAvailability' }, durationMs: HOUR, reason: 'deploy in progress' });
    await runtime.alarmService.sharedMutes!.settled();

    const mute = runtime.store.getState().mutes[0]!;
    expect(mute.silenceId).toBeDefined();
    expect(await silence(mute.silenceId!)).toMatchObject({
      matchers: [
        { name: 'api', value: 'page-api', isRegex: false, isEqual: true },
        { name: 'alertname', value: 'LowAvailability', isRegex: false, isEqual: true },
      ],
      createdBy: 'alice',
      comment: 'deploy in progress',
      endsAt: new Date(mute.until).toISOString(),
      status: { state: 'active' },
    });
    expect(pageAlarm(runtime).silence).toMatchObject({ id: mute.silenceId, createdBy: 'alice', ours: true });
    expect(runtime.store.getState().silences).toMatchObject({ active: [{ id: mute.silenceId, ours: true }], problem: undefined });
  });

  it('a mute without a reason says in its comment that api-health made it, and for which scope', async () => {
    const runtime = dashboard({ user: 'carol' });
    runtime.alarmService.handle({ type: 'mute', scope: { kind: 'team', team: 'mwi' }, durationMs: HOUR });
    await runtime.alarmService.sharedMutes!.settled();
    const created = await silence(runtime.store.getState().mutes[0]!.silenceId!);
    expect(created).toMatchObject({ createdBy: 'carol', comment: 'Muted from api-health: team mwi', matchers: [{ name: 'team', value: 'mwi' }] });
  });

  it('unmute expires the silence', async () => {
    const runtime = dashboard();
    runtime.alarmService.handle({ type: 'mute', scope: { kind: 'api', apiId: 'page-api' }, durationMs: HOUR });
    await runtime.alarmService.sharedMutes!.settled();
    const { id, silenceId } = runtime.store.getState().mutes[0]!;
    runtime.alarmService.handle({ type: 'unmute', muteIds: [id] });
    await runtime.alarmService.sharedMutes!.settled();
    expect((await silence(silenceId!))?.status.state).toBe('expired');
    expect(runtime.store.getState().silences!.active.map((s) => s.id)).not.toContain(silenceId);
    expect(pageAlarm(runtime).silence).toBeUndefined();
  });

  it('an unmute that overtakes the silence being created still expires it when it arrives', async () => {
    const runtime = dashboard();
    runtime.alarmService.handle({ type: 'mute', scope: { kind: 'api', apiId: 'search-api' }, durationMs: HOUR, reason: 'overtaken' });
    runtime.alarmService.handle({ type: 'unmute', muteIds: [runtime.store.getState().mutes[0]!.id] });
    await runtime.alarmService.sharedMutes!.settled();
    const made = (await silences()).filter((s) => s.comment === 'overtaken');
    expect(made.map((s) => s.status.state)).toEqual(['expired']);
  });

  it('the silence id survives a restart, so an unmute after it expires the right silence', async () => {
    const dir = tempDir('api-health-shared-mutes-restart-');
    suite.later(() => dir.remove());
    const first = dashboard({ stateDir: dir.path });
    first.alarmService.handle({ type: 'mute', scope: { kind: 'alarm', alarmId: 'page-api/LowAvailability' }, durationMs: HOUR, reason: 'restart' });
    await first.alarmService.sharedMutes!.settled();
    await first.stop();
    const saved = JSON.parse(readFileSync(join(dir.path, 'state.json'), 'utf8')) as { mutes: { id: string; silenceId?: string }[] };
    const { id, silenceId } = saved.mutes[0]!;
    expect(silenceId).toMatch(/^[0-9a-f-]{36}$/);

    const second = dashboard({ stateDir: dir.path });
    second.alarmService.handle({ type: 'unmute', muteIds: [id] });
    await second.alarmService.sharedMutes!.settled();
    expect((await silence(silenceId!))?.status.state).toBe('expired');
  });

  it('with Alertmanager down the mute still works locally, and a one-line problem says it is not shared', async () => {
    const runtime = dashboard({ url: `http://127.0.0.1:${await freePort()}` });
    runtime.alarmService.handle({ type: 'mute', scope: { kind: 'alarm', alarmId: 'page-api/LowAvailability' }, durationMs: HOUR });
    await runtime.alarmService.sharedMutes!.settled();
    expect(pageAlarm(runtime).mute).toBeDefined();
    expect(runtime.alarmService.muter.isMuted(pageAlarm(runtime).alarm, Date.now())).toBe(true);
    expect(runtime.store.getState().silences!.problem).toBe(
      '1 mute(s) only local: alertmanager: POST /api/v2/silences failed: connection refused; retrying',
    );
    await runtime.alarmService.sharedMutes!.refresh();
    expect(runtime.store.getState().silences!.problem).toMatch(/^cannot list silences: alertmanager: GET \/api\/v2\/silences failed: connection refused; 1 mute\(s\) only local: /);
  });

  it('a mute kept only locally is shared once Alertmanager answers (here: after a restart pointed at it)', async () => {
    const dir = tempDir('api-health-shared-mutes-late-');
    suite.later(() => dir.remove());
    const offline = dashboard({ url: `http://127.0.0.1:${await freePort()}`, stateDir: dir.path, user: 'dave' });
    offline.alarmService.handle({ type: 'mute', scope: { kind: 'api', apiId: 'page-api' }, durationMs: HOUR, reason: 'made offline' });
    await offline.alarmService.sharedMutes!.settled();
    await offline.stop();

    const online = dashboard({ stateDir: dir.path, user: 'dave' });
    await online.alarmService.sharedMutes!.refresh();
    await online.alarmService.sharedMutes!.settled();
    const mute = online.store.getState().mutes[0]!;
    expect(await silence(mute.silenceId!)).toMatchObject({ createdBy: 'dave', comment: 'made offline', status: { state: 'active' } });
    expect(online.store.getState().silences!.problem).toBeUndefined();
  });

  it('a silence someone made in Alertmanager over one of our alarms shows on that alarm and in the list', async () => {
    const runtime = dashboard();
    const added = await runTool('amtool', ['silence', 'add', '--alertmanager.url', suite.server.url, '--author', 'bob', '--comment', 'db failover', '--duration', '2h', 'api=~"page-.*"', 'severity="page"']);
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    await runtime.alarmService.sharedMutes!.refresh();
    expect(pageAlarm(runtime).mute).toBeUndefined();
    expect(pageAlarm(runtime).silence).toMatchObject({ id, createdBy: 'bob', comment: 'db failover', ours: false });
    expect(runtime.store.getState().silences!.active).toContainEqual(
      expect.objectContaining({ id, createdBy: 'bob', matchers: 'api=~page-.* severity=page', ours: false }),
    );
    await runTool('amtool', ['silence', 'expire', '--alertmanager.url', suite.server.url, id]);
  });

  it('a colleague\'s silence (amtool) over an alarm\'s labels mutes it for every channel: no firing notice, no reminders, until it ends', async () => {
    const clock = new ManualClock(Date.now());
    const stateDir = tempDir('api-health-shared-mutes-honoured-');
    suite.later(() => stateDir.remove());
    await expireAll();
    const events: AlarmEvent[] = [];
    const runtime = createRuntime(configFor(suite.server.url), { clock, stateDir: stateDir.path, persist: true, user: 'alice', onAlarmEvents: (e) => events.push(...e) });
    suite.later(() => runtime.stop());
    const added = await runTool('amtool', ['silence', 'add', '--alertmanager.url', suite.server.url, '--author', 'bob', '--comment', 'search migration', '--duration', '2h', 'api="search-api"', 'alertname="LowAvailability"']);
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    suite.later(async () => void (await runTool('amtool', ['silence', 'expire', '--alertmanager.url', suite.server.url, id])));
    await runtime.alarmService.sharedMutes!.refresh();

    runtime.alarmService.evaluate(clock.now(), { 'search-api': unavailable });
    const search = runtime.store.getState().alarms.find((v) => v.alarm.id === 'search-api/LowAvailability')!;
    expect(search.alarm.state).toBe('firing');
    expect(search.mute).toBeUndefined();
    expect(search.silence).toMatchObject({ id, createdBy: 'bob' });
    expect(events.filter((e) => e.alarm.apiId === 'search-api')).toEqual([]);
    expect(runtime.alarmService.muter.isMuted(search.alarm, clock.now())).toBe(true);
    expect(new Reminders(60_000).due(clock.now() + 3 * 60_000, [search.alarm], runtime.alarmService.muter)).toEqual([]);

    await runTool('amtool', ['silence', 'expire', '--alertmanager.url', suite.server.url, id]);
    await runtime.alarmService.sharedMutes!.refresh();
    clock.advance(1_000);
    runtime.alarmService.evaluate(clock.now(), { 'search-api': unavailable });
    expect(events.filter((e) => e.alarm.apiId === 'search-api').map((e) => e.kind)).toEqual(['firing']);
  });

  it('a silence that ended since the last list mutes nothing', async () => {
    const clock = new ManualClock(Date.now());
    await expireAll();
    const stateDir = tempDir('api-health-shared-mutes-ended-');
    suite.later(() => stateDir.remove());
    const runtime = createRuntime(configFor(suite.server.url), { clock, stateDir: stateDir.path, persist: true, user: 'alice' });
    suite.later(() => runtime.stop());
    const added = await runTool('amtool', ['silence', 'add', '--alertmanager.url', suite.server.url, '--author', 'bob', '--comment', 'short', '--duration', '1m', 'api="search-api"']);
    const id = added.stdout.trim();
    suite.later(async () => void (await runTool('amtool', ['silence', 'expire', '--alertmanager.url', suite.server.url, id])));
    await runtime.alarmService.sharedMutes!.refresh();
    runtime.alarmService.evaluate(clock.now(), { 'search-api': unavailable });
    const search = runtime.store.getState().alarms.find((v) => v.alarm.id === 'search-api/LowAvailability')!.alarm;
    expect(runtime.alarmService.muter.isMuted(search, clock.now())).toBe(true);
    expect(runtime.alarmService.muter.isMuted(search, clock.now() + 2 * 60_000)).toBe(false);
  });

  it('polls Alertmanager every 30 s once started', async () => {
    const clock = new ManualClock(Date.now());
    const stateDir = tempDir('api-health-shared-mutes-poll-');
    suite.later(() => stateDir.remove());
    const runtime = createRuntime(configFor(suite.server.url), { clock, stateDir: stateDir.path, persist: true, user: 'alice' });
    suite.later(() => runtime.stop());
    runtime.start();
    await runtime.alarmService.sharedMutes!.settled();
    const first = runtime.store.getState().silences!.listedAt;
    expect(first).toBe(clock.now());
    clock.advance(29_000);
    await runtime.alarmService.sharedMutes!.settled();
    expect(runtime.store.getState().silences!.listedAt).toBe(first);
    clock.advance(1_000);
    await runtime.alarmService.sharedMutes!.settled();
    expect(runtime.store.getState().silences!.listedAt).toBe(first! + 30_000);
  });

  it('a one-off run (no persistence, as `check`) neither lists nor creates silences', () => {
    const runtime = createRuntime(configFor(suite.server.url), { clock: new ManualClock(Date.now()), persist: false });
    suite.later(() => runtime.stop());
    expect(runtime.alarmService.sharedMutes).toBeUndefined();
    expect(runtime.store.getState().silences).toBeUndefined();
  });
});
