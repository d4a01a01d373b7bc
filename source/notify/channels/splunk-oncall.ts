import { createHash } from 'node:crypto';
import type { Alarm } from '../../core/alarm.js';
import type { MessageKind } from '../../core/delivery-record.js';
import { teamLabel } from '../../core/labels.js';
import type { Severity } from '../../core/rules.js';
import { splunkOncallSchema } from '../../channel-schemas/splunk-oncall.js';
import { eventPhrase, itemLine, valueVsThreshold } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { DeliveryResult, Message, MessageItem } from '../message.js';
import type { ChannelDefinition } from './definition.js';
import { EventSequence } from './event-sequence.js';
import { ALERT_LIST, GROUP_TITLE, placeholder } from './receiver-export.js';

export const SPLUNK_ONCALL_URL = 'https://alert.victorops.com/integrations/generic/20131114/alert';

/** Splunk On-Call's documented limit on entity_id. */
const MAX_ENTITY_ID = 256;

export type MessageType = 'CRITICAL' | 'WARNING' | 'INFO' | 'ACKNOWLEDGEMENT' | 'RECOVERY';

/** The same alarm is always the same incident, across restarts, so acknowledgement and recovery close what firing opened. */
export function entityId(alarm: Alarm): string {
  const id = `api-health/${alarm.id}`;
  return id.length <= MAX_ENTITY_ID ? id : `api-health/${createHash('sha256').update(alarm.id).digest('hex')}`;
}

/** Only CRITICAL opens an incident that pages; WARNING and INFO show on the timeline without paging. */
const SEVERITY_TYPES: Record<Severity, MessageType> = { page: 'CRITICAL', critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' };

function messageType(item: MessageItem): MessageType {
  const byKind: Partial<Record<MessageKind, MessageType>> = { acknowledged: 'ACKNOWLEDGEMENT', resolved: 'RECOVERY', test: 'INFO' };
  return byKind[item.kind] ?? SEVERITY_TYPES[item.alarm.severity];
}

/** One REST endpoint alert: the fields Splunk On-Call documents, plus the alarm's details as custom fields. */
export function splunkOncallAlert(item: MessageItem): Record<string, unknown> {
  const type = messageType(item);
  return {
    message_type: type,
    entity_id: entityId(item.alarm),
    entity_display_name: `${item.apiName}: ${item.alarm.rule}`.slice(0, 512),
    state_message: itemLine(item),
    state_start_time: Math.floor(item.at / 1000),
    monitoring_tool: 'api-health',
    ...(type === 'ACKNOWLEDGEMENT' && item.actor ? { ack_author: item.actor, ack_msg: eventPhrase(item) } : {}),
    api: item.apiName,
    team: teamLabel(item.alarm.team),
    severity: item.alarm.severity,
    rule: item.alarm.rule,
    value: valueVsThreshold(item),
    event: item.kind,
    ...(item.sla ? { sla: item.sla } : {}),
    ...(item.runbook ? { runbook: item.runbook } : {}),
    ...(item.url ? { url: item.url } : {}),
  };
}

function alerts(message: Message): Record<string, unknown>[] {
  return message.items.map(splunkOncallAlert);
}

/** KEY/ROUTING_KEY after the endpoint: the whole URL is as secret as the key in it. */
function endpoint(config: { url?: string | undefined; apiKey: string; routingKey: string }): string {
  return `${(config.url ?? SPLUNK_ONCALL_URL).replace(/\/+$/, '')}/${encodeURIComponent(config.apiKey)}/${encodeURIComponent(config.routingKey)}`;
}

/** Alertmanager sends RECOVERY itself for a resolved group; a firing one pages when any alert in it is page or critical. */
const MESSAGE_TYPE =
  '{{ $t := "INFO" }}{{ range .Alerts.Firing }}{{ if or (eq .Labels.severity "page") (eq .Labels.severity "critical") }}{{ $t = "CRITICAL" }}' +
  '{{ else if and (eq .Labels.severity "warning") (eq $t "INFO") }}{{ $t = "WARNING" }}{{ end }}{{ end }}{{ $t }}';

export const splunkOncall: ChannelDefinition<'splunk-oncall'> = {
  type: 'splunk-oncall',
  schema: splunkOncallSchema,
  label: 'Splunk On-Call',
  destination: (config) => `a Splunk On-Call routing key "${config.routingKey}" (REST endpoint integration; key not shown)`,
  waitsForReceiver: true,
  minIntervalMs: 0,
  docs: 'the REST endpoint integration: a page or critical alarm is CRITICAL (an incident that pages), warning WARNING, info INFO, an acknowledgement ACKNOWLEDGEMENT, a resolve RECOVERY, all with one entity_id per alarm (api-health/API/RULE), so they act on the same incident.',
  secrets: (config) => [config.apiKey, endpoint(config)],
  payload: (message) => alerts(message),
  create: (config, deps) => {
    // One alert per request, in order; a retry goes on from the alert that failed (a CRITICAL sent again after its RECOVERY would reopen the incident).
    const sequence = new EventSequence<Record<string, unknown>>();
    return {
      send: (message) =>
        sequence.send(message.id, alerts(message), (alert, index) =>
          postJson(endpoint(config), alert, { dispatcher: deps.dispatcher, identity: idempotencyHeaders(`${message.id}/${index}`), timeoutMs: config.timeout, now: () => deps.clock.now() }),
        ),
    };
  },
  alertmanager: {
    receiver: (config, { id, sendResolved, variables }) => ({
      victorops_configs: [
        {
          api_key: placeholder(id, 'api_key', config.apiKey, variables),
          ...(config.url !== undefined ? { api_url: `${config.url.replace(/\/+$/, '')}/` } : {}),
          routing_key: config.routingKey,
          message_type: MESSAGE_TYPE,
          entity_display_name: GROUP_TITLE,
          state_message: ALERT_LIST,
          monitoring_tool: 'api-health (via Alertmanager)',
          send_resolved: sendResolved,
        },
      ],
    }),
  },
};
