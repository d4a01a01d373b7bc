import { isoTime } from '../describe.js';
import { idempotencyHeaders, postJson } from '../http.js';
import type { MessageItem } from '../message.js';
import { alertAnnotations, alertLabels, startsAt } from './alert-labels.js';
import { alertmanagerSchema } from '../../channel-schemas/alertmanager.js';
import type { ChannelDefinition } from './definition.js';
import { episodeOf } from '../stages/dedup.js';
import { splitUserinfo } from '../../core/url-userinfo.js';

/** A test alert ends on its own after this long. */
const TEST_ALERT_MS = 5 * 60_000;

/** Firing alerts carry no endsAt (Alertmanager keeps them for resolve_timeout); resolved ones end when they resolved. */
export function alertmanagerAlert(item: MessageItem): Record<string, unknown> {
  const alert: Record<string, unknown> = {
    labels: alertLabels(item),
    annotations: alertAnnotations(item),
    startsAt: isoTime(startsAt(item)),
  };
  if (item.url) alert.generatorURL = item.url;
  if (item.kind === 'resolved') alert.endsAt = isoTime(item.alarm.resolvedAt ?? item.at);
  if (item.kind === 'test') alert.endsAt = isoTime(item.at + TEST_ALERT_MS);
  return alert;
}

function alertsUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v2/alerts`;
}

/** How often firing alarms are re-sent: well inside Alertmanager's default 5m resolve_timeout. */
export const DEFAULT_ALERTMANAGER_REFRESH_MS = 60_000;

export const alertmanager: ChannelDefinition<'alertmanager'> = {
  type: 'alertmanager',
  schema: alertmanagerSchema,
  label: 'Alertmanager',
  destination: () => 'an Alertmanager (API v2), which routes on by its own rules',
  waitsForReceiver: true,
  minIntervalMs: 0,
  // The userinfo whole (as written and as URL parsing spells it), the password, and the header made of them.
  secrets: (config) => {
    if (!URL.canParse(config.url)) return [];
    const { username, password } = new URL(config.url);
    if (username === '' && password === '') return [];
    const written = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(config.url)?.[1];
    const split = splitUserinfo(config.url);
    const authorization = split.authorization!;
    return [...new Set([written, `${username}:${password}`, password, split.password, authorization, authorization.slice('Basic '.length)])].filter(
      (secret): secret is string => secret !== undefined && secret !== '',
    );
  },
  payload: (message) => message.items.map(alertmanagerAlert),
  refresh: {
    defaultEveryMs: DEFAULT_ALERTMANAGER_REFRESH_MS,
    docs: (every) => ` firing alarms are sent again every ${every}, well inside its default resolve_timeout of 5m, so it keeps them until they resolve.`,
  },
  alertmanager: { unsupported: 'this file configures that Alertmanager; not a receiver' },
  create: (config, deps) => {
    // A refresh re-announces what is firing, which Alertmanager merges by labels: it is no message, so it has no key.
    const target = splitUserinfo(config.url);
    const headers = target.authorization === undefined ? undefined : { authorization: target.authorization };
    const post = (items: MessageItem[], identity?: Record<string, string>) =>
      postJson(alertsUrl(target.url), items.map(alertmanagerAlert), { dispatcher: deps.dispatcher, headers, identity, timeoutMs: config.timeout, now: () => deps.clock.now() });
    const order = new PostOrder();
    return {
      send: (message) => {
        order.ending(message.items);
        return order.next(() => post(message.items, idempotencyHeaders(message.id)));
      },
      refresh: (items) =>
        order.next(() => {
          const live = order.stillFiring(items);
          return live.length > 0 ? post(live) : Promise.resolve(NOTHING_TO_REFRESH);
        }),
    };
  },
};

const NOTHING_TO_REFRESH = { ok: true, retryable: false, reason: 'every alarm of the refresh has ended since' } as const;
/** Episodes whose resolve was handed to the channel, remembered so no refresh announces them firing again. */
const ENDED_KEPT = 1_000;

/**
 * One post at a time per Alertmanager, in the order they were asked for, and no refresh of an episode whose
 * resolve was handed over: a refresh that arrived after the resolve would set the alert firing again (Alertmanager
 * merges by labels and keeps it for resolve_timeout), notifying for an alarm that is over.
 */
class PostOrder {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly ended = new Set<string>();

  next<T>(post: () => Promise<T>): Promise<T> {
    const run = this.tail.then(post);
    this.tail = run.catch(() => undefined);
    return run;
  }

  ending(items: readonly MessageItem[]): void {
    for (const item of items) {
      if (item.kind !== 'resolved') continue;
      this.ended.add(episodeOf(item));
      if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.values().next().value!);
    }
  }

  stillFiring(items: readonly MessageItem[]): MessageItem[] {
    return items.filter((item) => !this.ended.has(episodeOf(item)));
  }
}
