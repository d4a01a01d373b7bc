import { isoTime } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { MessageItem } from '../message.js';
import { alertAnnotations, alertLabels, startsAt } from './alert-labels.js';
import { alertmanagerSchema } from '../../channel-schemas/alertmanager.js';
import type { ChannelDefinition } from './definition.js';

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

/** How often firing alarms are re-sent: well inside Alertmanager's default 5m resolve_timeout. */
export const DEFAULT_ALERTMANAGER_REFRESH_MS = 60_000;

export const alertmanager: ChannelDefinition<'alertmanager'> = {
  type: 'alertmanager',
  schema: alertmanagerSchema,
  label: 'Alertmanager',
  destination: () => 'an Alertmanager (API v2), which routes on by its own rules',
  waitsForReceiver: true,
  minIntervalMs: 0,
  secrets: (config) => {
    const password = URL.canParse(config.url) ? new URL(config.url).password : '';
    return password ? [password] : [];
  },
  payload: (message) => message.items.map(alertmanagerAlert),
  refresh: {
    defaultEveryMs: DEFAULT_ALERTMANAGER_REFRESH_MS,
    docs: (every) => ` firing alarms are sent again every ${every}, well inside its default resolve_timeout of 5m, so it keeps them until they resolve.`,
  },
  alertmanager: { unsupported: 'this file configures that Alertmanager; not a receiver' },
  create: (config, deps) => {
    // A refresh re-announces what is firing, which Alertmanager merges by labels: it is no message, so it has no key.
    const post = (items: MessageItem[], identity?: Record<string, string>) =>
      postJson(alertsUrl(config.url), items.map(alertmanagerAlert), { dispatcher: deps.dispatcher, identity, timeoutMs: config.timeout, now: () => deps.clock.now() });
    return { send: (message) => post(message.items, idempotencyHeaders(message.id)), refresh: (items) => post(items) };
  },
};
