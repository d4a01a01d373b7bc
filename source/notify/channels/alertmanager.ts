import { isoTime } from '../describe.js';
import { postJson } from '../http.js';
import type { MessageItem } from '../message.js';
import { alertAnnotations, alertLabels, startsAt } from './alert-labels.js';
import type { ChannelDefinition, ChannelOf } from './definition.js';

/** A test alert ends on its own after this long. */
const TEST_ALERT_MS = 5 * 60_000;

/** Firing alerts carry no endsAt (Alertmanager keeps them for resolve_timeout); resolved ones end when they resolved. */
export function alertmanagerAlert(item: MessageItem): Record<string, unknown> {
  const alert: Record<string, unknown> = {
    labels: alertLabels(item),
    annotations: alertAnnotations(item),
    startsAt: isoTime(startsAt(item)),
  };
  if (item.url) alert.generatorURL = item.url;
  if (item.kind === 'resolved') alert.endsAt = isoTime(item.alarm.resolvedAt ?? item.at);
  if (item.kind === 'test') alert.endsAt = isoTime(item.at + TEST_ALERT_MS);
  return alert;
}

function alertsUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v2/alerts`;
}

export const alertmanager: ChannelDefinition<ChannelOf<'alertmanager'>> = {
  minIntervalMs: 0,
  secrets: (config) => {
    const password = URL.canParse(config.url) ? new URL(config.url).password : '';
    return password ? [password] : [];
  },
  create: (config, deps) => {
    const post = (items: MessageItem[]) =>
      postJson(alertsUrl(config.url), items.map(alertmanagerAlert), { dispatcher: deps.dispatcher, now: () => deps.clock.now() });
    return { send: (message) => post(message.items), refresh: post };
  },
};
