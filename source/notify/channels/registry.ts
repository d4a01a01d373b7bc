import type { ChannelConfig, ChannelType } from '../../channel-schemas/schemas.js';
import type { Notifier } from '../message.js';
import { alertmanager } from './alertmanager.js';
import type { AnyChannelDefinition, ChannelDefinition, ChannelDeps } from './definition.js';
import { email } from './email.js';
import { ircChannel } from './irc.js';
import { pagerduty } from './pagerduty.js';
import { phabricator } from './phabricator.js';
import { slack } from './slack.js';
import { splunkOncall } from './splunk-oncall.js';
import { teams } from './teams.js';
import { terminal } from './terminal.js';
import { webhook } from './webhook.js';

/**
 * Every channel type and its definition. The config's channel union comes from channels/schemas.ts, which
 * holds only zod; this mapped type makes a type there without a definition here (or the reverse) a compile error.
 */
export const CHANNELS: { [T in ChannelType]: ChannelDefinition<T> } = {
  slack,
  email,
  pagerduty,
  alertmanager,
  webhook,
  teams,
  terminal,
  irc: ircChannel,
  phabricator,
  'splunk-oncall': splunkOncall,
};

export function definitionOf(config: ChannelConfig): AnyChannelDefinition {
  return CHANNELS[config.type] as unknown as AnyChannelDefinition;
}

export function createChannel(config: ChannelConfig, deps: ChannelDeps): Notifier {
  return definitionOf(config).create(config, deps);
}

export function channelSecrets(config: ChannelConfig): string[] {
  return definitionOf(config).secrets(config);
}

export function minInterval(config: ChannelConfig): number {
  return definitionOf(config).minIntervalMs;
}
