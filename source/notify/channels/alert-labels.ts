import { createHash } from 'node:crypto';
import { eventPhrase, valueVsThreshold } from '../describe.js';
import type { MessageItem } from '../message.js';
import { alarmLabels } from '../../core/labels.js';

/** The alarm's label set (alarmLabels): the same on every path, so Alertmanager sees one alert per alarm. */
export function alertLabels(item: MessageItem): Record<string, string> {
  return alarmLabels(item.alarm, item.family);
}

export function alertAnnotations(item: MessageItem): Record<string, string> {
  const annotations: Record<string, string> = {
    summary: item.alertSummary ?? `${item.apiName}: ${item.alarm.summary}`,
    description: `${item.alarm.rule} ${eventPhrase(item)}: ${valueVsThreshold(item)}`,
  };
  if (item.runbook) annotations.runbook = item.runbook;
  if (item.dashboard) annotations.dashboard = item.dashboard;
  if (item.sla) annotations.sla = item.sla;
  return annotations;
}

/** Like Alertmanager's: a stable hash of the label set. */
export function fingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Alertmanager writes "not ended" as Go's zero time. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function startsAt(item: MessageItem): number {
  return item.alarm.firingAt ?? item.alarm.startedAt;
}

/** The key/value pairs every record in the list shares. */
export function common(records: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((r) => r[k] === v)));
}
