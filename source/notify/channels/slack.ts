import { eventPhrase, severityLabel, shownItems, title, valueVsThreshold } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { Message, MessageItem } from '../message.js';
import { slackSchema } from '../../channel-schemas/slack.js';
import { urlSecrets, type ChannelDefinition } from './definition.js';
import { ALERT_LIST, GROUP_TITLE, urlPlaceholder } from './receiver-export.js';
import { UNASSIGNED } from '../../core/labels.js';

/** Slack's mrkdwn treats these three as markup. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${label}*\n${escape(value)}` };
}

function itemBlocks(item: MessageItem): unknown[] {
  const fields = [
    field('Severity', severityLabel(item.alarm.severity)),
    field('API', item.apiName),
    field('Team', item.teamName ?? item.alarm.team ?? UNASSIGNED.name),
    field('Value', valueVsThreshold(item)),
  ];
  if (item.sla) fields.push(field('SLA', item.sla));
  const blocks: unknown[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escape(item.alarm.rule)}* ${escape(eventPhrase(item))}\n${escape(item.alarm.summary)}` },
      fields,
    },
  ];
  if (item.url) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${item.url}|${escape(item.url)}>` }] });
  return blocks;
}

/** Block Kit with `text` kept as the fallback Slack shows in notifications and old clients. */
export function slackPayload(message: Message): { text: string; blocks: unknown[] } {
  const { items, hidden } = shownItems(message);
  const heading = title(message);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: heading.slice(0, 150) } }];
  for (const item of items) blocks.push(...itemBlocks(item), { type: 'divider' });
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${hidden} more` }] });
  return { text: heading, blocks };
}

export const slack: ChannelDefinition<'slack'> = {
  type: 'slack',
  schema: slackSchema,
  label: 'Slack',
  destination: () => 'a Slack channel (incoming webhook; URL not shown)',
  waitsForReceiver: true,
  minIntervalMs: 1_000,
  secrets: (config) => urlSecrets(config.url),
  payload: (message) => slackPayload(message),
  create: (config, deps) => ({
    send: (message) => postJson(config.url, slackPayload(message), { dispatcher: deps.dispatcher, identity: idempotencyHeaders(message.id), timeoutMs: config.timeout, now: () => deps.clock.now() }),
  }),
  alertmanager: {
    receiver: (config, { id, sendResolved, variables }) => ({
      slack_configs: [
        {
          api_url: urlPlaceholder(id, 'url', config.url, variables),
          send_resolved: sendResolved,
          title: GROUP_TITLE,
          text: ALERT_LIST,
        },
      ],
    }),
  },
};
