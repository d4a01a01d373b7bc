import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { DEFAULT_ALERTMANAGER_REFRESH_MS } from '../../../source/notify/channels/alertmanager.js';
import type { RecordInput } from '../../../source/notify/delivery/records.js';
import { Refresher } from '../../../source/notify/jobs/refresh.js';
import type { Notifier } from '../../../source/notify/message.js';
import { noMutes, type Muter } from '../../../source/notify/stages/mute.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { Receiver } from '../../helpers/receiver.js';
import { alarm, config, T0 } from '../helpers.js';

describe('periodic refresh job', () => {
  let am: Receiver;
  let slack: Receiver;
  beforeEach(async () => {
    am = new Receiver();
    slack = new Receiver();
    await am.listen();
    await slack.listen();
  });
  afterEach(async () => {
    await am.close();
    await slack.close();
  });

  function refresher(clock: ManualClock, records: RecordInput[], muter: Muter = noMutes): Refresher {
    const cfg = config(`channels:
  am: { type: alertmanager, url: "${am.url('')}" }
  s: { type: slack, url: "${slack.url('/hook')}" }
routes: [{ notify: [am, s] }]
`);
    const notifiers = new Map<string, Notifier>(Object.entries(cfg.channels).map(([id, c]) => [id, createChannel(c, { clock })]));
    return new Refresher({ config: cfg, notifiers, clock, muter, record: (r) => records.push(r) });
  }

  it('re-sends firing alarms only to channel types that declare the job, at their own default interval', async () => {
    const clock = new ManualClock(T0);
    const records: RecordInput[] = [];
    const job = refresher(clock, records);
    const firing = [alarm()];
    job.tick(T0, firing);
    await job.settled();
    job.tick(T0 + DEFAULT_ALERTMANAGER_REFRESH_MS - 1, firing);
    await job.settled();
    job.tick(T0 + DEFAULT_ALERTMANAGER_REFRESH_MS, firing);
    await job.settled();
    expect(am.requests).toHaveLength(2);
    expect(slack.requests).toHaveLength(0);
    expect(records.map((r) => [r.record, r.channelType])).toEqual([
      ['refreshed', 'alertmanager'],
      ['refreshed', 'alertmanager'],
    ]);
  });

  it('sends nothing for alarms that are not firing', async () => {
    const clock = new ManualClock(T0);
    const job = refresher(clock, []);
    job.tick(T0, [alarm({ state: 'resolved' })]);
    await job.settled();
    expect(am.requests).toHaveLength(0);
  });

  it('tries a failed refresh again within seconds, not a whole interval later (Alertmanager restarting lost its alerts)', async () => {
    const clock = new ManualClock(T0);
    const records: RecordInput[] = [];
    const job = refresher(clock, records);
    const firing = [alarm()];
    am.script({ status: 503, body: 'restarting' });
    job.tick(T0, firing);
    await job.settled();
    job.tick(T0 + 4_999, firing);
    await job.settled();
    expect(am.requests).toHaveLength(1);
    job.tick(T0 + 5_000, firing);
    await job.settled();
    expect(records.map((r) => r.record)).toEqual(['failed', 'refreshed']);
    // Once through, the interval is the usual one again.
    job.tick(T0 + 5_000 + DEFAULT_ALERTMANAGER_REFRESH_MS - 1, firing);
    await job.settled();
    expect(am.requests).toHaveLength(2);
  });

  it('looks at no alarm between refreshes: a tick with no channel due routes nothing', async () => {
    const clock = new ManualClock(T0);
    let asked = 0;
    const job = refresher(clock, [], { isMuted: () => (asked++, false) });
    const firing = [alarm()];
    job.tick(T0, firing);
    await job.settled();
    const askedAtFirstRefresh = asked;
    for (let s = 1; s < 60; s++) job.tick(T0 + s * 1_000, firing);
    await job.settled();
    expect(askedAtFirstRefresh).toBe(1);
    expect(asked).toBe(1);
    expect(am.requests).toHaveLength(1);
  });
});
