import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import type { Group } from '../../../source/notify/stages/group.js';
import { firingSentBy, muting, type FiringSent, type Muter } from '../../../source/notify/stages/mute.js';
import { NotificationLog } from '../../../source/notify/notification-log.js';
import { notificationKey } from '../../../source/notify/stages/dedup.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const group = (...rules: string[]): Group => ({
  key: 's/mwi',
  channel: 's',
  team: 'mwi',
  items: rules.map((rule) => toMessageItem(event('firing', alarm({ rule })), cfg, 'routes[0]', T0)),
});
const resolvedGroup = (channel: string): Group => ({
  key: `${channel}/mwi`,
  channel,
  team: 'mwi',
  items: [toMessageItem(event('resolved', alarm({ state: 'resolved', resolvedAt: T0 })), cfg, 'routes[0]', T0)],
});
const nothingSent: FiringSent = () => false;
const everyMute: Muter = { isMuted: () => true };

describe('mute stage', () => {
  it('drops the muted items of a group and hands on the rest', () => {
    const out: Group[] = [];
    const muter: Muter = { isMuted: (a) => a.rule === 'A' };
    muting(muter, new ManualClock(T0), nothingSent).run(group('A', 'B'), (g) => out.push(g));
    expect(out.map((g) => g.items.map((i) => i.alarm.rule))).toEqual([['B']]);
  });

  it('hands on nothing when every item is muted', () => {
    const out: Group[] = [];
    muting(everyMute, new ManualClock(T0), nothingSent).run(group('A'), (g) => out.push(g));
    expect(out).toEqual([]);
  });

  it('asks the muter at the time the group goes out, not when its events came in', () => {
    const clock = new ManualClock(T0);
    const asked: number[] = [];
    const stage = muting({ isMuted: (_a, at) => (asked.push(at), at >= T0 + 30_000) }, clock, nothingSent);
    clock.advance(30_000);
    const out: Group[] = [];
    stage.run(group('A'), (g) => out.push(g));
    expect(asked).toEqual([T0 + 30_000]);
    expect(out).toEqual([]);
  });

  describe('resolutions of muted alarms', () => {
    const stateDir = useTempDir();
    const logWithFiring = (channel: string) => {
      const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
      log.remember([notificationKey(channel, toMessageItem(event('firing'), cfg, 'routes[0]', T0))], T0);
      return log;
    };

    it('hands on the resolution of a muted alarm whose firing this channel was sent', () => {
      const out: Group[] = [];
      muting(everyMute, new ManualClock(T0), firingSentBy(logWithFiring('s'))).run(resolvedGroup('s'), (g) => out.push(g));
      expect(out.map((g) => g.items.map((i) => i.kind))).toEqual([['resolved']]);
    });

    it('drops the resolution of a muted alarm on a channel that was never sent its firing', () => {
      const out: Group[] = [];
      muting(everyMute, new ManualClock(T0), firingSentBy(logWithFiring('other'))).run(resolvedGroup('s'), (g) => out.push(g));
      expect(out).toEqual([]);
    });

    it('drops the resolution when the firing sent was of an earlier episode', () => {
      const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
      const earlier = toMessageItem(event('firing', alarm({ startedAt: T0 - 3_600_000 })), cfg, 'routes[0]', T0);
      log.remember([notificationKey('s', earlier)], T0);
      const out: Group[] = [];
      muting(everyMute, new ManualClock(T0), firingSentBy(log)).run(resolvedGroup('s'), (g) => out.push(g));
      expect(out).toEqual([]);
    });
  });
});
