import { describe, expect, it } from 'vitest';
import { NotificationLog } from '../../../source/notify/notification-log.js';
import { dedup, notificationKey } from '../../../source/notify/stages/dedup.js';
import type { Group } from '../../../source/notify/stages/group.js';
import { toMessageItem } from '../../../source/notify/stages/route.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config('');
const item = (rule: string) => toMessageItem(event('firing', alarm({ rule })), cfg, 'routes[0]', T0);
const group = (...items: Group['items']): Group => ({ key: 's/mwi', channel: 's', team: 'mwi', items });

describe('dedup stage', () => {
  const stateDir = useTempDir();

  it('drops what the notification log says this channel already sent', () => {
    const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
    log.remember([notificationKey('s', item('A'))], T0);
    const out: Group[] = [];
    dedup(log).run(group(item('A'), item('B')), (g) => out.push(g));
    expect(out.map((g) => g.items.map((i) => i.alarm.rule))).toEqual([['B']]);
  });

  it('drops a repeat within the group itself', () => {
    const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
    const out: Group[] = [];
    dedup(log).run(group(item('A'), item('A')), (g) => out.push(g));
    expect(out[0]!.items).toHaveLength(1);
  });

  it('hands on nothing when everything was sent before', () => {
    const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
    log.remember([notificationKey('s', item('A'))], T0);
    const out: Group[] = [];
    dedup(log).run(group(item('A')), (g) => out.push(g));
    expect(out).toEqual([]);
  });

  it('tells channels apart: sent on one channel is not sent on another', () => {
    const { log } = NotificationLog.open(stateDir(), T0, 86_400_000);
    log.remember([notificationKey('other', item('A'))], T0);
    const out: Group[] = [];
    dedup(log).run(group(item('A')), (g) => out.push(g));
    expect(out).toHaveLength(1);
  });
});
