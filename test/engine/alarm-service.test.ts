import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../source/config/types.js';
import type { AlarmEvent } from '../../source/core/alarm.js';
import { AlarmService } from '../../source/engine/alarm-service.js';
import { createNotifier, type NotificationService } from '../../source/notify/create-notifier.js';
import { OUTBOX_FILE } from '../../source/notify/outbox.js';
import { Receiver } from '../helpers/receiver.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createFleetStore } from '../../source/state/store.js';
import { configFrom } from '../helpers/config.js';
import { summary } from '../helpers/summaries.js';
import { useTempDir } from '../helpers/temp-dir.js';

const config = configFrom({
  defaults: { minSamples: 2 },
  teams: { mwi: { name: 'MWI' } },
  rules: [{ name: 'High5xx', metric: 'error_rate_5xx', above: '10%', for: '10s', severity: 'critical' }],
  apis: { page: { owner: 'mwi', url: 'http://127.0.0.1:1/page' } },
});

const stateDirs = useTempDir('alarm-service-');

function service(stateDir = stateDirs(), options: Partial<ConstructorParameters<typeof AlarmService>[0]> = {}) {
  const clock = new ManualClock(1_800_000_000_000);
  const store = createFleetStore(config, { now: clock.now() });
  return { service: new AlarmService({ config, actions: store.getState().actions, clock, user: 'alice', stateDir, persist: true, ...options }), store, clock, stateDir };
}

const failing = { page: summary({ samples: 10, errorRate5xx: 0.5, errorRate: 0.5, availability: 0.5 }) };

describe('AlarmService', () => {
  it('publishes a firing alarm to the store once the rule held for its duration', () => {
    const { service: s, store, clock } = service();
    s.evaluate(clock.now(), failing);
    clock.advance(11_000);
    s.evaluate(clock.now(), failing);
    expect(store.getState().alarms.map((v) => [v.alarm.id, v.alarm.state])).toEqual([['page/High5xx', 'firing']]);
  });

  it('publishes rule states when one changes, and leaves the store alone while none does', () => {
    const { service: s, store, clock } = service();
    const quiet = { page: summary({ samples: 10 }) };
    s.evaluate(clock.now(), quiet);
    const published = store.getState().ruleStatus;
    expect(published.page).toEqual([{ rule: 'High5xx', status: 'ok' }]);
    clock.advance(1_000);
    s.evaluate(clock.now(), quiet);
    expect(store.getState().ruleStatus).toBe(published);
    s.evaluate(clock.now(), failing);
    expect(store.getState().ruleStatus.page).toEqual([{ rule: 'High5xx', status: 'pending' }]);
  });

  it('mutes without an Alertmanager channel: the mute reaches the store and covers the alarm', () => {
    const { service: s, store, clock } = service();
    s.evaluate(clock.now(), failing);
    clock.advance(11_000);
    s.evaluate(clock.now(), failing);
    s.handle({ type: 'mute', scope: { kind: 'api', apiId: 'page' }, durationMs: 3_600_000, reason: 'deploy' });
    const { mutes, alarms } = store.getState();
    expect(mutes).toHaveLength(1);
    expect(mutes[0]).toMatchObject({ by: 'alice', reason: 'deploy', until: clock.now() + 3_600_000 });
    expect(alarms[0]!.mute?.id).toBe(mutes[0]!.id);
  });

  it('acknowledges as the configured user and writes the event log', () => {
    const { service: s, store, clock, stateDir } = service();
    s.evaluate(clock.now(), failing);
    clock.advance(11_000);
    s.evaluate(clock.now(), failing);
    s.handle({ type: 'acknowledge', alarmIds: ['page/High5xx'], note: 'looking' });
    expect(store.getState().alarms[0]!.alarm.ack).toMatchObject({ by: 'alice', note: 'looking' });
    const kinds = readFileSync(join(stateDir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).kind);
    expect(kinds).toEqual(['pending', 'firing', 'acknowledged']);
  });

  it('writes nothing while nothing happens', () => {
    const { service: s, clock, stateDir } = service();
    s.evaluate(clock.now(), { page: summary({ samples: 10 }) });
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
  });

  it('shows a failed save as a warning and carries on', () => {
    const stateDir = join(stateDirs(), 'not-a-dir');
    writeFileSync(stateDir, '');
    const { service: s, store, clock } = service(stateDir);
    s.evaluate(clock.now(), failing);
    expect(store.getState().warnings).toContainEqual(expect.stringMatching(/^cannot append to the event log .*; cannot save alarm state to /));
    expect(store.getState().alarms).toHaveLength(1);
  });

  it('hands every log entry on but writes nothing when persisting is off (check)', () => {
    const logged: string[] = [];
    const { service: s, clock, stateDir } = service(undefined, { persist: false, onLog: (entries) => logged.push(...entries.map((e) => e.kind)) });
    s.evaluate(clock.now(), failing);
    s.handle({ type: 'mute', scope: { kind: 'api', apiId: 'page' }, durationMs: 60_000 });
    expect(logged).toEqual(['pending', 'muted']);
    expect(existsSync(join(stateDir, 'events.jsonl'))).toBe(false);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
  });

  it('publishes rule states by comparing with what it published itself, never reading the store', () => {
    const clock = new ManualClock(1_800_000_000_000);
    const published: unknown[] = [];
    const actions = { applyAlarms: () => {}, addWarning: () => {}, applyRuleStatus: (status: unknown) => published.push(status) };
    const s = new AlarmService({ config, actions, clock, user: 'alice', persist: false });
    const quiet = { page: summary({ samples: 10 }) };
    s.evaluate(clock.now(), quiet);
    clock.advance(1_000);
    s.evaluate(clock.now(), quiet);
    s.evaluate(clock.now(), failing);
    expect(published).toEqual([
      { page: [{ rule: 'High5xx', status: 'insufficient_data' }] },
      { page: [{ rule: 'High5xx', status: 'ok' }] },
      { page: [{ rule: 'High5xx', status: 'pending' }] },
    ]);
  });
});

describe('AlarmService and its notifier across a crash', () => {
  let hook: Receiver;
  const dirs = useTempDir('alarm-service-notify-');
  const notifiers: NotificationService[] = [];
  beforeEach(() => {
    hook = new Receiver();
  });
  afterEach(async () => {
    for (const n of notifiers.splice(0)) await n.stop(100);
    await hook.close();
  });

  const notifyConfig = (url: string) =>
    configFrom({
      defaults: { minSamples: 2 },
      teams: { mwi: { name: 'MWI' } },
      rules: [{ name: 'High5xx', metric: 'error_rate_5xx', above: '10%', for: '10s', severity: 'critical' }],
      apis: { page: { owner: 'mwi', url: 'http://127.0.0.1:1/page' } },
      channels: { hook: { type: 'webhook', url } },
      routes: [{ notify: ['hook'] }],
      notifications: { groupWait: '30s', groupInterval: '5m', resolved: true },
    });

  /** An alarm service and its notifier as the runtime joins them, on one state dir and one clock. */
  function run(cfg: Config, stateDir: string, clock: ManualClock, options: { wrap?: (n: NotificationService) => NotificationService; onEvents?: (events: AlarmEvent[]) => void } = {}) {
    const store = createFleetStore(cfg, { now: clock.now() });
    const alarms = new AlarmService({ config: cfg, actions: store.getState().actions, clock, user: 'alice', stateDir, persist: true, onEvents: options.onEvents });
    const notifier = createNotifier({ config: cfg, stateDir, clock, muter: alarms.muter, random: () => 0 });
    notifiers.push(notifier);
    alarms.attachNotifier(options.wrap?.(notifier) ?? notifier);
    alarms.adoptUnsaved(notifier.start().unsent);
    return { alarms, notifier };
  }

  const notified = (stateDir: string): unknown => {
    const file = join(stateDir, 'state.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { tracks: { notified?: string }[] }).tracks[0]?.notified : undefined;
  };

  it('hands events to the notifier before it saves the state that says they were announced', async () => {
    await hook.listen();
    const cfg = notifyConfig(hook.url('/hook'));
    const stateDir = dirs();
    const clock = new ManualClock(1_800_000_000_000);
    const savedAtHandOver: unknown[] = [];
    const { alarms } = run(cfg, stateDir, clock, { wrap: (n) => ({ ...n, handle: (events) => (savedAtHandOver.push(notified(stateDir)), n.handle(events)) }) });
    alarms.evaluate(clock.now(), failing);
    clock.advance(11_000);
    alarms.evaluate(clock.now(), failing);
    expect(savedAtHandOver).toEqual([undefined]);
    expect(notified(stateDir)).toBe('firing');
    expect(readFileSync(join(stateDir, OUTBOX_FILE), 'utf8')).toContain('"op":"hold"');
  });

  it('sends a firing held for groupWait when the process died once, after the restart, with the wait it had left', async () => {
    await hook.listen();
    const cfg = notifyConfig(hook.url('/hook'));
    const stateDir = dirs();
    const dead = new ManualClock(1_800_000_000_000);
    const first = run(cfg, stateDir, dead);
    first.alarms.evaluate(dead.now(), failing);
    dead.advance(11_000);
    first.alarms.evaluate(dead.now(), failing);
    dead.advance(10_000);
    notifiers.splice(0);

    const clock = new ManualClock(dead.now());
    const { alarms, notifier } = run(cfg, stateDir, clock);
    alarms.evaluate(clock.now(), failing);
    clock.advance(19_999);
    await notifier.settled();
    expect(hook.requests).toHaveLength(0);
    clock.advance(1);
    await notifier.settled();
    expect(hook.requests.map((r) => (r.json as { status: string }).status)).toEqual(['firing']);
  });


  it('takes over a firing the process put in the outbox and died before saving: sent once, not announced again, and its resolution follows', async () => {
    await hook.listen();
    const cfg = notifyConfig(hook.url('/hook'));
    const stateDir = dirs();
    const dead = new ManualClock(1_800_000_000_000);
    const first = run(cfg, stateDir, dead);
    first.alarms.evaluate(dead.now(), failing);
    const beforeFiring = ['state.json', 'events.jsonl'].map((name) => [name, readFileSync(join(stateDir, name))] as const);
    dead.advance(11_000);
    first.alarms.evaluate(dead.now(), failing);
    notifiers.splice(0);
    // What a kill -9 after the outbox append and before the state save leaves on disk.
    for (const [name, bytes] of beforeFiring) writeFileSync(join(stateDir, name), bytes);
    expect(notified(stateDir)).toBeUndefined();

    const clock = new ManualClock(dead.now() + 1_000);
    const events: string[] = [];
    const { alarms, notifier } = run(cfg, stateDir, clock, { onEvents: (e) => events.push(...e.map((x) => x.kind)) });
    expect(notified(stateDir)).toBe('firing');
    expect(readFileSync(join(stateDir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).kind)).toEqual(['pending', 'firing']);
    alarms.evaluate(clock.now(), failing);
    clock.advance(60_000);
    await notifier.settled();
    const healthy = { page: summary({ samples: 10 }) };
    alarms.evaluate(clock.now(), healthy);
    clock.advance(60_000);
    alarms.evaluate(clock.now(), healthy);
    clock.advance(5 * 60_000);
    await notifier.settled();
    expect(events).toEqual(['resolved']);
    expect(hook.requests.map((r) => (r.json as { status: string }).status)).toEqual(['firing', 'resolved']);
  });
});
