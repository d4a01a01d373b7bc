import { createStore, type StoreApi } from 'zustand/vanilla';

import type { Mute } from '../core/alarm.js';
import type { Config } from '../config/types.js';

import type { MetricSummary } from '../metrics/summary.js';
import { createAlarmActions, type AlarmActions } from './alarm-actions.js';
import type { AlarmIntent, AlarmView, SilencesStatus } from './alarm-view.js';
import { fleetHealth, updateFleetHealth, type FleetHealth } from './fleet-health.js';
import { createRowsSelector, type VisibleRows } from './selectors.js';
import { INITIAL_UI, SORTS, type UiState, type View } from './ui-state.js';
import type { RuleStatusEntry } from '../core/rules.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { ProbeLoad } from '../core/probe-load.js';
import { UNASSIGNED } from '../core/labels.js';

export interface FleetStats {
  /** Probes completed per second over the last few seconds. */
  probesPerSecond: number;
  totalProbes: number;
  /** When the engine last flushed results (epoch ms). */
  lastUpdate: number | undefined;
  startedAt: number;
  /** Turns due, skipped and late over the last minute; undefined before the engine's first flush. */
  load?: ProbeLoad | undefined;
}

export interface FleetState {
  config: Config;
  /**
   * Each API's latest window summary. Updated in place, because copying a 20,000-entry record on each of
   * four flushes a second cost more than drawing the frame: subscribe to `metricsVersion`, read this.
   */
  metrics: Readonly<Record<string, MetricSummary>>;
  /** Grows by one with every flush. */
  metricsVersion: number;
  /** Each API's health and the fleet's counts, kept by the flushes; a new object only when a health changes. */
  health: FleetHealth;
  stats: FleetStats;
  /** Pending, firing and recently resolved alarms, in the alarms view's order. */
  alarms: AlarmView[];
  /** Mutes not yet expired. */
  mutes: Mute[];
  /** Alertmanager's silences over our alarms; undefined when no Alertmanager channel is configured. */
  silences: SilencesStatus | undefined;
  /** Per API, each rule's standing: ok, insufficient data (too few samples to judge), pending or firing. */
  ruleStatus: Record<string, RuleStatusEntry[]>;
  /** The notifier's recent attempts, deliveries and failures (newest last) and what waits per channel. */
  notifications: { recent: DeliveryRecord[]; queue: Record<string, number> };
  /** Non-fatal problems to show once: e.g. probing someone's production without a contact in the User-Agent. */
  warnings: string[];
  ui: UiState;
  actions: FleetActions;
  /** The filtered, grouped, sorted rows; cached per store so the UI and the actions share one computation. */
  selectRows: (state: FleetState) => VisibleRows;
}

export interface FleetActions extends AlarmActions {
  applyMetrics(updates: Record<string, MetricSummary>, stats: FleetStats): void;
  applyAlarms(alarms: AlarmView[], mutes: Mute[], silences?: SilencesStatus | undefined): void;
  applyRuleStatus(ruleStatus: Record<string, RuleStatusEntry[]>): void;
  recordDelivery(record: DeliveryRecord, queue: Record<string, number>): void;
  addWarning(text: string): void;
  moveCursor(delta: number): void;
  cursorTo(position: 'first' | 'last'): void;
  openView(view: View): void;
  closeView(): void;
  startFilter(): void;
  typeFilter(text: string): void;
  commitFilter(): void;
  clearFilter(): void;
  cycleSort(): void;
  setTeam(team: string | undefined): void;
  moveTeamCursor(delta: number): void;
  pickTeamAtCursor(): void;
}

export type FleetStore = StoreApi<FleetState>;

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
  /** Where acknowledge/mute requests go: the engine, which owns the alarm book. */
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
