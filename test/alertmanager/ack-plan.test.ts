import { describe, expect, it } from 'vitest';
import { planAcks, type AckPlanInput } from '../../source/alertmanager/ack-plan.js';
import { alarmMatchers, scopeMatchers, type Silence } from '../../source/alertmanager/silence-model.js';
import { MINUTE, pageAlarm, T0 } from '../alerts/fixtures.js';

const HOLD = 15 * MINUTE;

const alarm = pageAlarm;

function ackSilence(fields: Partial<Silence> = {}): Silence {
  return { id: 's1', matchers: alarmMatchers(alarm()), startsAt: T0, endsAt: T0 + HOLD, createdBy: 'alice', comment: 'ACK! on it', state: 'active', ...fields };
}

function plan(fields: Partial<AckPlanInput>) {
  return planAcks({ alarms: [], silences: [], familyOf: () => undefined, now: T0, holdMs: HOLD, extendWithinMs: 5 * MINUTE, creating: new Set(), released: new Set(), stillAlerting: () => false, ...fields });
}

describe('planAcks: acknowledgements and ACK! silences as one state', () => {
  it('gives a local ack without a silence one over the alarm (api and alertname), by its author, with ACK! and the note, ending a hold from now', () => {
    const steps = plan({ alarms: [alarm({ ack: { by: 'alice', at: T0, note: 'on it' } })] });
    expect(steps).toEqual([
      { kind: 'create', alarmId: 'page-api/LowAvailability', request: { matchers: scopeMatchers({ kind: 'alarm', alarmId: 'page-api/LowAvailability' }), endsAt: T0 + HOLD, createdBy: 'alice', comment: 'ACK! on it' } },
    ]);
  });

  it('writes a bare ACK! for an ack without a note', () => {
    const [step] = plan({ alarms: [alarm({ ack: { by: 'alice', at: T0 } })] });
    expect(step).toMatchObject({ kind: 'create', request: { comment: 'ACK!' } });
  });

  it('does not create a second silence while the first is being created', () => {
    expect(plan({ alarms: [alarm({ ack: { by: 'alice', at: T0 } })], creating: new Set(['page-api/LowAvailability']) })).toEqual([]);
  });

  it('acknowledges an unacknowledged alarm that an ACK! silence covers, as the silence\'s author with its note', () => {
    expect(plan({ alarms: [alarm()], silences: [ackSilence({ createdBy: 'bob', comment: 'ACK!   db failover ' })] })).toEqual([
      { kind: 'adopt', alarmId: 'page-api/LowAvailability', by: 'bob', note: 'db failover', silenceId: 's1' },
    ]);
  });

  it('takes a silence that is not an ACK! for a mute, not an acknowledgement', () => {
    expect(plan({ alarms: [alarm()], silences: [ackSilence({ comment: 'deploy in progress' })] })).toEqual([]);
  });

  it('honours a broader ACK! silence made with amtool (team=mwi) for every alarm it covers', () => {
    const team = ackSilence({ matchers: [{ name: 'team', value: 'mwi', isRegex: false, isEqual: true }] });
    const other = alarm({ id: 'search-api/LowAvailability', apiId: 'search-api' });
    expect(plan({ alarms: [alarm(), other], silences: [team] }).map((s) => [s.kind, s.alarmId])).toEqual([
      ['adopt', 'page-api/LowAvailability'],
      ['adopt', 'search-api/LowAvailability'],
    ]);
  });

  it('withdraws an ack whose silence Alertmanager no longer lists: someone un-acked elsewhere', () => {
    expect(plan({ alarms: [alarm({ ack: { by: 'alice', at: T0, silenceId: 'gone' } })] })).toEqual([{ kind: 'withdrawn', alarmId: 'page-api/LowAvailability' }]);
  });

  it('does not take a silence this process let go for a colleague\'s ack while it expires', () => {
    expect(plan({ alarms: [alarm()], silences: [ackSilence()], released: new Set(['s1']) })).toEqual([]);
  });

  it('leaves a held silence alone while it has longer than the extension margin to run', () => {
    expect(plan({ alarms: [alarm({ ack: { by: 'alice', at: T0, silenceId: 's1' } })], silences: [ackSilence()], now: T0 + 9 * MINUTE })).toEqual([]);
  });

  it('extends a held silence before it ends while the alarm fires, keeping its matchers, author and comment', () => {
    const now = T0 + 11 * MINUTE;
    expect(plan({ alarms: [alarm({ ack: { by: 'alice', at: T0, silenceId: 's1' } })], silences: [ackSilence()], now })).toEqual([
      {
        kind: 'extend',
        alarmId: 'page-api/LowAvailability',
        request: { id: 's1', matchers: alarmMatchers(alarm()), startsAt: T0, endsAt: now + HOLD, createdBy: 'alice', comment: 'ACK! on it' },
      },
    ]);
  });

  it('links a local ack to an ACK! silence that already covers it instead of making another', () => {
    expect(plan({ alarms: [alarm({ ack: { by: 'alice', at: T0 } })], silences: [ackSilence({ id: 'bobs' })] })).toEqual([
      { kind: 'link', alarmId: 'page-api/LowAvailability', silenceId: 'bobs' },
    ]);
  });

  it('expires the held silence once the alarm resolves and Alertmanager holds no copy of it', () => {
    const resolved = alarm({ state: 'resolved', resolvedAt: T0 + MINUTE, ack: { by: 'alice', at: T0, silenceId: 's1' } });
    expect(plan({ alarms: [resolved], silences: [ackSilence()] })).toEqual([{ kind: 'expire', alarmId: 'page-api/LowAvailability', silenceId: 's1' }]);
  });

  it('keeps a resolved alarm\'s silence while Alertmanager still lists a firing copy of it (Prometheus\' own)', () => {
    const resolved = alarm({ state: 'resolved', resolvedAt: T0 + MINUTE, ack: { by: 'alice', at: T0, silenceId: 's1' } });
    expect(plan({ alarms: [resolved], silences: [ackSilence()], stillAlerting: (a) => a.id === 'page-api/LowAvailability' })).toEqual([]);
  });

  it('keeps a resolved alarm\'s silence while it still covers another alarm that fires', () => {
    const team = ackSilence({ matchers: [{ name: 'team', value: 'mwi', isRegex: false, isEqual: true }] });
    const resolved = alarm({ state: 'resolved', ack: { by: 'alice', at: T0, silenceId: 's1' } });
    const firing = alarm({ id: 'search-api/LowAvailability', apiId: 'search-api', ack: { by: 'alice', at: T0, silenceId: 's1' } });
    expect(plan({ alarms: [resolved, firing], silences: [team] })).toEqual([]);
  });
});
