import { createHash } from 'node:crypto';
import type { Alarm } from '../../core/alarm.js';

import { isoTime, itemLine } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { Message, MessageItem } from '../message.js';
import { pagerdutySchema } from '../../channel-schemas/pagerduty.js';
import type { ChannelDefinition } from './definition.js';
import { EventSequence } from './event-sequence.js';
import { ALERT_LIST, GROUP_TITLE, placeholder } from './receiver-export.js';
import type { Severity } from '../../core/rules.js';
import type { MessageKind } from '../../core/delivery-record.js';
import { teamLabel } from '../../core/labels.js';

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';
const MAX_DEDUP_KEY = 255;

/** The same alarm always maps to the same incident, across restarts, so local ack and resolve reach it. */
export function dedupKey(alarm: Alarm): string {
  const key = `api-health/${alarm.id}`;
  return key.length <= MAX_DEDUP_KEY ? key : `api-health/${createHash('sha256').update(alarm.id).digest('hex')}`;
}

const ACTIONS: Record<MessageKind, 'trigger' | 'acknowledge' | 'resolve'> = {
  firing: 'trigger',
  escalated: 'trigger',
  reminder: 'trigger',
  unacknowledged: 'trigger',
  test: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
};

const SEVERITIES: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  page: 'critical',
  critical: 'error',
  warning: 'warning',
  info: 'info',
};

export function pagerDutyEvent(item: MessageItem, routingKey: string): Record<string, unknown> {
  const action = ACTIONS[item.kind];
  const event: Record<string, unknown> = { routing_key: routingKey, event_action: action, dedup_key: dedupKey(item.alarm) };
  if (action !== 'trigger') return event;
  return {
    ...event,
    payload: {
      summary: itemLine(item).slice(0, 1024),
      source: item.alarm.apiId,
      severity: SEVERITIES[item.alarm.severity],
      timestamp: isoTime(item.at),
      component: item.apiName,
      group: teamLabel(item.alarm.team),
      class: item.alarm.rule,
      custom_details: {
        summary: item.alarm.summary,
        value: item.alarm.value,
        threshold: item.alarm.threshold,
        metric: item.alarm.metric,
        event: item.kind,
        ...(item.sla ? { sla: item.sla } : {}),
        ...(item.runbook ? { runbook: item.runbook } : {}),
      },
    },
    client: 'api-health',
    ...(item.url ? { client_url: item.url } : {}),
  };
}

/** PagerDuty takes one event per request; a test trigger is resolved at once so it pages nobody for long. */
function eventsFor(item: MessageItem, routingKey: string): Record<string, unknown>[] {
  const event = pagerDutyEvent(item, routingKey);
  return item.kind === 'test' ? [event, { routing_key: routingKey, event_action: 'resolve', dedup_key: event.dedup_key }] : [event];
}

/** One request per event, each its own key: one key on two different requests would tell a receiver the second is a replay of the first. */
function eventKey(messageId: string, index: number): string {
  return `${messageId}/${index}`;
}

/** The group's most severe alert, in PagerDuty's words (page is critical, critical is error): a mixed group has no common severity. */
const PAGERDUTY_SEVERITY =
  '{{ $s := "info" }}{{ range .Alerts }}{{ if eq .Labels.severity "page" }}{{ $s = "critical" }}' +
  '{{ else if and (eq .Labels.severity "critical") (ne $s "critical") }}{{ $s = "error" }}' +
  '{{ else if and (eq .Labels.severity "warning") (eq $s "info") }}{{ $s = "warning" }}{{ end }}{{ end }}{{ $s }}';

function pagerDutyEvents(message: Message, routingKey: string): Record<string, unknown>[] {
  return message.items.flatMap((item) => eventsFor(item, routingKey));
}

export const pagerduty: ChannelDefinition<'pagerduty'> = {
  type: 'pagerduty',
  schema: pagerdutySchema,
  label: 'PagerDuty',
  destination: () => 'a PagerDuty service (Events API v2; routing key not shown)',
  waitsForReceiver: true,
  minIntervalMs: 0,
  secrets: (config) => [config.routingKey],
  payload: (message, config) => pagerDutyEvents(message, config.routingKey),
  create: (config, deps) => {
    const sequence = new EventSequence<Record<string, unknown>>();
    return {
      send: (message) =>
        sequence.send(message.id, pagerDutyEvents(message, config.routingKey), (event, index) =>
          postJson(config.url ?? PAGERDUTY_URL, event, { dispatcher: deps.dispatcher, identity: idempotencyHeaders(eventKey(message.id, index)), timeoutMs: config.timeout, now: () => deps.clock.now() }),
        ),
    };
  },
  alertmanager: {
    receiver: (config, { id, sendResolved, variables }) => ({
      pagerduty_configs: [
        {
          routing_key: placeholder(id, 'routing_key', config.routingKey, variables),
          ...(config.url !== undefined ? { url: config.url } : {}),
          severity: PAGERDUTY_SEVERITY,
          description: GROUP_TITLE,
          details: { alerts: ALERT_LIST },
          send_resolved: sendResolved,
        },
      ],
    }),
  },
};
