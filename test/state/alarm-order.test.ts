import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import type { AlarmView } from '../../source/state/alarm-view.js';
import { orderAlarms } from '../../source/state/alarm-order.js';

const T = Date.UTC(2026, 0, 1);

function view(id: string, patch: Partial<Alarm> = {}, extra: Partial<AlarmView> = {}): AlarmView {
  const alarm: Alarm = {
    id, apiId: id, team: 'ctt', rule: 'High5xx', metric: 'error_rate_5xx', severity: 'warning', state: 'firing', comparison: 'above',
    value: 0.25, threshold: 0.1, since: T, startedAt: T, firingAt: T, transitions: [], flapping: false, escalationLevel: 0, summary: '', ...patch,
  };
  return { alarm, ...extra };
}

const overdue = { sla: { text: 'SLA BREACH: triage overdue 12m', breached: true } };

describe('the alarms view order', () => {
  it('puts an overdue SLA first, then firing unacknowledged by severity and age, then the rest', () => {
    const views = [
      view('resolved', { state: 'resolved', severity: 'page' }),
      view('acked', { severity: 'page', ack: { by: 'a', at: T } }),
      view('young-critical', { severity: 'critical', firingAt: T + 60_000 }),
      view('old-critical', { severity: 'critical' }),
      view('page', { severity: 'page', firingAt: T + 120_000 }),
      view('breached-warning', {}, overdue),
      view('pending', { state: 'pending', firingAt: undefined }),
    ];
    expect(orderAlarms(views).map((v) => v.alarm.id)).toEqual(['breached-warning', 'page', 'old-critical', 'young-critical', 'pending', 'acked', 'resolved']);
  });

  it('leaves a muted alarm with the muted, overdue or not', () => {
    const muted = view('muted', {}, { ...overdue, mute: { id: 'm', scope: { kind: 'alarm', alarmId: 'muted' }, createdAt: T, until: T + 1, by: 'b' } });
    expect(orderAlarms([muted, view('firing')]).map((v) => v.alarm.id)).toEqual(['firing', 'muted']);
  });
});
