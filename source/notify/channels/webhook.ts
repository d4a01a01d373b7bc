import { isoTime } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { Message } from '../message.js';
import { alertAnnotations, alertLabels, common, fingerprint, startsAt, ZERO_TIME } from './alert-labels.js';
import { webhookSchema } from '../../channel-schemas/webhook.js';
import { urlSecrets, type ChannelDefinition } from './definition.js';
import { anySecret, placeholder, urlPlaceholder } from './receiver-export.js';
import { teamLabel } from '../../core/labels.js';

/** Alertmanager's outbound webhook payload (version 4), so receivers written for Alertmanager understand ours. */
export function webhookPayload(message: Message, receiver: string): unknown {
  const alerts = message.items.map((item) => {
    const labels = alertLabels(item);
    const resolved = item.kind === 'resolved';
    return {
      status: resolved ? 'resolved' : 'firing',
      labels,
      annotations: { ...alertAnnotations(item), event: item.kind },
      startsAt: isoTime(startsAt(item)),
      endsAt: resolved ? isoTime(item.alarm.resolvedAt ?? item.at) : ZERO_TIME,
      generatorURL: item.url ?? '',
      fingerprint: fingerprint(labels),
    };
  });
  const groupLabels = { team: teamLabel(message.team) };
  return {
    version: '4',
    groupKey: `{}:{team="${groupLabels.team}"}`,
    truncatedAlerts: 0,
    status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: '',
    alerts,
  };
}

/** The message id under our own name too, for receivers written against api-health rather than the Idempotency-Key draft. */
const MESSAGE_ID_HEADER = 'x-api-health-message-id';

export const webhook: ChannelDefinition<'webhook'> = {
  type: 'webhook',
  schema: webhookSchema,
  label: 'webhook',
  destination: () => 'an HTTP receiver (Alertmanager webhook payload; URL not shown)',
  waitsForReceiver: true,
  minIntervalMs: 0,
  secrets: (config) => Object.values(config.headers ?? {}).concat(urlSecrets(config.url)),
  payload: (message) => webhookPayload(message, message.channel),
  alertmanager: {
    receiver(config, { id, sendResolved, secrets, variables, note }) {
      const headers = config.headers ?? {};
      const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization');
      const others = Object.keys(headers).filter((name) => name.toLowerCase() !== 'authorization');
      if (others.length > 0) note(`channel ${id}: headers ${others.join(', ')} are not sent (Alertmanager webhooks take only an Authorization header)`);
      const scheme = authorization?.[1].split(' ')[0];
      return {
        webhook_configs: [
          {
            url: anySecret(config.url, secrets) ? urlPlaceholder(id, 'url', config.url, variables) : config.url,
            send_resolved: sendResolved,
            ...(authorization ? { http_config: { authorization: { type: scheme && scheme !== authorization[1] ? scheme : 'Bearer', credentials: placeholder(id, 'authorization', authorization[1], variables) } } } : {}),
          },
        ],
      };
    },
  },
  create: (config, deps) => ({
    send: (message) =>
      postJson(config.url, webhookPayload(message, message.channel), {
        dispatcher: deps.dispatcher,
        headers: config.headers,
        identity: { ...idempotencyHeaders(message.id), [MESSAGE_ID_HEADER]: message.id },
        timeoutMs: config.timeout,
        now: () => deps.clock.now(),
      }),
  }),
};
