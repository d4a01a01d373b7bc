import { describe, expect, it } from 'vitest';
import type { Alarm, Mute } from '../../source/core/alarm.js';
import type { AlarmIntent } from '../../source/state/alarm-view.js';
import { createFleetStore } from '../../source/state/store.js';
import { configFrom, high5xxAlarm, MINUTE } from '../alerts/fixtures.js';

const NOW = Date.parse('2026-01-01T12:00:01Z');
const START = NOW - 20 * MINUTE;
const config = configFrom(`
teams:
  ctt: { name: Content Transform }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, for: 1m, severity: critical }
  - { name: HighLatency, metric: latency_p95, above: 800ms, for: 1m, severity: critical }
apis:
  feed: { name: "Wikimedia REST - feed availability", owner: ctt, url: "http://127.0.0.1:1/0" }
  html: { name: "Wikimedia REST - page html", owner: ctt, url: "http://127.0.0.1:1/1" }
`);

const alarm = (apiId: string, rule = 'High5xx', fields: Partial<Alarm> = {}): Alarm => high5xxAlarm(apiId, 'ctt', START, { rule, ...fields });

const mute = (id: string, scope: Mute['scope']): Mute => ({ id, scope, createdAt: START, until: NOW + 3_600_000, by: 'bob', reason: 'deploy' });

function fleet() {
  const intents: AlarmIntent[] = [];
  const store = createFleetStore(config, { now: START, dispatch: (intent) => intents.push(intent) });
  return { store, intents, actions: store.getState().actions, notice: () => store.getState().ui.notice };
}

describe('u on a row', () => {
  it('lifts a mute of the selected API and names it', () => {
    const { actions, intents, notice } = fleet();
    const apiMute = mute('m-api', { kind: 'api', apiId: 'feed' });
    actions.applyAlarms([{ alarm: alarm('feed'), mute: apiMute }], [apiMute]);
    actions.selectApi('feed');
    actions.unmuteSelected();
    expect(intents).toEqual([{ type: 'unmute', muteIds: ['m-api'] }]);
    expect(notice()).toMatch(/^Unmuted api feed/);
  });

  it('does not lift a mute of the whole team from one row: it names it and where to lift it', () => {
    const { actions, intents, notice } = fleet();
    const teamMute = mute('m-team', { kind: 'team', team: 'ctt' });
    actions.applyAlarms([{ alarm: alarm('feed'), mute: teamMute }], [teamMute]);
    actions.selectApi('html');
    actions.unmuteSelected();
    expect(intents).toEqual([]);
    expect(notice()).toMatch(/^Still muted by team ctt \(bob\): lift it in the mutes view \(M\)\.$/);
  });
});

describe('U on an alarm', () => {
  it('does not withdraw a colleague\'s ACK! silence that acknowledges other alarms too', () => {
    const { actions, intents, notice } = fleet();
    const ack = { by: 'bob', at: START, silenceId: 's-team' };
    actions.applyAlarms([{ alarm: alarm('feed', 'High5xx', { ack }) }, { alarm: alarm('html', 'High5xx', { ack }) }], []);
    actions.selectApi('feed');
    actions.unacknowledgeSelected();
    expect(intents).toEqual([]);
    expect(notice()).toMatch(/bob's ACK! silence acknowledges 2 alarms, not only this one/);
  });

  it('withdraws an acknowledgement of the selection alone, naming it', () => {
    const { actions, intents, notice } = fleet();
    actions.applyAlarms([{ alarm: alarm('feed', 'High5xx', { ack: { by: 'alice', at: START, silenceId: 's-1' } }) }], []);
    actions.selectApi('feed');
    actions.unacknowledgeSelected();
    expect(intents).toEqual([{ type: 'unacknowledge', alarmIds: ['feed/High5xx'] }]);
    expect(notice()).toBe('Acknowledgement withdrawn: High5xx on feed.');
  });
});

describe('the acknowledge dialog', () => {
  it('names the API and each rule it acknowledges', () => {
    const { store, actions } = fleet();
    actions.applyAlarms([{ alarm: alarm('feed') }, { alarm: alarm('feed', 'HighLatency') }], []);
    actions.selectApi('feed');
    actions.beginAcknowledge();
    expect(store.getState().ui.prompt?.title).toBe('Acknowledge 2 alarms on feed: High5xx, HighLatency');
  });

  it('acknowledges nothing, and says so, when its alarm resolved while it was open', () => {
    const { actions, intents, notice } = fleet();
    actions.applyAlarms([{ alarm: alarm('feed') }], []);
    actions.selectApi('feed');
    actions.beginAcknowledge();
    actions.applyAlarms([{ alarm: alarm('feed', 'High5xx', { state: 'resolved', resolvedAt: NOW }) }], []);
    actions.promptConfirm();
    expect(intents).toEqual([]);
    expect(notice()).toMatch(/^Nothing acknowledged/);
  });

  it('does not acknowledge a new firing of the same rule that started while it was open', () => {
    const { actions, intents, notice } = fleet();
    actions.applyAlarms([{ alarm: alarm('feed') }], []);
    actions.selectApi('feed');
    actions.beginAcknowledge();
    actions.applyAlarms([{ alarm: alarm('feed', 'High5xx', { startedAt: NOW, since: NOW, firingAt: NOW }) }], []);
    actions.promptConfirm();
    expect(intents).toEqual([]);
    expect(notice()).toMatch(/^Nothing acknowledged/);
  });

  it('acknowledges the alarms still firing and counts the ones that are not', () => {
    const { actions, intents, notice } = fleet();
    actions.applyAlarms([{ alarm: alarm('feed') }, { alarm: alarm('feed', 'HighLatency') }], []);
    actions.selectApi('feed');
    actions.beginAcknowledge();
    actions.applyAlarms([{ alarm: alarm('feed') }, { alarm: alarm('feed', 'HighLatency', { state: 'resolved', resolvedAt: NOW }) }], []);
    actions.promptConfirm();
    expect(intents).toEqual([{ type: 'acknowledge', alarmIds: ['feed/High5xx'], note: undefined }]);
    expect(notice()).toBe('Acknowledged feed/High5xx; 1 other resolved or acknowledged meanwhile.');
  });
});
