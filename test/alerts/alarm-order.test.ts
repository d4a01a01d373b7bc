import { describe, expect, it } from 'vitest';
import { sortAlarmsForView } from '../../source/alerts/alarm-order.js';
import type { Alarm } from '../../source/core/alarm.js';

import { MINUTE, T0 } from './fixtures.js';
import type { Severity } from '../../source/core/rules.js';

const alarm = (id: string, severity: Severity, firingAt: number | undefined, startedAt = firingAt ?? T0): Alarm => ({
  id, apiId: id, team: undefined, rule: 'R', metric: 'availability', severity, state: firingAt === undefined ? 'pending' : 'firing',
  comparison: 'below', value: 0, threshold: 1, since: startedAt, startedAt, firingAt, transitions: [], flapping: false, escalationLevel: 0, summary: '',
});

describe('alarms view order', () => {
  it('puts page before critical before warning before info, then the oldest first', () => {
    const sorted = sortAlarmsForView([
      alarm('info', 'info', T0),
      alarm('warning-new', 'warning', T0 + 5 * MINUTE),
      alarm('page', 'page', T0 + 9 * MINUTE),
      alarm('warning-old', 'warning', T0 + MINUTE),
      alarm('critical', 'critical', T0 + 2 * MINUTE),
      alarm('warning-pending', 'warning', undefined, T0 + 3 * MINUTE),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['page', 'critical', 'warning-old', 'warning-pending', 'warning-new', 'info']);
  });
});
