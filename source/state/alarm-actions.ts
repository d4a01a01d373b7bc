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
      const rules = firing.map((v) => v.alarm.rule).join(', ');
      const title = firing.length === 1 ? `Acknowledge ${rules} on ${firing[0]!.alarm.apiId}` : `Acknowledge ${firing.length} alarms on ${firing[0]!.alarm.apiId}: ${rules}`;
      ui({ prompt: { kind: 'ack', alarmIds: firing.map((v) => v.alarm.id), startedAt: firing.map((v) => v.alarm.startedAt), title, note: '' }, notice: undefined });
    },
    unacknowledgeSelected: () => {
      const state = get();
      const acked = selectedAlarms(state).filter((v) => v.alarm.ack);
      if (acked.length === 0) return ui({ notice: 'Nothing to un-acknowledge here.' });
      // An ACK! silence a colleague made over a team or a rule acknowledges every alarm it covers: withdrawing it here would withdraw them all.
      const selected = new Set(acked.map((v) => v.alarm.id));
      const shared = acked.find((v) => v.alarm.ack?.silenceId !== undefined && state.alarms.some((o) => !selected.has(o.alarm.id) && o.alarm.ack?.silenceId === v.alarm.ack!.silenceId));
      if (shared) {
        const covered = state.alarms.filter((o) => o.alarm.ack?.silenceId === shared.alarm.ack!.silenceId).length;
        return ui({ notice: `${shared.alarm.ack!.by}'s ACK! silence acknowledges ${covered} alarms, not only this one: withdraw it where it was made (Alertmanager, Karma).` });
      }
      dispatch({ type: 'unacknowledge', alarmIds: acked.map((v) => v.alarm.id) });
      ui({ notice: `Acknowledgement withdrawn: ${acked.map((v) => `${v.alarm.rule} on ${v.alarm.apiId}`).join(', ')}.` });
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
      const holding = state.mutes.filter((m) => ids.has(m.id));
      if (holding.length === 0) return ui({ notice: 'Nothing muted here.' });
      // A mute of a whole team or of a rule everywhere covers more than this row: it is lifted in the mutes view, which names what it covers.
      const lifted = holding.filter((m) => m.scope.kind === 'alarm' || m.scope.kind === 'api');
      const wider = holding.filter((m) => !lifted.includes(m));
      if (lifted.length > 0) dispatch({ type: 'unmute', muteIds: lifted.map((m) => m.id) });
      const done = lifted.length > 0 ? `Unmuted ${lifted.map((m) => describeScope(m.scope)).join(', ')}.` : '';
      const left = wider.length > 0 ? `${done ? ' ' : ''}Still muted by ${wider.map((m) => `${describeScope(m.scope)} (${m.by})`).join(', ')}: lift it in the mutes view (M).` : '';
      ui({ notice: done + left });
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
        // Only the firings the dialog named: one that resolved, or resolved and fired again, while it was open is not what the person saw.
        const alarms = new Map(get().alarms.map((v) => [v.alarm.id, v.alarm]));
        const still = p.alarmIds.filter((id, i) => {
          const alarm = alarms.get(id);
          return alarm?.state === 'firing' && !alarm.ack && alarm.startedAt === p.startedAt[i];
        });
        if (still.length > 0) dispatch({ type: 'acknowledge', alarmIds: still, note: p.note.trim() || undefined });
        const gone = p.alarmIds.length - still.length;
        const notice =
          still.length === 0
            ? 'Nothing acknowledged: the alarm resolved or was acknowledged while the dialog was open.'
            : `Acknowledged ${still.join(', ')}${gone > 0 ? `; ${gone} other${gone === 1 ? '' : 's'} resolved or acknowledged meanwhile` : ''}.`;
        return ui({ prompt: undefined, notice });
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

