import type { z } from 'zod';
import { alertmanagerSchema } from './alertmanager.js';
import { emailSchema } from './email.js';
import { ircSchema } from './irc.js';
import { pagerdutySchema } from './pagerduty.js';
import { phabricatorSchema } from './phabricator.js';
import { slackSchema } from './slack.js';
import { splunkOncallSchema } from './splunk-oncall.js';
import { teamsSchema } from './teams.js';
import { terminalSchema } from './terminal.js';
import { webhookSchema } from './webhook.js';

/**
 * The config schema of every channel type, in the order the docs and error messages list them. Only zod
 * here: the config reads this list, and must not pull in the code that sends (notify/channels/registry.ts
 * pairs each type with its definition, and the compiler holds the two lists to the same types).
 */
export const CHANNEL_SCHEMAS = [
  slackSchema,
  emailSchema,
  pagerdutySchema,
  alertmanagerSchema,
  webhookSchema,
  teamsSchema,
  terminalSchema,
  ircSchema,
  phabricatorSchema,
  splunkOncallSchema,
] as const;

export type ChannelConfig = z.output<(typeof CHANNEL_SCHEMAS)[number]>;
export type ChannelType = ChannelConfig['type'];
export type ChannelOf<T extends ChannelType> = Extract<ChannelConfig, { type: T }>;

/** A type's own name; a type with aliases (victorops for splunk-oncall) accepts them too and reads them as its own name. */
export function channelTypeOf(schema: (typeof CHANNEL_SCHEMAS)[number]): ChannelType {
  const type = schema.shape.type;
  return ('in' in type ? [...type.in.values][0] : type.value) as ChannelType;
}

export const CHANNEL_TYPES: readonly ChannelType[] = CHANNEL_SCHEMAS.map(channelTypeOf);
