import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import type { AlarmView } from '../../source/state/alarm-view.js';
import { openPreferences } from '../../source/state/preferences.js';
import { UNASSIGNED } from '../../source/core/labels.js';
import { teamChoices } from '../../source/state/store.js';
import { FLEET, fleetStore } from '../helpers/fleet.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('store actions', () => {
  it('keeps the cursor on a row: it stops at the first and the last', () => {
    const store = fleetStore();
    const { actions } = store.getState();
    actions.moveCursor(-3);
    expect(store.getState().ui.cursor).toBe(0);
    actions.moveCursor(100);
    expect(store.getState().ui.cursor).toBe(5);
    actions.cursorTo('first');
    expect(store.getState().ui.cursor).toBe(0);
    actions.cursorTo('last');
    expect(store.getState().ui.cursor).toBe(5);
  });

  it('applies the filter live while typing, keeps it on commit, drops it on clear', () => {
    const store = fleetStore();
    const { actions } = store.getState();
    const visible = () => store.getState().selectRows(store.getState()).apis.map((a) => a.id);
    actions.startFilter();
    actions.typeFilter('summ');
    expect(visible()).toEqual(['rest-summary']);
    actions.commitFilter();
    expect(store.getState().ui).toMatchObject({ filterText: 'summ', filterDraft: undefined });
    expect(visible()).toEqual(['rest-summary']);
    actions.clearFilter();
    expect(visible()).toHaveLength(6);
  });

  it('cycles the sort through health, latency, 5xx, name and back', () => {
    const store = fleetStore();
    const seen = [store.getState().ui.sort];
    for (let i = 0; i < 4; i++) {
      store.getState().actions.cycleSort();
      seen.push(store.getState().ui.sort);
    }
    expect(seen).toEqual(['health', 'latency', '5xx', 'name', 'health']);
  });

  it('offers all teams, each team and Unassigned in the team picker, wrapping around', () => {
    expect(teamChoices(FLEET).map((c) => c.label)).toEqual([
      'All teams',
      'MediaWiki Interfaces (mwi)',
      'Content Transform Team (ctt)',
      'Unassigned',
    ]);
    const store = fleetStore();
    const { actions } = store.getState();
    actions.openView('teams');
    actions.moveTeamCursor(-1);
    actions.pickTeamAtCursor();
    expect(store.getState().ui).toMatchObject({ team: UNASSIGNED.id, view: 'dashboard', cursor: 0 });
  });

  it('merges metric updates into what is already known', () => {
    const store = fleetStore();
    const before = store.getState().metrics;
    store.getState().actions.applyMetrics({ portal: { ...before.portal!, samples: 99 } }, store.getState().stats);
    expect(store.getState().metrics.portal!.samples).toBe(99);
    expect(store.getState().metrics['mw-page']).toBe(before['mw-page']);
  });

  it('keeps the alarms cursor on the same alarm when the list re-sorts', () => {
    const store = fleetStore();
    const view = (id: string, severity: Alarm['severity']): AlarmView => ({
      alarm: { id, apiId: id.split('/')[0]!, team: undefined, rule: 'R', metric: 'error_rate', severity, state: 'firing', comparison: 'above', value: 1, threshold: 0.5, since: 0, startedAt: 0, transitions: [], flapping: false, escalationLevel: 0, summary: '' },
    });
    const { actions } = store.getState();
    actions.applyAlarms([view('a/R', 'critical'), view('b/R', 'warning')], []);
    actions.moveAlarmCursor(1);
    actions.applyAlarms([view('c/R', 'page'), view('a/R', 'critical'), view('b/R', 'warning')], []);
    expect(store.getState().alarms[store.getState().ui.alarmCursor]!.alarm.id).toBe('b/R');
  });

  it('shows a warning once however often it is added', () => {
    const store = fleetStore();
    store.getState().actions.addWarning('no contact');
    store.getState().actions.addWarning('no contact');
    expect(store.getState().warnings).toEqual(['no contact']);
  });
});

describe('preferences', () => {
  const makeDir = useTempDir('api-health-prefs-');

  it('remembers the team per config in the directory it is given', () => {
    const dir = makeDir();
    openPreferences({ API_HEALTH_PREFERENCES_DIR: dir }).setTeam('/etc/fleet.yaml', 'ctt');
    const again = openPreferences({ API_HEALTH_PREFERENCES_DIR: dir });
    expect(again.team('/etc/fleet.yaml')).toBe('ctt');
    expect(again.team('/other.yaml')).toBeUndefined();
    again.setTeam('/etc/fleet.yaml', undefined);
    expect(openPreferences({ API_HEALTH_PREFERENCES_DIR: dir }).team('/etc/fleet.yaml')).toBeUndefined();
  });
});
