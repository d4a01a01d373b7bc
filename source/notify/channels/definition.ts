import type { Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import type { ChannelConfig, ChannelOf, ChannelType } from '../../channel-schemas/schemas.js';
import type { Clock } from '../../core/clock.js';
import type { Message, Notifier } from '../message.js';

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
  /** The state directory, for channels that remember what a receiver made of earlier messages (Phabricator's task per alarm); in memory without one. */
  stateDir?: string | undefined;
}

/** What `export alertmanager` knows while it turns one of our channels into an Alertmanager receiver. */
export interface ReceiverContext {
  /** The channel's key in the config: a placeholder whose value came from no ${VAR} is named after it. */
  id: string;
  /** notifications.resolved */
  sendResolved: boolean;
  /** Interpolated ${VAR} values: a field holding one is written as a placeholder. */
  secrets: readonly string[];
  /** The ${VAR} names and values behind the secrets: placeholders are named after the variable. */
  variables: Readonly<Record<string, string>>;
  /** A line for the generated file's header: what could not be carried over. */
  note(text: string): void;
}

/** The receiver configs (e.g. `slack_configs`), or why Alertmanager has no receiver for this channel. */
export type ReceiverExport<C> = { receiver(config: C, context: ReceiverContext): Record<string, object[]> } | { unsupported: string };

/** A job the notifier runs for every channel of the type on a timer, besides sending messages. */
export interface PeriodicJob {
  defaultEveryMs: number;
  /** The sentence the notifications page says about it, given the interval in words. */
  docs(every: string): string;
}

/**
 * Everything api-health knows about one channel type, in one place: its config, what in it is secret, how
 * fast it may send, what it sends and how, how `export alertmanager` writes it, and how the docs name it.
 */
export interface ChannelDefinition<T extends ChannelType, C extends ChannelConfig = ChannelOf<T>> {
  type: T;
  schema: ZodType<C, unknown>;
  /** What the generated docs call the type: "Slack", "e-mail". */
  label: string;
  /** Where a channel delivers, said without its secret, for the docs. */
  destination(config: C): string;
  /** Values that must never leave the program: webhook URLs, keys, passwords, header values. */
  secrets(config: C): string[];
  /** Sending waits on a receiver elsewhere (HTTP, SMTP), so the channel's timeout bounds it; the terminal writes where it runs. */
  waitsForReceiver: boolean;
  /** Minimum spacing between two messages on one channel (Slack allows about one a second). */
  minIntervalMs: number;
  /** What goes out for a message: the request body, the mail, the text written. */
  payload(message: Message, config: C): unknown;
  create(config: C, deps: ChannelDeps): Notifier;
  /** What the notifications page says about channels of this type, when they behave unlike a plain POST. */
  docs?: string | undefined;
  /** Set when receivers forget what is not re-sent: the notifier then calls `refresh` on every such channel's notifier. */
  refresh?: PeriodicJob | undefined;
  alertmanager: ReceiverExport<C>;
}

/** Any definition, as the registry hands them out for a config whose type is known only at run time. */
export type AnyChannelDefinition = ChannelDefinition<ChannelType, ChannelConfig>;

/** A signed webhook URL is secret as a whole and in its path and query, which servers echo back in errors. */
export function urlSecrets(url: string): string[] {
  if (!URL.canParse(url)) return [url];
  const { pathname, search } = new URL(url);
  return [url, `${pathname}${search}`].filter((s) => s !== '/');
}
