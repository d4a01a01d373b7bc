import { parseDuration } from '../core/duration.js';
import { describeScope, scopeCovers } from '../alerts/mutes.js';
import type { MuteScope } from '../core/alarm.js';
import type { ApiConfig } from '../config/types.js';
import { MUTE_PRESETS, type AlarmIntent, type AlarmView, type Prompt } from './alarm-view.js';
import type { AlarmActions, FleetState } from './fleet-state.js';
import type { UiState } from './ui-state.js';
import { selectedAlarmIndex, selectedRowIndex } from './selectors.js';

/** The alarms the keys act on: the selected alarm in the alarms view, or the selected API's alarms. */
export function selectedAlarms(state: FleetState): AlarmView[] {
  if (state.ui.view === 'alarms' || state.ui.view === 'alarm') {
    const view = selectedAlarmView(state);
    return view ? [view] : [];
  }
  const api = selectedApi(state);
  return api ? state.alarms.filter((v) => v.alarm.apiId === api.id && v.alarm.state !== 'resolved') : [];
}

/**
 * In the alarm detail, the alarm it opened on, by id, or none once it is gone: never another alarm that took its
 * place, whatever the list's filter or order. In the alarms view, the alarm under the cursor.
 */
export function selectedAlarmView(state: FleetState): AlarmView | undefined {
  if (state.ui.view === 'alarm') return state.alarms.find((v) => v.alarm.id === state.ui.selectedAlarm);
  const shown = state.selectAlarms(state);
  return shown[selectedAlarmIndex(shown, state.ui)];
}

export function selectedApi(state: FleetState): ApiConfig | undefined {
  if (state.ui.view === 'alarms' || state.ui.view === 'alarm') {
    const view = selectedAlarmView(state);
    return view ? state.config.apis.find((a) => a.id === view.alarm.apiId) : undefined;
  }
  const rows = state.selectRows(state);
  return rows.apis[selectedRowIndex(rows, state.ui)];
}

function muteScopes(state: FleetState): { label: string; scope: MuteScope; covers: number }[] {
  const api = selectedApi(state);
  if (!api) return [];
  const alarms = selectedAlarms(state);
  const scopes: { label: string; scope: MuteScope }[] = [];
  if (alarms.length === 1) {
    scopes.push({ label: `this alarm (${alarms[0]!.alarm.rule} on ${api.name})`, scope: { kind: 'alarm', alarmId: alarms[0]!.alarm.id } });
  }
  scopes.push({ label: `this API (${api.name})`, scope: { kind: 'api', apiId: api.id } });
  if (api.owner) {
    const team = state.config.teams.find((t) => t.id === api.owner);
    scopes.push({ label: `the whole team (${team?.name ?? api.owner})`, scope: { kind: 'team', team: api.owner } });
  }
  for (const view of alarms) {
    const rule = view.alarm.rule;
    if (!scopes.some((s) => s.scope.kind === 'rule' && s.scope.rule === rule)) {
      scopes.push({ label: `rule ${rule} everywhere`, scope: { kind: 'rule', rule } });
    }
  }
  const active = state.alarms.filter((v) => v.alarm.state !== 'resolved').map((v) => v.alarm);
  return scopes.map((s) => ({ ...s, covers: active.filter((alarm) => scopeCovers(s.scope, alarm)).length }));
}

/** The tracker's own scope test, over the selected alarms and the selected API itself (which may have none). */
function appliesTo(scope: MuteScope, api: ApiConfig | undefined, alarms: AlarmView[]): boolean {
  const targets = alarms.map((v) => v.alarm);
  return targets.some((alarm) => scopeCovers(scope, alarm)) || (api !== undefined && scopeCovers(scope, { id: '', apiId: api.id, team: api.owner, rule: '' }));
}

export function createAlarmActions(
  get: () => FleetState,
  ui: (patch: Partial<UiState>) => void,
  dispatch: (intent: AlarmIntent) => void,
): AlarmActions {
  const prompt = (): Prompt | undefined => get().ui.prompt;
  const updatePrompt = (patch: Partial<Prompt>): void => {
    const current = prompt();
    if (current) ui({ prompt: { ...current, ...patch } as Prompt });
  };
  return {
    moveAlarmCursor: (delta) => {
      const alarms = get().selectAlarms(get());
      const current = alarms.findIndex((v) => v.alarm.id === get().ui.selectedAlarm);
      const alarmCursor = Math.max(0, Math.min(alarms.length - 1, (current >= 0 ? current : get().ui.alarmCursor) + delta));
      ui({ alarmCursor, selectedAlarm: alarms[alarmCursor]?.alarm.id });
    },
    selectAlarm: (alarmId) => {
      if (!get().alarms.some((v) => v.alarm.id === alarmId)) return;
      // An alarm the alarms view's filter hides is still selected: the detail opened on it shows it.
      const index = get().selectAlarms(get()).findIndex((v) => v.alarm.id === alarmId);
      ui({ selectedAlarm: alarmId, ...(index >= 0 ? { alarmCursor: index } : {}) });
    },
    moveMuteCursor: (delta) => {
      const mutes = get().selectMutes(get());
      const current = mutes.findIndex((m) => m.id === get().ui.selectedMute);
      const muteCursor = Math.max(0, Math.min(mutes.length - 1, (current >= 0 ? current : get().ui.muteCursor) + delta));
      ui({ muteCursor, selectedMute: mutes[muteCursor]?.id });
    },
    unmuteAtCursor: () => {
      const { ui: current } = get();
      const mutes = get().selectMutes(get());
      const mute = mutes.find((m) => m.id === current.selectedMute) ?? mutes[Math.min(current.muteCursor, mutes.length - 1)];
      if (!mute) return ui({ notice: 'No active mute to lift.' });
      dispatch({ type: 'unmute', muteIds: [mute.id] });
      ui({ notice: `Unmuted ${describeScope(mute.scope)}.` });
    },
    beginAcknowledge: () => {
      const firing = selectedAlarms(get()).filter((v) => v.alarm.state === 'firing' && !v.alarm.ack);
      if (firing.length === 0) return ui({ notice: 'Nothing to acknowledge: no unacknowledged firing alarm here.' });
      const title = firing.length === 1 ? `Acknowledge ${firing[0]!.alarm.rule} on ${firing[0]!.alarm.apiId}` : `Acknowledge ${firing.length} alarms`;
      ui({ prompt: { kind: 'ack', alarmIds: firing.map((v) => v.alarm.id), title, note: '' }, notice: undefined });
    },
    unacknowledgeSelected: () => {
      const acked = selectedAlarms(get()).filter((v) => v.alarm.ack);
      if (acked.length === 0) return ui({ notice: 'Nothing to un-acknowledge here.' });
      dispatch({ type: 'unacknowledge', alarmIds: acked.map((v) => v.alarm.id) });
      ui({ notice: `Acknowledgement withdrawn (${acked.length}).` });
    },
    beginMute: () => {
      const scopes = muteScopes(get());
      if (scopes.length === 0) return ui({ notice: 'Select an API or an alarm to mute.' });
      ui({
        prompt: { kind: 'mute', step: 'scope', title: 'Mute', scopes, scopeIndex: 0, durationIndex: 1, custom: '', reason: '' },
        notice: undefined,
      });
    },
    unmuteSelected: () => {
      const state = get();
      const api = selectedApi(state);
      const alarms = selectedAlarms(state);
      const ids = new Set(alarms.flatMap((v) => (v.mute ? [v.mute.id] : [])));
      for (const mute of state.mutes) if (appliesTo(mute.scope, api, alarms)) ids.add(mute.id);
      if (ids.size === 0) return ui({ notice: 'Nothing muted here.' });
      dispatch({ type: 'unmute', muteIds: [...ids] });
      ui({ notice: `Unmuted (${ids.size}).` });
    },
    promptType: (text) => {
      const p = prompt();
      if (p?.kind === 'ack') updatePrompt({ note: p.note + text });
      else if (p?.kind === 'mute' && p.step === 'custom') updatePrompt({ custom: p.custom + text, error: undefined });
      // A digit at the choice of durations is the start of one typed: "10m" typed there is ten minutes.
      else if (p?.kind === 'mute' && p.step === 'duration' && /^\d/.test(text)) updatePrompt({ step: 'custom', durationIndex: MUTE_PRESETS.length, custom: text, error: undefined });
      else if (p?.kind === 'mute' && p.step === 'reason') updatePrompt({ reason: p.reason + text });
    },
    promptBackspace: () => {
      const p = prompt();
      if (p?.kind === 'ack') updatePrompt({ note: p.note.slice(0, -1) });
      else if (p?.kind === 'mute' && p.step === 'custom') updatePrompt({ custom: p.custom.slice(0, -1) });
      else if (p?.kind === 'mute' && p.step === 'reason') updatePrompt({ reason: p.reason.slice(0, -1) });
    },
    promptMove: (delta) => {
      const p = prompt();
      if (p?.kind !== 'mute') return;
      if (p.step === 'scope') updatePrompt({ scopeIndex: (p.scopeIndex + delta + p.scopes.length) % p.scopes.length });
      if (p.step === 'duration') updatePrompt({ durationIndex: (p.durationIndex + delta + MUTE_PRESETS.length + 1) % (MUTE_PRESETS.length + 1) });
    },
    promptConfirm: () => {
      const p = prompt();
      if (!p) return;
      if (p.kind === 'ack') {
        dispatch({ type: 'acknowledge', alarmIds: p.alarmIds, note: p.note.trim() || undefined });
        return ui({ prompt: undefined, notice: `Acknowledged (${p.alarmIds.length}).` });
      }
      if (p.step === 'scope') return updatePrompt({ step: 'duration' });
      if (p.step === 'duration') return updatePrompt({ step: p.durationIndex === MUTE_PRESETS.length ? 'custom' : 'reason' });
      if (p.step === 'custom') {
        const ms = parseDuration(p.custom);
        if (ms === undefined || ms <= 0) return updatePrompt({ error: `"${p.custom}" is not a duration (e.g. 30m, 2h, 3d)` });
        return updatePrompt({ step: 'reason' });
      }
      const durationMs = p.durationIndex === MUTE_PRESETS.length ? parseDuration(p.custom)! : MUTE_PRESETS[p.durationIndex]!.ms;
      const choice = p.scopes[p.scopeIndex]!;
      dispatch({ type: 'mute', scope: choice.scope, durationMs, reason: p.reason.trim() || undefined });
      ui({ prompt: undefined, notice: `Muted ${choice.label}.` });
    },
    promptCancel: () => ui({ prompt: undefined, notice: undefined }),
    setNotice: (text) => ui({ notice: text }),
  };
}

