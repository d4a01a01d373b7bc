import { createStore } from 'zustand/vanilla';

import type { Config } from '../config/types.js';

import type { MetricSummary } from '../metrics/summary.js';
import { createAlarmActions } from './alarm-actions.js';
import type { AlarmIntent, AlarmView } from './alarm-view.js';
import type { Mute } from '../core/alarm.js';
import type { FleetState, FleetStore } from './fleet-state.js';
import { fleetHealth, updateFleetHealth } from './fleet-health.js';
import { keepOrder, orderAlarms } from './alarm-order.js';
import { createRowsSelector, selectedRowIndex } from './selectors.js';
import { INITIAL_UI, SORTS, type UiState } from './ui-state.js';
import { UNASSIGNED } from '../core/labels.js';

/** How many delivery records the notifications view keeps. */
const RECENT_DELIVERIES = 200;
/** How many alarm log entries the alarm detail's timelines draw from. */
const RECENT_LOG = 1_000;

/** The team picker's entries: all teams, each team, and the Unassigned group. */
export function teamChoices(config: Config): { id: string | undefined; label: string }[] {
  return [
    { id: undefined, label: 'All teams' },
    ...config.teams.map((t) => ({ id: t.id, label: `${t.name} (${t.id})` })),
    { id: UNASSIGNED.id, label: UNASSIGNED.name },
  ];
}

export interface FleetStoreOptions {
  team?: string | undefined;
  now?: number;
  /** Where acknowledge/mute requests go: the engine, which owns the alarm tracker. */
  dispatch?: (intent: AlarmIntent) => void;
}

export function createFleetStore(config: Config, options: FleetStoreOptions = {}): FleetStore {
  const rows = createRowsSelector();
  const metrics: Record<string, MetricSummary> = {};
  const apisById = new Map(config.apis.map((api) => [api.id, api]));
  return createStore<FleetState>()((set, get) => {
    const ui = (patch: Partial<UiState>): void => set((s) => ({ ui: { ...s.ui, ...patch } }));
    /** Puts the selection on row `index` of the current rows (clamped), by its API's id. */
    const selectRow = (index: number): Partial<UiState> => {
      const { apis } = rows(get());
      const cursor = Math.max(0, Math.min(apis.length - 1, index));
      return { selectedApi: apis[cursor]?.id, cursor };
    };
    /** After the rows change (filter, team): the selection stays on its API, or moves to the nearest row. */
    const reselect = (): void => ui(selectRow(selectedRowIndex(rows(get()), get().ui)));
    return {
      config,
      metrics,
      metricsVersion: 0,
      health: fleetHealth(config, metrics),
      alarms: [],
      mutes: [],
      maintenance: [],
      silences: undefined,
      remote: undefined,
      ruleStatus: {},
      notifications: { recent: [], queue: {} },
      alarmLog: [],
      stats: { probesPerSecond: 0, totalProbes: 0, lastUpdate: undefined, startedAt: options.now ?? Date.now() },
      warnings: [],
      offlineSince: undefined,
      ui: { ...INITIAL_UI, team: options.team },
      selectRows: rows,
      actions: {
        ...createAlarmActions(get, ui, (intent) => options.dispatch?.(intent)),
        // Until someone moves the cursor it stays on the top row: the API first at the first flush is not one anyone chose.
        applyMetrics: (updates, stats) =>
          set((s) => {
            Object.assign(metrics, updates);
            return { metricsVersion: s.metricsVersion + 1, health: updateFleetHealth(s.health, apisById, updates), stats };
          }),
        recordDelivery: (record, queue) =>
          set((s) => ({ notifications: { recent: [...s.notifications.recent.slice(-(RECENT_DELIVERIES - 1)), record], queue } })),
        applyRuleStatus: (ruleStatus) => set({ ruleStatus }),
        applyMaintenance: (maintenance) => set({ maintenance }),
        recordAlarmLog: (entries) => set((s) => ({ alarmLog: [...s.alarmLog, ...entries].slice(-RECENT_LOG) })),
        applyAlarms: (views, mutes, silences) =>
          set((s) => {
            const alarms = s.ui.paused ? keepOrder(s.alarms, views) : orderAlarms(views);
            return { alarms, mutes, silences, ui: { ...s.ui, ...followSelection(s.ui, alarms, mutes) } };
          }),
        applyRemote: (remote) => set({ remote }),
        applyVantages: (vantages) => set({ vantages }),
        applyOffline: (offlineSince) => set({ offlineSince }),
        addWarning: (text) => set((s) => (s.warnings.includes(text) ? s : { warnings: [...s.warnings, text] })),
        moveCursor: (delta) => ui(selectRow(selectedRowIndex(rows(get()), get().ui) + delta)),
        cursorTo: (position) => ui(selectRow(position === 'first' ? 0 : Number.MAX_SAFE_INTEGER)),
        selectApi: (apiId) => {
          const index = rows(get()).apis.findIndex((api) => api.id === apiId);
          if (index >= 0) ui({ selectedApi: apiId, cursor: index });
        },
        openView: (view) => {
          const current = get().ui;
          if (current.view === view) return;
          // A list opens on its first row: what `A` then `a` acts on is the top alarm.
          const opening: Partial<UiState> =
            view === 'alarms' ? { selectedAlarm: get().alarms[0]?.alarm.id, alarmCursor: 0 } : view === 'mutes' ? { selectedMute: get().mutes[0]?.id, muteCursor: 0 } : {};
          ui({ ...opening, view, back: [...current.back, current.view] });
        },
        closeView: () => {
          const { back } = get().ui;
          ui({ view: back.at(-1) ?? 'dashboard', back: back.slice(0, -1) });
        },
        startFilter: () => ui({ filterDraft: '' }),
        typeFilter: (text) => {
          ui({ filterDraft: text });
          reselect();
        },
        commitFilter: () => ui({ filterText: get().ui.filterDraft ?? get().ui.filterText, filterDraft: undefined }),
        clearFilter: () => {
          ui({ filterText: '', filterDraft: undefined });
          reselect();
        },
        cycleSort: () => ui({ sort: SORTS[(SORTS.indexOf(get().ui.sort) + 1) % SORTS.length]! }),
        togglePause: () =>
          set((s) => {
            const paused = !s.ui.paused;
            const alarms = paused ? s.alarms : orderAlarms(s.alarms);
            return { alarms, ui: { ...s.ui, paused, ...followSelection(s.ui, alarms, s.mutes) } };
          }),
        toggleSharedScale: () => ui({ sharedScale: !get().ui.sharedScale }),
        setTeam: (team) => {
          ui({ team });
          reselect();
        },
        moveTeamCursor: (delta) => {
          const count = teamChoices(get().config).length;
          ui({ teamCursor: (get().ui.teamCursor + delta + count) % count });
        },
        teamCursorTo: (position) => ui({ teamCursor: position === 'first' ? 0 : teamChoices(get().config).length - 1 }),
        pickTeamAtCursor: () => {
          const choice = teamChoices(get().config)[get().ui.teamCursor];
          ui({ team: choice?.id, view: 'dashboard', back: [] });
          reselect();
        },
      },
    };
  });
}

/**
 * The alarm and the mute under the cursor stay selected through re-sorts; one that is gone hands the
 * selection to the row that took its place.
 */
function followSelection(ui: UiState, alarms: readonly AlarmView[], mutes: readonly Mute[]): Partial<UiState> {
  const alarmCursor = follow(alarms.map((v) => v.alarm.id), ui.selectedAlarm, ui.alarmCursor);
  const muteCursor = follow(mutes.map((m) => m.id), ui.selectedMute, ui.muteCursor);
  return { alarmCursor, selectedAlarm: alarms[alarmCursor]?.alarm.id, muteCursor, selectedMute: mutes[muteCursor]?.id };
}

function follow(ids: readonly string[], selected: string | undefined, hint: number): number {
  const at = selected === undefined ? -1 : ids.indexOf(selected);
  return at >= 0 ? at : Math.max(0, Math.min(hint, ids.length - 1));
}
