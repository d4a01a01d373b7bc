import { isoTime } from '../describe.js';
import { postJson } from '../http.js';
import type { Message } from '../message.js';
import { alertAnnotations, alertLabels, common, fingerprint, startsAt, ZERO_TIME } from './alert-labels.js';
import type { ChannelDefinition, ChannelOf } from './definition.js';
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

export const webhook: ChannelDefinition<ChannelOf<'webhook'>> = {
  minIntervalMs: 0,
  secrets: (config) => Object.values(config.headers ?? {}).concat(config.url),
  create: (config, deps) => ({
    send: (message) =>
      postJson(config.url, webhookPayload(message, message.channel), {
        dispatcher: deps.dispatcher,
        headers: config.headers,
        now: () => deps.clock.now(),
      }),
  }),
};
