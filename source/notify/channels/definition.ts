import type { Dispatcher } from 'undici';
import type { ChannelConfig, ChannelType } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Notifier } from '../message.js';

/** Where the terminal channel writes while the TUI runs; absent otherwise. */
export interface TerminalSink {
  write(text: string): unknown;
}

export interface ChannelDeps {
  clock: Clock;
  dispatcher?: Dispatcher | undefined;
  /** Asked at send time: the TUI attaches and detaches its terminal while the notifier lives. */
  terminal?: (() => TerminalSink | undefined) | undefined;
  /** defaults.bell: the terminal channel rings the bell before its desktop notification only when this is true. */
  bell?: boolean | undefined;
}

/** Everything the library knows about one channel type: how to build it, what in its config is secret, how fast it may send. */
export interface ChannelDefinition<C extends ChannelConfig> {
  create(config: C, deps: ChannelDeps): Notifier;
  /** Values that must never leave the library: webhook URLs, keys, passwords, header values. */
  secrets(config: C): string[];
  /** Minimum spacing between two messages on one channel (Slack allows about one a second). */
  minIntervalMs: number;
}

export type ChannelOf<T extends ChannelType> = Extract<ChannelConfig, { type: T }>;

/** A signed webhook URL is secret as a whole and in its path and query, which servers echo back in errors. */
export function urlSecrets(url: string): string[] {
  if (!URL.canParse(url)) return [url];
  const { pathname, search } = new URL(url);
  return [url, `${pathname}${search}`].filter((s) => s !== '/');
}
