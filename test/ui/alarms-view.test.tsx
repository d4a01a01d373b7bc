import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import { parseConfigText } from '../../source/config/load.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createRuntime } from '../../source/engine/runtime.js';
import type { SilencesStatus, SilenceView } from '../../source/state/alarm-view.js';
import { createFleetStore } from '../../source/state/store.js';
import type { FleetStore } from '../../source/state/fleet-state.js';
import { App } from '../../source/ui/App.js';
import { clockTime } from '../../source/ui/clock-time.js';
import { createPainter } from '../../source/ui/paint.js';
import type { Theme } from '../../source/ui/theme.js';
import { configFrom, HOUR, slow, T0, unavailable } from '../alerts/fixtures.js';
import { startAlertmanager, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { waitForFrame } from '../helpers/render-app.js';
import { tempDir } from '../helpers/temp-dir.js';

const config = configFrom();
const painter = createPainter({} as Theme, false);
const until = T0 + 2 * HOUR;
const integration = needsBinaries(['prometheus-alertmanager']);

const bobsSilence: SilenceView = {
  id: 'f00d',
  kind: 'mute',
  until,
  createdBy: 'bob',
  comment: 'db failover',
  matchers: 'api=~page-.* severity=page',
  ours: false,
};

/** The store as the alarm service leaves it: page-api firing and covered by bob's silence, search-api firing and not. */
function storeWith(silences: SilencesStatus | undefined): FleetStore {
  const tracker = new AlarmTracker({ config, now: T0, user: 'alice' });
  tracker.evaluate(T0, { 'page-api': unavailable(0.5), 'search-api': slow(2000) });
  tracker.evaluate(T0 + HOUR, { 'page-api': unavailable(0.5), 'search-api': slow(2000) });
  const store = createFleetStore(config, { now: T0 });
  const views = tracker.alarms().map((alarm) => ({ alarm, silence: alarm.apiId === 'page-api' && silences ? bobsSilence : undefined }));
  store.getState().actions.applyAlarms(views, [], silences);
  store.getState().actions.openView('alarms');
  return store;
}

describe('alarms view with Alertmanager silences', () => {
  let unmount: () => void = () => {};
  afterEach(() => unmount());

  const show = async (store: FleetStore): Promise<string[]> => {
    const view = render(<App store={store} painter={painter} onQuit={() => {}} now={() => T0 + HOUR} />);
    unmount = view.unmount;
    const frame = await waitForFrame(view, (text) => text.includes('Alarms ('));
    return frame.split('\n').map((line) => line.trimEnd());
  };

  it('marks the alarm a silence covers with "SILENCE HH:MM", and leaves the other as it is', async () => {
    const lines = await show(storeWith({ active: [bobsSilence], listedAt: T0 + HOUR }));
    const page = lines.find((l) => l.includes('page-api'))!;
    const search = lines.find((l) => l.includes('search-api'))!;
    expect(page).toContain(`SILENCE ${clockTime(until, false)}`);
    expect(search).not.toContain('SILENCE');
    expect(search).toContain('FIRING');
  });

  it('lists the silences in their own section: count, who, until when, over what, why', async () => {
    const lines = await show(storeWith({ active: [bobsSilence], listedAt: T0 + HOUR }));
    expect(lines).toContain(`Alertmanager silences (1)   0 from this dashboard · listed ${clockTime(T0 + HOUR, false)}`);
    expect(lines).toContain(`  until ${clockTime(until, false)} by bob          api=~page-.* severity=page  "db failover"`);
  });

  it('shows what is not shared as one warning line, and the alarms as before', async () => {
    const problem = '1 mute(s) only local: alertmanager: POST /api/v2/silences failed: connection refused; retrying';
    const lines = await show(storeWith({ active: [], problem }));
    expect(lines).toContain('Alertmanager silences (0)   0 from this dashboard · not listed yet');
    expect(lines).toContain(`! ${problem}`);
    expect(lines.some((l) => l.includes('page-api'))).toBe(true);
  });

  it('shows value and threshold with the numbers of the alarm summary', async () => {
    const store = storeWith(undefined);
    const search = (await show(store)).find((l) => l.includes('search-api'))!;
    const alarm = store.getState().alarms.find((v) => v.alarm.apiId === 'search-api')!.alarm;
    expect(alarm.summary).toBe('p95 latency 2s above 1.5s');
    expect(search).toContain('2s > 1.5s');
  });

  it('shows an ack shared through an ACK! silence as ACKED and its author, with the note, not as a silence', async () => {
    const tracker = new AlarmTracker({ config, now: T0, user: 'alice' });
    tracker.evaluate(T0, { 'page-api': unavailable(0.5) });
    tracker.acknowledge('page-api/LowAvailability', 'ops', 'looking at the LB', T0, 'ack-1');
    const store = createFleetStore(config, { now: T0 });
    const ackSilence: SilenceView = { ...bobsSilence, id: 'ack-1', kind: 'ack', createdBy: 'ops', comment: 'ACK! looking at the LB' };
    store.getState().actions.applyAlarms(tracker.alarms().map((alarm) => ({ alarm })), [], { active: [ackSilence], listedAt: T0 });
    store.getState().actions.openView('alarms');
    const lines = await show(store);
    const page = lines.find((l) => l.includes('page-api'))!;
    expect(page).toContain('ACKED ops');
    expect(lines).toContain(`ACKED by ops at ${clockTime(T0, false)}: "looking at the LB"`);
    expect(page).not.toContain('SILENCE');
  });

  it('has no silences section without an Alertmanager channel', async () => {
    const lines = await show(storeWith(undefined));
    expect(lines.some((l) => l.includes('Alertmanager'))).toBe(false);
  });
});

integration.describe('muting from the alarms view with an Alertmanager channel', () => {
  let alertmanager: RunningServer;
  beforeAll(async () => {
    alertmanager = await startAlertmanager();
  }, 30_000);
  afterAll(async () => {
    await alertmanager?.stop();
  });

  it('m, Enter, Enter, a reason, Enter: the mute becomes a silence in Alertmanager and the view lists it as ours', async () => {
    const amConfig = parseConfigText(
      `
teams:
  mwi: { name: MediaWiki Interfaces }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
channels:
  am: { type: alertmanager, url: "${alertmanager.url}" }
apis:
  page-api: { owner: mwi, url: "http://127.0.0.1:1/page" }
`,
      'alarms-view.yaml',
      {},
    );
    const stateDir = tempDir('api-health-alarms-view-');
    const clock = new ManualClock(Date.now());
    const runtime = createRuntime(amConfig, { clock, stateDir: stateDir.path, persist: true, user: 'alice' });
    runtime.alarmService.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
    const view = render(<App store={runtime.store} painter={painter} onQuit={() => {}} now={() => clock.now()} />);
    const frame = (predicate: (text: string) => boolean): Promise<string> => waitForFrame(view, predicate);
    const press = async (keys: string): Promise<void> => {
      view.stdin.write(keys);
      await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await frame((t) => t.includes('page-api'));
      await press('A');
      await frame((t) => t.includes('Alertmanager silences (0)'));
      for (const key of ['m', '\r', '\r', 'deploy', '\r']) await press(key);
      await runtime.alarmService.sharedMutes!.settled();
      const text = await frame((t) => t.includes('Alertmanager silences (1)'));
      const until = runtime.store.getState().mutes[0]!.until;
      expect(text).toContain(`MUTED ${clockTime(until, false)}`);
      expect(text).toContain('Alertmanager silences (1)   1 from this dashboard');
      expect(text).toContain(`  until ${clockTime(until, false)} by alice        api=page-api alertname=LowAvailability  "deploy"`);
      const silences = (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as { createdBy: string; comment: string; status: { state: string } }[];
      expect(silences).toContainEqual(expect.objectContaining({ createdBy: 'alice', comment: 'deploy', status: { state: 'active' } }));
    } finally {
      view.unmount();
      await runtime.stop();
      stateDir.remove();
    }
  });
});
