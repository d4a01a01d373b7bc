import { describe, expect, it } from 'vitest';
import { alarmsFromAlerts, type RemoteAlert } from '../../source/alertmanager/remote-alarms.js';
import type { Silence } from '../../source/alertmanager/silence-model.js';
import { configFrom, T0 } from '../alerts/fixtures.js';

const config = configFrom();
const at = (ms: number) => new Date(ms).toISOString();
const alert = (labels: Record<string, string>, fields: Partial<RemoteAlert> = {}): RemoteAlert => ({ labels, annotations: {}, startsAt: at(T0), ...fields });
const equal = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });

describe('alarmsFromAlerts: Alertmanager\'s alerts as the team\'s alarms', () => {
  it('makes an alert naming a configured API that API\'s firing alarm, its rule from the alertname, its team the API\'s owner', () => {
    const { alarms, others } = alarmsFromAlerts(
      [alert({ alertname: 'LowAvailability', api: 'page-api', team: 'mwi', severity: 'page' }, { annotations: { summary: 'availability 50% below 99%' } })],
      config,
      [],
    );
    expect(others).toEqual([]);
    expect(alarms).toEqual([
      expect.objectContaining({
        id: 'page-api/LowAvailability',
        apiId: 'page-api',
        team: 'mwi',
        rule: 'LowAvailability',
        metric: 'availability',
        severity: 'page',
        state: 'firing',
        threshold: 0.99,
        firingAt: T0,
        summary: 'availability 50% below 99%',
      }),
    ]);
    expect(alarms[0]!.ack).toBeUndefined();
  });

  it('shows an alarm covered by an ACK! silence as acknowledged by its author with the note', () => {
    const ack: Silence = { id: 'a1', matchers: [equal('api', 'page-api'), equal('alertname', 'LowAvailability')], startsAt: T0 + 5, endsAt: T0 + 60_000, createdBy: 'alice', comment: 'ACK! on it', state: 'active' };
    const { alarms } = alarmsFromAlerts([alert({ alertname: 'LowAvailability', api: 'page-api', team: 'mwi', severity: 'page' })], config, [ack]);
    expect(alarms[0]!.ack).toEqual({ by: 'alice', at: T0 + 5, note: 'on it', silenceId: 'a1' });
  });

  it('reads whether an ACK! silence covers an alert from the alert\'s own labels, not from what the config would give it', () => {
    // Posted while another team owned the API, with a severity name Alertmanager's rules use: an ACK! over those covers it.
    const labels = { alertname: 'LowAvailability', api: 'page-api', team: 'ctt', severity: 'error' };
    const theirs: Silence = { id: 'a2', matchers: [equal('team', 'ctt'), equal('severity', 'error'), equal('alertname', 'LowAvailability')], startsAt: T0, endsAt: T0 + 60_000, createdBy: 'bob', comment: 'ACK!', state: 'active' };
    expect(alarmsFromAlerts([alert(labels)], config, [theirs]).alarms[0]!.ack).toMatchObject({ by: 'bob', silenceId: 'a2' });
    const ours: Silence = { ...theirs, id: 'a3', matchers: [equal('team', 'mwi'), equal('alertname', 'LowAvailability')] };
    expect(alarmsFromAlerts([alert(labels)], config, [ours]).alarms[0]!.ack).toBeUndefined();
  });

  it('does not take a mute silence for an acknowledgement', () => {
    const mute: Silence = { id: 'm1', matchers: [equal('api', 'page-api')], startsAt: T0, endsAt: T0 + 60_000, createdBy: 'bob', comment: 'deploy', state: 'active' };
    expect(alarmsFromAlerts([alert({ alertname: 'LowAvailability', api: 'page-api', team: 'mwi' })], config, [mute]).alarms[0]!.ack).toBeUndefined();
  });

  it('keeps one alarm when Prometheus\' rule and the monitor\'s post reach Alertmanager with different extra labels', () => {
    const { alarms } = alarmsFromAlerts(
      [
        alert({ alertname: 'LowAvailability', api: 'page-api', team: 'mwi', severity: 'page', job: 'api-health' }, { startsAt: at(T0 + 1_000) }),
        alert({ alertname: 'LowAvailability', api: 'page-api', team: 'mwi', severity: 'page' }),
      ],
      config,
      [],
    );
    expect(alarms.map((a) => [a.id, a.startedAt])).toEqual([['page-api/LowAvailability', T0]]);
  });

  it('lists an alert of a configured team that names no configured API as one of that team\'s other alerts', () => {
    const { alarms, others } = alarmsFromAlerts(
      [alert({ alertname: 'NodeDiskFull', team: 'ctt', severity: 'critical', instance: 'db1:9100' }, { annotations: { summary: 'disk 95% full' } })],
      config,
      [],
    );
    expect(alarms).toEqual([]);
    expect(others).toEqual([{ team: 'ctt', alertname: 'NodeDiskFull', severity: 'critical', summary: 'disk 95% full', since: T0, labels: 'instance=db1:9100' }]);
  });

  it('leaves out alerts of teams the config does not have', () => {
    expect(alarmsFromAlerts([alert({ alertname: 'NodeDiskFull', team: 'search-platform' }), alert({ alertname: 'Watchdog' })], config, [])).toEqual({ alarms: [], others: [] });
  });

  it('reads an unknown severity as warning', () => {
    expect(alarmsFromAlerts([alert({ alertname: 'X', team: 'mwi', severity: 'major' })], config, []).others[0]!.severity).toBe('warning');
  });
});
