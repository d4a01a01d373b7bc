import { formatDuration } from '../config/duration.js';
import { SEVERITIES } from '../config/schema.js';
import type { ChannelConfig, Config, RouteConfig, Severity } from '../config/types.js';
import { channelsBySeverity } from '../ownership/registry.js';
import type { Block, Inline } from './markup.js';
import type { Page } from './page.js';

const MOST_SEVERE_FIRST: Severity[] = [...SEVERITIES].reverse();

const KIND: Record<ChannelConfig['type'], string> = {
  slack: 'Slack',
  email: 'e-mail',
  pagerduty: 'PagerDuty',
  alertmanager: 'Alertmanager',
  webhook: 'webhook',
  teams: 'Microsoft Teams',
  terminal: 'terminal',
};

/** Where a channel delivers, said without its secret: webhook URLs, keys and SMTP credentials stay out. */
function destination(channel: ChannelConfig): string {
  switch (channel.type) {
    case 'email':
      return `to ${channel.to.join(', ')}`;
    case 'slack':
      return 'a Slack channel (incoming webhook; URL not shown)';
    case 'teams':
      return 'a Teams channel (Workflows webhook; URL not shown)';
    case 'pagerduty':
      return 'a PagerDuty service (Events API v2; routing key not shown)';
    case 'alertmanager':
      return 'an Alertmanager (API v2), which routes on by its own rules';
    case 'webhook':
      return 'an HTTP receiver (Alertmanager webhook payload; URL not shown)';
    case 'terminal':
      return 'the bell and a desktop notification while the dashboard runs';
  }
}

export function channelName(config: Config, id: string): string {
  const channel = config.channels[id];
  return channel ? `${id} (${KIND[channel.type]})` : id;
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

export function notificationsPage(config: Config): Page {
  const n = config.notifications;
  const used = (id: string): string[] => [
    ...config.teams.filter((t) => t.notify.includes(id)).map((t) => `team ${t.id}`),
    ...config.routes.flatMap((r, i) => (r.notify.includes(id) ? [`route ${i}`] : [])),
  ];
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: 'Notification strategy' },
    {
      kind: 'paragraph',
      content: [
        'Alarms carry the labels team and severity (info, warning, critical, page) and are routed as in Alertmanager: routes are tried in order (numbered from 0, as in the config), the first match wins unless it continues, and an alarm no route matches goes to its team\'s own channels.',
      ],
    },
    { kind: 'heading', level: 2, text: 'Channels' },
    Object.keys(config.channels).length === 0
      ? { kind: 'paragraph', content: ['No channels are configured: alarms show on the dashboard only.'] }
      : {
          kind: 'table',
          header: ['Channel', 'Type', 'Delivers to', 'Description', 'Used by'],
          rows: Object.entries(config.channels).map(([id, channel]) => [
            [{ code: id }],
            [KIND[channel.type]],
            [destination(channel)],
            [channel.description ?? ''],
            [used(id).join(', ') || 'nothing (unused)'],
          ]),
        },
    { kind: 'heading', level: 2, text: 'Routing' },
    { kind: 'list', items: routeItems(config) },
    { kind: 'heading', level: 2, text: 'What each team receives' },
    {
      kind: 'table',
      header: ['Team', ...MOST_SEVERE_FIRST],
      rows: config.teams.map((team) => {
        const receives = teamReceives(config, team.id);
        return [[team.name], ...MOST_SEVERE_FIRST.map((s) => [receives[s].map((id) => channelName(config, id)).join(', ') || 'nothing'])];
      }),
    },
    { kind: 'heading', level: 2, text: 'Grouping, reminders and resolution' },
    {
      kind: 'list',
      items: [
        [`Grouping: alarms of one team that arrive within ${formatDuration(n.groupWaitMs)} go out as one message; later alarms of an open group wait at least ${formatDuration(n.groupIntervalMs)}.`],
        [`Reminders: every ${formatDuration(n.repeatMs)} while an alarm fires and nobody has acknowledged it.`],
        [n.resolved ? 'Resolution: a message when an alarm resolves, on the channels that carried it.' : 'Resolution: no message when an alarm resolves.'],
        ['Acknowledgement stops escalation and reminders; a muted alarm sends nothing.'],
      ],
    },
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
        [team.escalation.map((level, i) => `${i + 1}. ${level}`).join('; ') || 'none'],
      ]),
    },
  ];
  return { name: 'notifications', title: 'Notification strategy', blocks };
}
