import type { ChannelConfig, ChannelType } from '../../config/schema.js';
import type { Notifier } from '../message.js';
import { alertmanager } from './alertmanager.js';
import type { ChannelDefinition, ChannelDeps, ChannelOf } from './definition.js';
import { email } from './email.js';
import { pagerduty } from './pagerduty.js';
import { slack } from './slack.js';
import { teams } from './teams.js';
import { terminal } from './terminal.js';
import { webhook } from './webhook.js';

/** The one place a channel type is registered. */
export const CHANNELS: { [T in ChannelType]: ChannelDefinition<ChannelOf<T>> } = {
  slack,
  email,
  pagerduty,
  alertmanager,
  webhook,
  teams,
  terminal,
};

function definition(config: ChannelConfig): ChannelDefinition<ChannelConfig> {
  return CHANNELS[config.type] as ChannelDefinition<ChannelConfig>;
}

export function createChannel(config: ChannelConfig, deps: ChannelDeps): Notifier {
  return definition(config).create(config, deps);
}

export function channelSecrets(config: ChannelConfig): string[] {
  return definition(config).secrets(config);
}

export function minInterval(config: ChannelConfig): number {
  return definition(config).minIntervalMs;
}
