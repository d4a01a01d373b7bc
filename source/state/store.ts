import { createStore } from 'zustand/vanilla';

import type { Config } from '../config/types.js';

import type { MetricSummary } from '../metrics/summary.js';
import { createAlarmActions, selectedApi } from './alarm-actions.js';
import type { AlarmIntent, AlarmView } from './alarm-view.js';
import type { Mute } from '../core/alarm.js';
import type { FleetState, FleetStore } from './fleet-state.js';
import type { ChartRange } from '../core/chart-range.js';
import { fleetHealth, holdFailing, updateFleetHealth } from './fleet-health.js';
import { keepOrder, orderAlarms } from './alarm-order.js';
import { createRowsSelector, selectedRowIndex } from './selectors.js';
import { filterAlarms, filterDeliveries, filterMutes, filterNeedle, memoized } from './list-filter.js';
import { messageEntries, type MessageEntry } from './notification-list.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
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
  /** Where the detail's "chart this range of this API" goes: the history loader, which answers with applyChart. */
  onChartWanted?: (apiId: string, range: ChartRange) => void;
}

export function createFleetStore(config: Config, options: FleetStoreOptions = {}): FleetStore {
  const rows = createRowsSelector();
  const filteredAlarms = memoized(filterAlarms);
  const filteredMutes = memoized(filterMutes);
  const alarmsShown = (state: FleetState): readonly AlarmView[] => filteredAlarms(state.alarms, state.config, filterNeedle(state.ui));
  const mutesShown = (state: FleetState): readonly Mute[] => filteredMutes(state.mutes, filterNeedle(state.ui));
  const filteredMessages = memoized((records: readonly DeliveryRecord[], needle: string) => messageEntries(filterDeliveries(records, needle)));
  const messagesShown = (state: FleetState): readonly MessageEntry[] => filteredMessages(state.notifications.recent, filterNeedle(state.ui));
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
    /**
     * After the filter or the team changes: every list keeps its selected entry when it is still shown, and
     * otherwise starts again from its first row (not from where the cursor was in a different list).
     */
    const reselect = (): void => {
      const state = get();
      const at = rows(state).apis.findIndex((api) => api.id === state.ui.selectedApi);
      const messages = messagesShown(state);
      const message = Math.max(0, messages.findIndex((m) => m.key === state.ui.selectedMessage));
      ui({
        ...selectRow(Math.max(0, at)),
        ...followSelection({ ...state.ui, alarmCursor: 0, muteCursor: 0 }, alarmsShown(state), mutesShown(state)),
        messageCursor: message,
        selectedMessage: messages[message]?.key,
      });
    };
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
      chart: undefined,
      offlineSince: undefined,
      ui: { ...INITIAL_UI, team: options.team },
      selectRows: rows,
      selectAlarms: alarmsShown,
      selectMutes: mutesShown,
      selectMessages: messagesShown,
      actions: {
        ...createAlarmActions(get, ui, (intent) => options.dispatch?.(intent)),
        applyMetrics: (updates, stats) => {
          set((s) => {
            Object.assign(metrics, updates);
            return { metricsVersion: s.metricsVersion + 1, health: updateFleetHealth(s.health, apisById, updates), stats };
          });
          // From the first figures on, the selection is an API: rows that reorder as more arrive carry it along.
          if (get().ui.selectedApi === undefined) ui(selectRow(0));
        },
        recordDelivery: (record, queue) =>
          set((s) => ({ notifications: { recent: [...s.notifications.recent.slice(-(RECENT_DELIVERIES - 1)), record], queue } })),
        applyRuleStatus: (ruleStatus) => set({ ruleStatus }),
        applyMaintenance: (maintenance) => set({ maintenance }),
        recordAlarmLog: (entries) => set((s) => ({ alarmLog: [...s.alarmLog, ...entries].slice(-RECENT_LOG) })),
        applyAlarms: (views, mutes, silences) =>
          set((s) => {
            const alarms = s.ui.paused ? keepOrder(s.alarms, views) : orderAlarms(views);
            const firing = new Set(views.filter((v) => v.alarm.state === 'firing').map((v) => v.alarm.apiId));
            const health = holdFailing(s.health, apisById, metrics, firing);
            const next = { ...s, alarms, mutes };
            return { alarms, mutes, silences, health, ui: { ...s.ui, ...followSelection(s.ui, alarmsShown(next), mutesShown(next)) } };
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
            view === 'alarms'
              ? { selectedAlarm: alarmsShown(get())[0]?.alarm.id, alarmCursor: 0 }
              : view === 'mutes'
                ? { selectedMute: mutesShown(get())[0]?.id, muteCursor: 0 }
                : view === 'help'
                  ? { helpTop: 0 }
                  : view === 'notifications'
                    ? { selectedMessage: messagesShown(get())[0]?.key, messageCursor: 0, openMessage: undefined }
                    : {};
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
            return { alarms, ui: { ...s.ui, paused, ...followSelection(s.ui, alarmsShown({ ...s, alarms }), mutesShown(s)) } };
          }),
        toggleSharedScale: () => ui({ sharedScale: !get().ui.sharedScale }),
        wantChartRange: (range) => {
          // The API the detail shows: the cursor's row also before the first figures have pinned the selection.
          const apiId = selectedApi(get())?.id;
          if (apiId === undefined) return;
          ui({ chartRange: range, selectedApi: apiId });
          options.onChartWanted?.(apiId, range);
        },
        applyChart: (chart) => set({ chart }),
        setTeam: (team) => {
          ui({ team });
          reselect();
        },
        moveTeamCursor: (delta) => {
          const count = teamChoices(get().config).length;
          ui({ teamCursor: (get().ui.teamCursor + delta + count) % count });
        },
        moveMessageCursor: (delta) => {
          const messages = messagesShown(get());
          const current = messages.findIndex((m) => m.key === get().ui.selectedMessage);
          const messageCursor = Math.max(0, Math.min(messages.length - 1, (current >= 0 ? current : get().ui.messageCursor) + delta));
          ui({ messageCursor, selectedMessage: messages[messageCursor]?.key });
        },
        toggleMessage: () => {
          const { ui: now } = get();
          const messages = messagesShown(get());
          const selected = messages.find((m) => m.key === now.selectedMessage) ?? messages[Math.min(now.messageCursor, messages.length - 1)];
          if (!selected) return ui({ notice: 'No message yet.' });
          ui({ selectedMessage: selected.key, openMessage: now.openMessage === selected.key ? undefined : selected.key });
        },
        scrollHelp: (delta) => ui({ helpTop: Math.max(0, Math.min(Number.MAX_SAFE_INTEGER, get().ui.helpTop + delta)) }),
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
 * selection to the row that took its place, except in the alarm detail: it stays on its alarm, gone or not,
 * so no key there acts on an alarm the person did not open.
 */
function followSelection(ui: UiState, alarms: readonly AlarmView[], mutes: readonly Mute[]): Partial<UiState> {
  const alarmCursor = follow(alarms.map((v) => v.alarm.id), ui.selectedAlarm, ui.alarmCursor);
  const muteCursor = follow(mutes.map((m) => m.id), ui.selectedMute, ui.muteCursor);
  const selectedAlarm = ui.view === 'alarm' ? ui.selectedAlarm : alarms[alarmCursor]?.alarm.id;
  return { alarmCursor, selectedAlarm, muteCursor, selectedMute: mutes[muteCursor]?.id };
}

function follow(ids: readonly string[], selected: string | undefined, hint: number): number {
  const at = selected === undefined ? -1 : ids.indexOf(selected);
  return at >= 0 ? at : Math.max(0, Math.min(hint, ids.length - 1));
}
