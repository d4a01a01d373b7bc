import { SEVERITY_ORDER } from '../alerts/severity.js';
import { formatDuration } from '../core/duration.js';

import type { ChannelConfig, Config, RouteConfig } from '../config/types.js';
import { definitionOf, minInterval } from '../notify/channels/registry.js';
import { DEFAULT_LOG_RETENTION_MS } from '../notify/create-notifier.js';
import { DEFAULT_RETRY } from '../notify/delivery/retry.js';
import { MAX_ANSWER_BYTES } from '../notify/http.js';
import { channelsBySeverity } from '../ownership/registry.js';
import type { Inline } from '../text/markup.js';
import { page, type Page } from './page.js';
import { escalationText } from './sla-page.js';
import { SEVERITIES } from '../core/rules.js';
import type { Severity } from '../core/rules.js';
import { scopeRoutingBlocks } from './vantage-blocks.js';

export function channelName(config: Config, id: string): string {
  const channel = config.channels[id];
  return channel ? `${id} (${definitionOf(channel).label})` : id;
}

function list(values: readonly string[] | undefined): string {
  return values ? values.join(' or ') : '';
}

/** "severity page, team mwi" - the matcher of a route in words. */
function matcherText(route: RouteConfig): string {
  const m = route.match ?? {};
  const parts = [
    m.severity && `severity ${list(m.severity)}`,
    m.team && `team ${list(m.team)}`,
    m.family && `family ${list(m.family)}`,
    m.api && `API ${list(m.api)}`,
    m.scope && `scope ${list(m.scope)}`,
  ].filter((part): part is string => Boolean(part));
  return parts.length === 0 ? 'every alarm' : parts.join(', ');
}

function routeItems(config: Config): Inline[][] {
  const items: Inline[][] = config.routes.map((route, index) => [
    { bold: `Route ${index}:` },
    ` ${matcherText(route)} -> ${route.notify.map((id) => channelName(config, id)).join(', ')}`,
    route.continue ? ', then the routes below still apply' : ', and stop',
  ]);
  items.push([{ bold: 'Otherwise' }, ' (no route matched): the owning team\'s own channels (its notify list).']);
  return items;
}

/** What one team hears, per severity: the union over its APIs, as routes may match by family or API. */
function teamReceives(config: Config, teamId: string): Record<Severity, string[]> {
  const apis = config.apis.filter((api) => api.owner === teamId);
  const result = Object.fromEntries(SEVERITIES.map((s) => [s, [] as string[]])) as Record<Severity, string[]>;
  const targets = apis.length > 0 ? apis : [{ id: '', family: '', owner: teamId }];
  for (const api of targets) {
    const routes = channelsBySeverity(config, api);
    for (const severity of SEVERITIES) for (const c of routes[severity]) if (!result[severity].includes(c)) result[severity].push(c);
  }
  return result;
}

function rateLimit(channel: ChannelConfig): string {
  const ms = minInterval(channel);
  return ms > 0 ? `1 message per ${formatDuration(ms)}` : 'none';
}

function timeout(channel: ChannelConfig): string {
  return definitionOf(channel).waitsForReceiver ? formatDuration(channel.timeout) : 'none (nothing to wait for)';
}

/** What the notifier does between an alarm and a receiver, in the numbers it really uses. */
function deliveryItems(config: Config): Inline[][] {
  const n = config.notifications;
  const used = [...new Set(Object.values(config.channels).map(definitionOf))];
  const periodic = used.flatMap((d) => (d.refresh ? [[{ bold: `${d.label}:` }, d.refresh.docs(formatDuration(d.refresh.defaultEveryMs))]] : []));
  const behaviour = used.flatMap((d) => (d.docs ? [[{ bold: `${d.label}:` }, ` ${d.docs}`]] : []));
  return [
    [
      { bold: 'Grouping:' },
      ` per channel and team, the first alarm waits ${formatDuration(n.groupWaitMs)} for others and they go out as one message; a group that has sent waits at least ${formatDuration(n.groupIntervalMs)} before it sends again.`,
    ],
    [
      { bold: 'Reminders:' },
      n.repeatMs > 0 ? ` every ${formatDuration(n.repeatMs)} after it fired, while an alarm fires unacknowledged and unmuted.` : ' none (repeat is 0).',
    ],
    [{ bold: 'Resolution:' }, n.resolved ? ' a message when an alarm resolves, on the channels its routes name.' : ' no message when an alarm resolves (resolved: false).'],
    [
      { bold: 'Acknowledgement and escalation:' },
      ' acknowledging, un-acknowledging and each escalation level are announced on the same channels; an acknowledgement stops escalation and reminders, and a muted alarm sends nothing.',
    ],
    [
      { bold: 'No repeats:' },
      ` a notification log remembers for ${formatDuration(DEFAULT_LOG_RETENTION_MS)} what went to which channel (one firing, one resolution and one escalation per level per alarm episode), so a restart does not send them again.`,
    ],
    [
      { bold: 'Outbox:' },
      ' each message is written to the outbox in the state folder and synced to disk before it is sent; what is still pending after a crash or restart is sent at the next start.',
    ],
    [{ bold: 'Order and rate:' }, ' a channel sends one message at a time, in order, no faster than its rate limit (see Channels).'],
    [
      { bold: 'Retries:' },
      ` network errors, no answer within the channel's timeout (see Channels), HTTP 429 and 5xx answers are retried with exponential backoff and jitter (from ${formatDuration(DEFAULT_RETRY.baseMs)}, doubling up to ${formatDuration(DEFAULT_RETRY.maxDelayMs)}, or after the receiver's Retry-After); other 4xx answers are final and recorded as failed, as is a message still undelivered after ${formatDuration(DEFAULT_RETRY.giveUpAfterMs)}. For e-mail, SMTP 4xx replies are retried and 5xx are final.`,
    ],
    [
      { bold: 'Repeated attempts:' },
      ' every attempt of one message, also after a restart, carries the same Idempotency-Key header (the message id; webhooks also send it as X-Api-Health-Message-Id, PagerDuty events add their place in the message, e-mail keeps one Message-ID), so a receiver that got an attempt that timed out can drop the retry.',
    ],
    [{ bold: 'Answers:' }, ` only the first ${MAX_ANSWER_BYTES / 1024} KiB of a receiver's answer is read (the status decides; the text is kept as the reason); the rest is dropped unread.`],
    ...periodic,
    ...behaviour,
  ];
}

export function notificationsPage(config: Config): Page {
  const used = (id: string): string[] => [
    ...config.teams.filter((t) => t.notify.includes(id)).map((t) => `team ${t.id}`),
    ...config.routes.flatMap((r, i) => (r.notify.includes(id) ? [`route ${i}`] : [])),
  ];
  const intro =
    'Alarms carry the labels team and severity (info, warning, critical, page) and are routed as in Alertmanager: routes are tried in order (numbered from 0, as in the config), the first match wins unless it continues, and an alarm no route matches goes to its team\'s own channels.';
  return page('notifications', 'Notification strategy', [intro], [
    { kind: 'heading', level: 2, text: 'Channels' },
    Object.keys(config.channels).length === 0
      ? { kind: 'paragraph', content: ['No channels are configured: alarms show on the dashboard only.'] }
      : {
          kind: 'table',
          header: ['Channel', 'Type', 'Delivers to', 'Rate limit', 'Timeout', 'Description', 'Used by'],
          rows: Object.entries(config.channels).map(([id, channel]) => [
            [{ code: id }],
            [definitionOf(channel).label],
            [definitionOf(channel).destination(channel)],
            [rateLimit(channel)],
            [timeout(channel)],
            [channel.description ?? ''],
            [used(id).join(', ') || 'nothing (unused)'],
          ]),
        },
    { kind: 'heading', level: 2, text: 'Routing' },
    { kind: 'list', items: routeItems(config) },
    { kind: 'heading', level: 2, text: 'What each team receives' },
    {
      kind: 'table',
      header: ['Team', ...SEVERITY_ORDER],
      rows: config.teams.map((team) => {
        const receives = teamReceives(config, team.id);
        return [[team.name], ...SEVERITY_ORDER.map((s) => [receives[s].map((id) => channelName(config, id)).join(', ') || 'nothing'])];
      }),
    },
    ...scopeRoutingBlocks(config),
    { kind: 'heading', level: 2, text: 'Delivery' },
    { kind: 'list', items: deliveryItems(config) },
    { kind: 'heading', level: 2, text: 'Per team' },
    {
      kind: 'table',
      header: ['Team', 'Own channels (notify)', 'Routes naming the team', 'SLA policy', 'Escalation'],
      rows: config.teams.map((team) => [
        [team.name],
        [team.notify.map((id) => channelName(config, id)).join(', ') || 'none'],
        [
          config.routes
            .flatMap((r, i) => (r.match?.team?.includes(team.id) ? [String(i)] : []))
            .join(', ') || 'none',
        ],
        [team.sla],
        [escalationText(team)],
      ]),
    },
  ]);
}
