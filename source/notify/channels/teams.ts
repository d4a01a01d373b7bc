import { eventPhrase, severityLabel, shownItems, title, valueVsThreshold } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { Message, MessageItem } from '../message.js';
import { teamsSchema } from '../../channel-schemas/teams.js';
import { urlSecrets, type ChannelDefinition } from './definition.js';
import { UNASSIGNED } from '../../core/labels.js';

const SEVERITY_COLOURS = { page: 'attention', critical: 'attention', warning: 'warning', info: 'accent' } as const;

function itemElements(item: MessageItem): unknown[] {
  const facts = [
    { title: 'Severity', value: severityLabel(item.alarm.severity) },
    { title: 'API', value: item.apiName },
    { title: 'Team', value: item.teamName ?? item.alarm.team ?? UNASSIGNED.name },
    { title: 'Value', value: valueVsThreshold(item) },
  ];
  if (item.sla) facts.push({ title: 'SLA', value: item.sla });
  const elements: unknown[] = [
    {
      type: 'TextBlock',
      text: `${item.alarm.rule} ${eventPhrase(item)}`,
      weight: 'Bolder',
      color: SEVERITY_COLOURS[item.alarm.severity],
      wrap: true,
      separator: true,
    },
    { type: 'TextBlock', text: item.alarm.summary, wrap: true, spacing: 'None' },
    { type: 'FactSet', facts },
  ];
  if (item.url) elements.push({ type: 'TextBlock', text: `[Open](${item.url})`, wrap: true });
  return elements;
}

/** A Workflows webhook message: one Adaptive Card 1.4 attachment. */
export function teamsPayload(message: Message): unknown {
  const { items, hidden } = shownItems(message);
  const body: unknown[] = [{ type: 'TextBlock', text: title(message), size: 'Large', weight: 'Bolder', wrap: true }];
  for (const item of items) body.push(...itemElements(item));
  if (hidden > 0) body.push({ type: 'TextBlock', text: `…and ${hidden} more`, isSubtle: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
      },
    ],
  };
}

export const teams: ChannelDefinition<'teams'> = {
  type: 'teams',
  schema: teamsSchema,
  label: 'Microsoft Teams',
  destination: () => 'a Teams channel (Workflows webhook; URL not shown)',
  waitsForReceiver: true,
  minIntervalMs: 1_000,
  secrets: (config) => urlSecrets(config.url),
  payload: (message) => teamsPayload(message),
  alertmanager: { unsupported: 'Alertmanager 0.25 has no Microsoft Teams integration (msteams_configs arrives in 0.26); not exported' },
  create: (config, deps) => ({
    send: (message) => postJson(config.url, teamsPayload(message), { dispatcher: deps.dispatcher, identity: idempotencyHeaders(message.id), timeoutMs: config.timeout, now: () => deps.clock.now() }),
  }),
};
