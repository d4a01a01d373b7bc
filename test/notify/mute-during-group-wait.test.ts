import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmTracker } from '../../source/alerts/alarm-tracker.js';
import type { AlarmEvent } from '../../source/core/alarm.js';
import { createNotifier } from '../../source/notify/create-notifier.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { BASE_YAML, configFrom, healthy, HOUR, MINUTE, T0, unavailable } from '../alerts/fixtures.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

/**
 * The tracker decides what receivers hear when an alarm changes; the notifier asks about mutes again when a
 * group goes out. A mute set between the two drops the firing: when it ends, the firing must still go out.
 */
describe('a mute set during the group wait, then lifted', () => {
  let receiver: Receiver;
  let dir: TempDir;
  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
    dir = tempDir();
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  async function scenario() {
    const config = configFrom(`${BASE_YAML}
channels:
  s: { type: slack, url: "${receiver.url('/hook')}" }
routes: [{ notify: [s] }]
notifications: { groupWait: 30s, groupInterval: 1m, resolved: true }
`);
    const clock = new ManualClock(T0);
    const tracker = new AlarmTracker({ config, now: T0, user: 'alice' });
    const notifier = createNotifier({ config, stateDir: dir.path, clock, muter: { isMuted: (alarm, at) => tracker.isSilenced(alarm, at) }, random: () => 0 });
    notifier.start();
    const evaluate = (summary: MetricSummary): AlarmEvent[] => {
      const events = tracker.evaluate(clock.now(), { 'page-api': summary });
      notifier.handle(events);
      return events;
    };
    const advance = async (ms: number) => {
      clock.advance(ms);
      await notifier.settled();
    };
    const texts = () => receiver.requests.map((r) => (r.json as { text: string }).text);
    return { tracker, notifier, evaluate, advance, texts };
  }

  it('sends the firing once the mute is lifted while the alarm still fires', async () => {
    const { tracker, notifier, evaluate, advance, texts } = await scenario();
    expect(evaluate(unavailable(0.5)).map((e) => e.kind)).toEqual(['firing']);
    await advance(10_000);
    const mute = tracker.mute({ kind: 'alarm', alarmId: 'page-api/LowAvailability' }, T0 + HOUR, 'bob', 'wrong alarm', at(10_000));
    evaluate(unavailable(0.5));
    await advance(20_000);
    expect(texts()).toEqual([]);
    tracker.unmute(mute.id, at(40_000));
    await advance(20_000);
    evaluate(unavailable(0.5));
    await advance(MINUTE);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toMatch(/LowAvailability.*firing/);
    evaluate(healthy());
    await advance(5 * MINUTE);
    expect(texts()).toHaveLength(2);
    expect(texts()[1]).toMatch(/LowAvailability.*resolved/);
    await notifier.stop(100);
  });

  it('does not send the firing twice when the mute came after the group went out', async () => {
    const { tracker, notifier, evaluate, advance, texts } = await scenario();
    evaluate(unavailable(0.5));
    await advance(40_000);
    expect(texts()).toHaveLength(1);
    const mute = tracker.mute({ kind: 'alarm', alarmId: 'page-api/LowAvailability' }, T0 + HOUR, 'bob', undefined, at(40_000));
    evaluate(unavailable(0.5));
    tracker.unmute(mute.id, at(50_000));
    await advance(10_000);
    evaluate(unavailable(0.5));
    await advance(MINUTE);
    expect(texts()).toHaveLength(1);
    await notifier.stop(100);
  });
});

const at = (ms: number): number => T0 + ms;
