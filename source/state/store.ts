import { createStore } from 'zustand/vanilla';

import type { Config } from '../config/types.js';

import type { MetricSummary } from '../metrics/summary.js';
import { createAlarmActions } from './alarm-actions.js';
import type { AlarmIntent } from './alarm-view.js';
import type { FleetState, FleetStore } from './fleet-state.js';
import { fleetHealth, updateFleetHealth } from './fleet-health.js';
import { createRowsSelector } from './selectors.js';
import { INITIAL_UI, SORTS, type UiState } from './ui-state.js';
import { UNASSIGNED } from '../core/labels.js';

/** How many delivery records the notifications view keeps. */
const RECENT_DELIVERIES = 200;

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
    const rowCount = (): number => rows(get()).apis.length;
    const clampCursor = (cursor: number): number => Math.max(0, Math.min(rowCount() - 1, cursor));
    return {
      config,
      metrics,
      metricsVersion: 0,
      health: fleetHealth(config, metrics),
      alarms: [],
      mutes: [],
      silences: undefined,
      remote: undefined,
      ruleStatus: {},
      notifications: { recent: [], queue: {} },
      stats: { probesPerSecond: 0, totalProbes: 0, lastUpdate: undefined, startedAt: options.now ?? Date.now() },
      warnings: [],
      ui: { ...INITIAL_UI, team: options.team },
      selectRows: rows,
      actions: {
        ...createAlarmActions(get, ui, (intent) => options.dispatch?.(intent)),
        applyMetrics: (updates, stats) =>
          set((s) => {
            Object.assign(metrics, updates);
            return { metricsVersion: s.metricsVersion + 1, health: updateFleetHealth(s.health, apisById, updates), stats };
          }),
        recordDelivery: (record, queue) =>
          set((s) => ({ notifications: { recent: [...s.notifications.recent.slice(-(RECENT_DELIVERIES - 1)), record], queue } })),
        applyRuleStatus: (ruleStatus) => set({ ruleStatus }),
        applyAlarms: (alarms, mutes, silences) =>
          set((s) => {
            // The list re-sorts as alarms change state: the cursor follows the alarm, not the row number.
            const selected = s.alarms[s.ui.alarmCursor]?.alarm.id;
            const index = alarms.findIndex((v) => v.alarm.id === selected);
            const alarmCursor = index >= 0 ? index : Math.max(0, Math.min(s.ui.alarmCursor, alarms.length - 1));
            return { alarms, mutes, silences, ui: { ...s.ui, alarmCursor } };
          }),
        applyRemote: (remote) => set({ remote }),
        addWarning: (text) => set((s) => (s.warnings.includes(text) ? s : { warnings: [...s.warnings, text] })),
        moveCursor: (delta) => ui({ cursor: clampCursor(get().ui.cursor + delta) }),
        cursorTo: (position) => ui({ cursor: position === 'first' ? 0 : clampCursor(rowCount() - 1) }),
        openView: (view) => ui({ view }),
        closeView: () => ui({ view: 'dashboard' }),
        startFilter: () => ui({ filterDraft: get().ui.filterText }),
        typeFilter: (text) => ui({ filterDraft: text, cursor: 0 }),
        commitFilter: () => ui({ filterText: get().ui.filterDraft ?? get().ui.filterText, filterDraft: undefined }),
        clearFilter: () => ui({ filterText: '', filterDraft: undefined, cursor: 0 }),
        cycleSort: () => ui({ sort: SORTS[(SORTS.indexOf(get().ui.sort) + 1) % SORTS.length]! }),
        setTeam: (team) => ui({ team, cursor: 0 }),
        moveTeamCursor: (delta) => {
          const count = teamChoices(get().config).length;
          ui({ teamCursor: (get().ui.teamCursor + delta + count) % count });
        },
        pickTeamAtCursor: () => {
          const choice = teamChoices(get().config)[get().ui.teamCursor];
          ui({ team: choice?.id, cursor: 0, view: 'dashboard' });
        },
      },
    };
  });
}
