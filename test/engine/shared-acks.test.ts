import { expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { AlarmEvent } from '../../source/core/alarm.js';
import { ACK_HOLD_MS } from '../../source/engine/shared-acks.js';
import { createRuntime, type Runtime } from '../../source/engine/runtime.js';
import { EMPTY_SUMMARY, type MetricSummary } from '../../source/metrics/summary.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { runTool, startAlertmanager, type RunningAlertmanager } from '../helpers/real-binaries.js';
import { useAlertmanager } from '../helpers/alertmanager-suite.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const MINUTE = 60_000;
const integration = needsBinaries(['prometheus-alertmanager', 'amtool']);
const ALARM = 'page-api/LowAvailability';
/** The silences' poll without `shared.poll` (the config names none): the runtime's default. */
const POLL_MS = 15_000;

interface AmSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: string };
}

const configFor = (alertmanagerUrl: string) =>
  parseConfigText(
    `
shared: { alertmanager: "${alertmanagerUrl}" }
teams:
  mwi: { name: MediaWiki Interfaces, escalation: [ "mwi on-call", "MWI manager" ] }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/page" }
`,
    'shared-acks.yaml',
    {},
  );

const unavailable: MetricSummary = { ...EMPTY_SUMMARY, samples: 30, availability: 0.5, errorRate: 0.5, latency: { p50: 100, p95: 200, p99: 300 } };
const available: MetricSummary = { ...EMPTY_SUMMARY, samples: 30, availability: 1, latency: { p50: 100, p95: 200, p99: 300 } };

integration.describe('shared acknowledgements with a real Alertmanager and amtool', () => {
  // Every test starts from an Alertmanager without acks, or its dashboards would adopt the last test's.
  const suite = useAlertmanager(async (server) => {
    for (const s of await silencesOf(server.url)) if (s.status.state === 'active') await fetch(`${server.url}/api/v2/silence/${s.id}`, { method: 'DELETE' });
  });

  async function silencesOf(url: string): Promise<AmSilence[]> {
    return (await (await fetch(`${url}/api/v2/silences`)).json()) as AmSilence[];
  }

  /** amtool's view: the active silences whose comment starts with ACK!. */
  async function amtoolAcks(url = suite.server.url): Promise<AmSilence[]> {
    const result = await runTool('amtool', ['silence', 'query', '--alertmanager.url', url, '-o', 'json', 'alertname=LowAvailability']);
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as AmSilence[]).filter((s) => s.comment.startsWith('ACK!'));
  }

  interface Dashboard {
    runtime: Runtime;
    clock: ManualClock;
    events: AlarmEvent[];
    /** Lists Alertmanager's silences (one poll) and waits for what that set off. */
    poll(): Promise<void>;
    settled(): Promise<void>;
    view(): ReturnType<Runtime['store']['getState']>['alarms'][number];
  }

  /** A dashboard-like runtime of `user` with page-api's LowAvailability alarm firing, on its own state directory. */
  function dashboard(user: string, url = suite.server.url): Dashboard {
    const dir = tempDir('api-health-shared-acks-');
    suite.later(() => dir.remove());
    const clock = new ManualClock(Date.now());
    const events: AlarmEvent[] = [];
    const runtime = createRuntime(configFor(url), { clock, stateDir: dir.path, persist: true, user, onAlarmEvents: (e) => events.push(...e) });
    suite.later(() => runtime.stop());
    runtime.alarmService.evaluate(clock.now(), { 'page-api': unavailable });
    const settled = () => runtime.alarmService.sharedMutes!.settled();
    return {
      runtime,
      clock,
      events,
      settled,
      poll: async () => {
        await runtime.alarmService.sharedMutes!.refresh();
        await settled();
      },
      view: () => runtime.store.getState().alarms.find((v) => v.alarm.id === ALARM)!,
    };
  }

  async function acked(d: Dashboard, note?: string): Promise<void> {
    await d.poll();
    d.runtime.alarmService.handle({ type: 'acknowledge', alarmIds: [ALARM], note });
    await d.settled();
  }

  it('an ack with a note is one ACK! silence over the alarm (api and alertname) by its author, as amtool shows it', async () => {
    const alice = dashboard('alice');
    await acked(alice, 'on it');
    const acks = await amtoolAcks();
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ createdBy: 'alice', comment: 'ACK! on it', status: { state: 'active' } });
    expect(acks[0]!.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual(['alertname=LowAvailability', 'api=page-api']);
    expect(Date.parse(acks[0]!.endsAt)).toBeGreaterThan(Date.now() + ACK_HOLD_MS - MINUTE);
    expect(alice.view().alarm.ack).toMatchObject({ by: 'alice', note: 'on it', silenceId: acks[0]!.id });
    expect(alice.runtime.store.getState().silences!.active).toEqual([expect.objectContaining({ id: acks[0]!.id, kind: 'ack', ours: true })]);
  });

  it('a colleague\'s dashboard shows the ack, author and note, after one poll, as an ack and not a mute', async () => {
    const alice = dashboard('alice');
    const bob = dashboard('bob');
    await bob.poll();
    expect(bob.view().alarm.ack).toBeUndefined();
    await acked(alice, 'on it');
    await bob.poll();
    expect(bob.view().alarm.ack).toMatchObject({ by: 'alice', note: 'on it' });
    expect(bob.view().silence).toBeUndefined();
    expect(bob.view().mute).toBeUndefined();
    expect(bob.events.map((e) => e.kind)).toContain('acknowledged');
    expect(await amtoolAcks()).toHaveLength(1);
  });

  it('an alarm acked from another laptop stops escalating here', async () => {
    const alice = dashboard('alice');
    const bob = dashboard('bob');
    await acked(alice, 'on it');
    await bob.poll();
    bob.clock.advance(16 * MINUTE);
    bob.runtime.alarmService.evaluate(bob.clock.now(), { 'page-api': unavailable });
    await bob.settled();
    expect(bob.events.map((e) => e.kind)).not.toContain('escalated');
    expect(bob.view().alarm.escalationLevel).toBe(0);
  });

  it('escalates as before when nobody acked (the same dashboard, the same 16 minutes)', async () => {
    const bob = dashboard('bob');
    await bob.poll();
    bob.clock.advance(16 * MINUTE);
    bob.runtime.alarmService.evaluate(bob.clock.now(), { 'page-api': unavailable });
    expect(bob.events.map((e) => e.kind)).toContain('escalated');
  });

  it('an ACK! silence made with amtool shows as ACKED by its author with the note', async () => {
    const bob = dashboard('bob');
    const added = await runTool('amtool', [
      'silence', 'add', '--alertmanager.url', suite.server.url, '--author', 'ops', '--comment', 'ACK! looking at the LB', '--duration', '1h', 'api="page-api"', 'alertname="LowAvailability"',
    ]);
    expect(added.code).toBe(0);
    await bob.poll();
    expect(bob.view().alarm.ack).toMatchObject({ by: 'ops', note: 'looking at the LB', silenceId: added.stdout.trim() });
    expect(bob.view().silence).toBeUndefined();
  });

  it('un-ack expires the silence, and the colleague\'s dashboard drops the ack on its next poll', async () => {
    const alice = dashboard('alice');
    const bob = dashboard('bob');
    await acked(alice, 'on it');
    await bob.poll();
    alice.runtime.alarmService.handle({ type: 'unacknowledge', alarmIds: [ALARM] });
    await alice.settled();
    expect(await amtoolAcks()).toEqual([]);
    await bob.poll();
    expect(bob.view().alarm.ack).toBeUndefined();
    await alice.poll();
    expect(alice.view().alarm.ack).toBeUndefined();
  });

  it('an ack whose silence someone expired with amtool is withdrawn', async () => {
    const alice = dashboard('alice');
    await acked(alice, 'on it');
    const [ack] = await amtoolAcks();
    expect((await runTool('amtool', ['silence', 'expire', '--alertmanager.url', suite.server.url, ack!.id])).code).toBe(0);
    await alice.poll();
    expect(alice.view().alarm.ack).toBeUndefined();
    expect(alice.events.map((e) => [e.kind, e.actor])).toContainEqual(['unacknowledged', 'Alertmanager']);
  });

  it('the alarm resolving expires its ack silence once Alertmanager holds no copy of the alert', async () => {
    const alice = dashboard('alice');
    await acked(alice, 'on it');
    expect(await amtoolAcks()).toHaveLength(1);
    alice.clock.advance(10_000);
    alice.runtime.alarmService.evaluate(alice.clock.now(), { 'page-api': available });
    await alice.settled();
    expect(alice.view().alarm.state).toBe('resolved');
    alice.clock.advance(2 * POLL_MS);
    await alice.poll();
    await alice.settled();
    expect(await amtoolAcks()).toEqual([]);
  });

  it('keeps the ack silence of a resolved alarm while Prometheus\' copy of the alert still fires in Alertmanager', async () => {
    const alice = dashboard('alice');
    await acked(alice, 'on it');
    const labels = { alertname: 'LowAvailability', api: 'page-api', team: 'mwi', severity: 'page' };
    const post = (endsAt: number) =>
      fetch(`${suite.server.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels, startsAt: new Date(Date.now() - MINUTE).toISOString(), endsAt: new Date(endsAt).toISOString() }]),
      });
    await post(Date.now() + 10 * MINUTE);
    alice.clock.advance(10_000);
    alice.runtime.alarmService.evaluate(alice.clock.now(), { 'page-api': available });
    await alice.settled();
    // Past the grace, still listed by Alertmanager: every dashboard would show it firing without the silence.
    alice.clock.advance(2 * POLL_MS);
    await alice.poll();
    await alice.settled();
    expect(await amtoolAcks()).toHaveLength(1);
    // Prometheus sends the resolve: the next poll lets the silence go.
    await post(Date.now() - 1_000);
    await alice.poll();
    await alice.settled();
    expect(await amtoolAcks()).toEqual([]);
  });

  it('a held ack silence is extended before it ends while the alarm fires', async () => {
    const alice = dashboard('alice');
    await acked(alice, 'on it');
    const before = Date.parse((await amtoolAcks())[0]!.endsAt);
    alice.clock.advance(11 * MINUTE);
    alice.runtime.alarmService.evaluate(alice.clock.now(), { 'page-api': unavailable });
    await alice.settled();
    const after = await amtoolAcks();
    expect(after).toHaveLength(1);
    expect(Date.parse(after[0]!.endsAt)).toBeGreaterThan(before + 10 * MINUTE);
    expect(alice.view().alarm.ack?.silenceId).toBe(after[0]!.id);
  });

  it('an ack made while Alertmanager is down stays local, says so, and is shared once it answers again', async () => {
    const own = await startAlertmanager();
    const port = Number(new URL(own.url).port);
    let restarted: RunningAlertmanager | undefined;
    suite.later(async () => {
      await own.stop();
      await restarted?.stop();
    });
    const alice = dashboard('alice', own.url);
    await alice.poll();
    await own.stop();
    await alice.poll();
    alice.runtime.alarmService.handle({ type: 'acknowledge', alarmIds: [ALARM], note: 'made offline' });
    await alice.settled();
    expect(alice.view().alarm.ack).toMatchObject({ by: 'alice', note: 'made offline' });
    expect(alice.view().alarm.ack?.silenceId).toBeUndefined();
    expect(alice.runtime.store.getState().silences!.problem).toMatch(/1 ack\(s\) only local, shared once Alertmanager answers: alertmanager: GET \/api\/v2\/silences failed: connection refused$/);

    restarted = await startAlertmanager({ port });
    await alice.poll();
    const acks = await amtoolAcks(restarted.url);
    expect(acks).toEqual([expect.objectContaining({ createdBy: 'alice', comment: 'ACK! made offline' })]);
    expect(alice.view().alarm.ack?.silenceId).toBe(acks[0]!.id);
    expect(alice.runtime.store.getState().silences!.problem).toBeUndefined();
  }, 60_000);
});
