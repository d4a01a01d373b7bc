import { describeScope } from '../alerts/mutes.js';
import type { Config } from '../config/types.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { Mute } from '../core/alarm.js';
import type { AlarmView } from './alarm-view.js';
import { UNASSIGNED } from '../core/labels.js';
import type { UiState } from './ui-state.js';

/** The filter as typed (`/`), lower-cased: one filter for every list, so it holds as you move between views. */
export function filterNeedle(ui: Pick<UiState, 'filterDraft' | 'filterText'>): string {
  return (ui.filterDraft ?? ui.filterText).trim().toLowerCase();
}

const matches = (needle: string, texts: readonly (string | undefined)[]): boolean => needle === '' || texts.some((t) => t !== undefined && t.toLowerCase().includes(needle));

/** Alarms whose API (name, family, id), team (id, name) or rule holds the filter. */
export function filterAlarms(alarms: readonly AlarmView[], config: Config, needle: string): readonly AlarmView[] {
  if (needle === '') return alarms;
  const apis = new Map(config.apis.map((a) => [a.id, a]));
  const teams = new Map(config.teams.map((t) => [t.id, t.name]));
  return alarms.filter(({ alarm }) => {
    const api = apis.get(alarm.apiId);
    // The same words as the dashboard's rows: an unowned API's alarm is found by "unassigned" there and here.
    const team = alarm.team === undefined ? [UNASSIGNED.id, UNASSIGNED.name] : [alarm.team, teams.get(alarm.team)];
    return matches(needle, [api?.name, api?.family, alarm.apiId, ...team, alarm.rule]);
  });
}

/** Mutes whose scope, author or reason holds the filter. */
export function filterMutes(mutes: readonly Mute[], needle: string): readonly Mute[] {
  return needle === '' ? mutes : mutes.filter((m) => matches(needle, [describeScope(m.scope), m.by, m.reason]));
}

/** Delivery records whose channel, alarm, route or reason holds the filter. */
export function filterDeliveries(records: readonly DeliveryRecord[], needle: string): readonly DeliveryRecord[] {
  return needle === '' ? records : records.filter((r) => matches(needle, [r.channel, r.channelType, r.reason, ...r.events.flatMap((e) => [e.alarmId, e.route, e.kind])]));
}

/** A selector that recomputes only when its inputs change: the views and the actions share one list per store. */
export function memoized<I extends readonly unknown[], O>(compute: (...inputs: I) => O): (...inputs: I) => O {
  let last: { inputs: I; output: O } | undefined;
  return (...inputs) => {
    if (last && last.inputs.length === inputs.length && last.inputs.every((input, i) => input === inputs[i])) return last.output;
    last = { inputs, output: compute(...inputs) };
    return last.output;
  };
}
