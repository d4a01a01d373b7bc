import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import type { AlarmView } from '../../source/state/alarm-view.js';
import { selectedApi } from '../../source/state/alarm-actions.js';
import { FLEET, fleetStore } from '../helpers/fleet.js';
import { createFleetStore } from '../../source/state/store.js';
import { failing, healthy } from '../helpers/summaries.js';

const stats = { probesPerSecond: 0, totalProbes: 0, lastUpdate: 0, startedAt: 0 };

function alarm(id: string, patch: Partial<Alarm> = {}): Alarm {
  return {
    id, apiId: id.split('/')[0]!, team: undefined, rule: id.split('/')[1] ?? 'R', metric: 'error_rate', severity: 'critical', state: 'firing',
    comparison: 'above', value: 1, threshold: 0.5, since: 0, startedAt: 0, firingAt: 0, transitions: [], flapping: false, escalationLevel: 0, summary: '',
    ...patch,
  };
}

const ids = (views: AlarmView[]): string[] => views.map((v) => v.alarm.id);

describe('the selection follows the API, not the screen row', () => {
  it('stays on its API when another API degrades and moves above it', () => {
    const store = fleetStore();
    store.getState().actions.typeFilter('Wikimedia REST');
    store.getState().actions.commitFilter();
    store.getState().actions.cursorTo('last');
    expect(selectedApi(store.getState())?.id).toBe('rest-summary');
    store.getState().actions.applyMetrics({ 'rest-summary': healthy(), 'rest-html': failing() }, stats);
    store.getState().actions.applyMetrics({ 'rest-summary': failing(), 'rest-html': healthy() }, stats);
    const rows = store.getState().selectRows(store.getState());
    expect(rows.apis[0]!.id).toBe('rest-summary');
    expect(selectedApi(store.getState())?.id).toBe('rest-summary');
  });

  it('moves from where its API now is', () => {
    const store = fleetStore();
    store.getState().actions.typeFilter('Wikimedia REST');
    store.getState().actions.cursorTo('last');
    store.getState().actions.applyMetrics({ 'rest-summary': failing() }, stats);
    store.getState().actions.moveCursor(1);
    expect(selectedApi(store.getState())?.id).toBe('rest-html');
  });

  it('takes the first row when its API leaves the filter', () => {
    const store = fleetStore();
    const apis = () => store.getState().selectRows(store.getState()).apis.map((a) => a.id);
    store.getState().actions.cursorTo('last');
    store.getState().actions.typeFilter('MediaWiki');
    expect(selectedApi(store.getState())?.id).toBe(apis()[0]);
  });

  it.each([
    { change: 'filter', act: (s: ReturnType<typeof fleetStore>) => s.getState().actions.typeFilter('REST') },
    { change: 'team', act: (s: ReturnType<typeof fleetStore>) => s.getState().actions.setTeam('mwi') },
  ])('stays on its API through a $change change when the API is still shown', ({ act }) => {
    const store = fleetStore();
    store.getState().actions.selectApi('mw-page');
    act(store);
    expect(selectedApi(store.getState())?.id).toBe('mw-page');
  });

  it('takes the first row after a team change that hides its API', () => {
    const store = fleetStore();
    store.getState().actions.selectApi('portal');
    store.getState().actions.setTeam('ctt');
    expect(selectedApi(store.getState())?.id).toBe(store.getState().selectRows(store.getState()).apis[0]!.id);
  });

  it('follows its API from the first figures on, before any key', () => {
    const store = createFleetStore(FLEET, { now: 0 });
    store.getState().actions.applyMetrics({ 'rest-summary': healthy() }, stats);
    const first = selectedApi(store.getState())!.id;
    store.getState().actions.applyMetrics({ 'mw-search': failing() }, stats);
    expect(store.getState().selectRows(store.getState()).apis[0]!.id).toBe('mw-search');
    expect(selectedApi(store.getState())?.id).toBe(first);
  });

  it('while paused, counts each group as its rows now are', () => {
    const store = fleetStore();
    store.getState().actions.togglePause();
    store.getState().actions.applyMetrics({ 'mw-search': healthy(), 'rest-summary': failing() }, stats);
    const groups = store.getState().selectRows(store.getState()).lines.flatMap((l) => (l.kind === 'group' ? [[l.team?.id, l.failing]] : []));
    expect(Object.fromEntries(groups)).toMatchObject({ mwi: 0, ctt: 1 });
    expect(store.getState().health.counts.failing).toBe(1);
  });

  it('keeps the order while paused, and sorts again when resumed', () => {
    const store = fleetStore();
    store.getState().actions.typeFilter('Wikimedia REST');
    const before = store.getState().selectRows(store.getState()).apis.map((a) => a.id);
    store.getState().actions.togglePause();
    expect(store.getState().ui.paused).toBe(true);
    store.getState().actions.applyMetrics({ [before[1]!]: failing() }, stats);
    expect(store.getState().selectRows(store.getState()).apis.map((a) => a.id)).toEqual(before);
    store.getState().actions.togglePause();
    expect(store.getState().selectRows(store.getState()).apis[0]!.id).toBe(before[1]);
  });
});

describe('the alarms view order and its selection', () => {
  it('lists firing unacknowledged by severity, then pending, acknowledged, muted, resolved', () => {
    const store = fleetStore();
    const mute = { id: 'm1', scope: { kind: 'api' as const, apiId: 'c' }, createdAt: 0, until: 1, by: 'bob' };
    store.getState().actions.applyAlarms(
      [
        { alarm: alarm('r/R', { state: 'resolved', flapping: true, severity: 'page' }) },
        { alarm: alarm('c/R'), mute },
        { alarm: alarm('a/R', { ack: { by: 'alice', at: 0 }, severity: 'page' }) },
        { alarm: alarm('p/R', { state: 'pending', severity: 'page' }) },
        { alarm: alarm('w/R', { severity: 'warning' }) },
        { alarm: alarm('x/R', { severity: 'critical', firingAt: 5 }) },
        { alarm: alarm('y/R', { severity: 'critical', firingAt: 1 }) },
      ],
      [mute],
    );
    expect(ids(store.getState().alarms)).toEqual(['y/R', 'x/R', 'w/R', 'p/R', 'a/R', 'c/R', 'r/R']);
  });

  it('opens on the first row, whatever was selected before', () => {
    const store = fleetStore();
    store.getState().actions.applyAlarms([{ alarm: alarm('a/R') }, { alarm: alarm('b/R', { severity: 'warning' }) }], []);
    store.getState().actions.openView('alarms');
    store.getState().actions.moveAlarmCursor(1);
    store.getState().actions.closeView();
    store.getState().actions.openView('alarms');
    expect(store.getState().ui.selectedAlarm).toBe('a/R');
  });

  it('keeps the selected alarm when a new one sorts above it', () => {
    const store = fleetStore();
    store.getState().actions.applyAlarms([{ alarm: alarm('a/R') }, { alarm: alarm('b/R', { severity: 'warning' }) }], []);
    store.getState().actions.openView('alarms');
    store.getState().actions.moveAlarmCursor(1);
    store.getState().actions.applyAlarms([{ alarm: alarm('a/R') }, { alarm: alarm('b/R', { severity: 'warning' }) }, { alarm: alarm('c/R', { severity: 'page' }) }], []);
    expect(store.getState().ui.selectedAlarm).toBe('b/R');
    expect(store.getState().alarms[store.getState().ui.alarmCursor]!.alarm.id).toBe('b/R');
  });

  it('keeps the alarms in place while paused; a new alarm joins at the end', () => {
    const store = fleetStore();
    store.getState().actions.applyAlarms([{ alarm: alarm('a/R') }, { alarm: alarm('b/R', { severity: 'warning' }) }], []);
    store.getState().actions.togglePause();
    store.getState().actions.applyAlarms([{ alarm: alarm('a/R', { ack: { by: 'alice', at: 0 } }) }, { alarm: alarm('b/R', { severity: 'warning' }) }, { alarm: alarm('c/R', { severity: 'page' }) }], []);
    expect(ids(store.getState().alarms)).toEqual(['a/R', 'b/R', 'c/R']);
    store.getState().actions.togglePause();
    expect(ids(store.getState().alarms)).toEqual(['c/R', 'b/R', 'a/R']);
  });
});
