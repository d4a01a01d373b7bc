import type { StoreApi } from 'zustand/vanilla';
import type { Config, MaintenanceMatch } from '../config/types.js';
import type { Mute } from '../core/alarm.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import type { RuleStatusEntry } from '../core/rules.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { AlarmView, RemoteStatus, SilencesStatus } from './alarm-view.js';
import type { FleetHealth } from './fleet-health.js';
import type { VisibleRows } from './selectors.js';
import type { MessageEntry } from './notification-list.js';
import type { UiState, View } from './ui-state.js';
import type { ProbeLoad } from '../core/probe-load.js';
import type { VantageStates } from './vantage-view.js';
import type { ChartRange, ChartSeries } from '../core/chart-range.js';

// The store's shape and its actions, apart from the store that implements them, so the action modules need not import the store.

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

/** A maintenance window's occurrence in force now or coming up, as the engine's calendar has it. */
export interface MaintenanceView {
  id: string;
  name: string;
  match: MaintenanceMatch;
  start: number;
  end: number;
  /** `config` for the config's `maintenance:`, `cli` for `api-health maintenance start`. */
  source: 'config' | 'cli';
  reason?: string | undefined;
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
  /** Maintenance windows in force now or starting within the next days, the soonest first. */
  maintenance: MaintenanceView[];
  /** Alertmanager's silences over our alarms; undefined when no Alertmanager channel is configured. */
  silences: SilencesStatus | undefined;
  /** --remote: the team's engines as last read; undefined when this dashboard probes for itself (local). */
  remote: RemoteStatus | undefined;
  /** --remote: what each vantage sees of each API, from the monitors' series in Prometheus; undefined until read. */
  vantages?: VantageStates | undefined;
  /** Per API, each rule's standing: ok, insufficient data (too few samples to judge), pending or firing. */
  ruleStatus: Record<string, RuleStatusEntry[]>;
  /** The alarm log's recent entries (transitions, acks with notes, mutes, escalations), oldest first: the alarm detail's timeline. */
  alarmLog: AlarmLogEntry[];
  /** The notifier's recent attempts, deliveries and failures (newest last) and what waits per channel. */
  notifications: { recent: DeliveryRecord[]; queue: Record<string, number> };
  /** Since when the prober's own network looks down (most APIs failing with network errors); undefined while it works. */
  offlineSince: number | undefined;
  /** The API detail's chart over a stored range (keys 1…6), as last read; undefined while it shows the live probes. */
  chart: ChartSeries | undefined;
  /** Non-fatal problems to show once: e.g. probing someone's production without a contact in the User-Agent. */
  warnings: string[];
  ui: UiState;
  actions: FleetActions;
  /** The filtered, grouped, sorted rows; cached per store so the UI and the actions share one computation. */
  selectRows: (state: FleetState) => VisibleRows;
  /** The alarms the alarms view lists: the filter applied; cached like the rows. */
  selectAlarms: (state: FleetState) => readonly AlarmView[];
  /** The mutes the mutes view lists: the filter applied. */
  selectMutes: (state: FleetState) => readonly Mute[];
  /** The notifications view's messages, newest first: the filter applied. */
  selectMessages: (state: FleetState) => readonly MessageEntry[];
}

export interface AlarmActions {
  moveAlarmCursor(delta: number): void;
  /** Selects the alarm by id (an alarm detail opened from an API's detail). */
  selectAlarm(alarmId: string): void;
  moveMuteCursor(delta: number): void;
  /** `u` in the mutes view: lifts the selected mute. */
  unmuteAtCursor(): void;
  /** `a`: asks for an optional note, then acknowledges the selected firing alarms. */
  beginAcknowledge(): void;
  /** `U`: withdraws the acknowledgement of the selected alarms. */
  unacknowledgeSelected(): void;
  /** `m`: asks for scope, duration and reason, then mutes. */
  beginMute(): void;
  /** `u`: lifts every mute that silences the selection. */
  unmuteSelected(): void;
  promptType(text: string): void;
  promptBackspace(): void;
  promptMove(delta: number): void;
  promptConfirm(): void;
  promptCancel(): void;
  setNotice(text: string | undefined): void;
}

export interface FleetActions extends AlarmActions {
  applyMetrics(updates: Record<string, MetricSummary>, stats: FleetStats): void;
  applyAlarms(alarms: AlarmView[], mutes: Mute[], silences?: SilencesStatus | undefined): void;
  /** The engine's calendar changed (a window began, ended or was added): what the `W` view lists. */
  applyMaintenance(windows: MaintenanceView[]): void;
  applyRuleStatus(ruleStatus: Record<string, RuleStatusEntry[]>): void;
  recordDelivery(record: DeliveryRecord, queue: Record<string, number>): void;
  recordAlarmLog(entries: readonly AlarmLogEntry[]): void;
  addWarning(text: string): void;
  /** The prober went offline (since then) or is online again (undefined). */
  applyOffline(since: number | undefined): void;
  /** --remote: what the team's engines last answered, and the alerts of our teams that are not our alarms. */
  applyRemote(remote: RemoteStatus): void;
  /** --remote: each API's vantages as last read. */
  applyVantages(vantages: VantageStates): void;
  moveCursor(delta: number): void;
  cursorTo(position: 'first' | 'last'): void;
  /** Selects an API's row by id (a mouse click); an API not in the list is ignored. */
  selectApi(apiId: string): void;
  /** `p`: freezes or releases the order of rows and alarms. */
  togglePause(): void;
  /** `g`: one sparkline scale for the screen, or each row's own. */
  toggleSharedScale(): void;
  /** Keys 1…6 in the API detail: the chart over a stored range; the loader answers with applyChart. */
  wantChartRange(range: ChartRange): void;
  /** The stored range the detail's chart asked for, read. */
  applyChart(series: ChartSeries): void;
  teamCursorTo(position: 'first' | 'last'): void;
  /** Scrolls the help by `delta` lines (never above its first line; the view keeps it above the last). */
  scrollHelp(delta: number): void;
  moveMessageCursor(delta: number): void;
  /** Enter in the notifications view: shows the selected message's attempts, or hides them. */
  toggleMessage(): void;
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
