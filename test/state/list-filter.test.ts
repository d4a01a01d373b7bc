import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import { filterAlarms } from '../../source/state/list-filter.js';
import { configFrom, pageAlarm } from '../alerts/fixtures.js';

const config = configFrom();
const views = (...alarms: Alarm[]) => alarms.map((alarm) => ({ alarm }));

describe('the filter over alarms', () => {
  it('finds an unowned API\'s alarm by "unassigned", as the dashboard finds its row', () => {
    const unowned = pageAlarm({ id: 'page-api/Other', team: undefined });
    const owned = pageAlarm();
    expect(filterAlarms(views(unowned, owned), config, 'unassigned').map((v) => v.alarm.id)).toEqual(['page-api/Other']);
    expect(filterAlarms(views(unowned, owned), config, 'gn').map((v) => v.alarm.id)).toEqual(['page-api/Other']);
  });

  it('finds an owned alarm by its team\'s id and name', () => {
    expect(filterAlarms(views(pageAlarm()), config, 'mwi')).toHaveLength(1);
  });
});
