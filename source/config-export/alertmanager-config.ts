import { stringify } from 'yaml';
import type { ChannelConfig, Config, RouteConfig } from '../config/types.js';
import { promDuration } from './promql.js';
import { UNASSIGNED } from '../core/labels.js';

/** The receiver of alerts no route and no team claims: it sends nothing, as api-health would. */
export const UNROUTED = 'unrouted';

type Receiver = Record<string, unknown> & { name: string };

interface Built {
  receivers: Map<string, Receiver>;
  notes: string[];
}

const PAGERDUTY_SEVERITY =
  '{{ if eq .CommonLabels.severity "page" }}critical{{ else if eq .CommonLabels.severity "critical" }}error{{ else }}{{ .CommonLabels.severity }}{{ end }}';

/** `<MWI_SLACK_URL>`: what the deployer replaces with the secret, which never leaves api-health. */
function placeholder(channel: string, field: string): string {
  return `<${`${channel}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}>`;
}

/** Alertmanager 0.25 parses URL fields as URLs, so a secret URL's placeholder is written as one. */
function urlPlaceholder(channel: string, field: string): string {
  return `https://${placeholder(channel, field)}`;
}

function anySecret(value: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => s !== '' && value.includes(s));
}

/** One of our channels as Alertmanager receiver configs; undefined (with a note) when Alertmanager has no such integration. */
function channelConfigs(id: string, channel: ChannelConfig, config: Config, notes: string[]): Record<string, object[]> | undefined {
  const send_resolved = config.notifications.resolved;
  switch (channel.type) {
    case 'slack':
      return { slack_configs: [{ api_url: urlPlaceholder(id, 'url'), send_resolved, title: '[{{ .CommonLabels.severity | toUpper }}] {{ .CommonLabels.api }}: {{ .CommonLabels.alertname }}', text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook }}\n{{ end }}' }] };
    case 'email': {
      const { smtp } = channel;
      return {
        email_configs: channel.to.map((to) => ({
          to,
          from: channel.from,
          smarthost: `${smtp.host}:${smtp.port ?? (smtp.secure ? 465 : 587)}`,
          ...(smtp.user !== undefined ? { auth_username: anySecret(smtp.user, config.secrets) ? placeholder(id, 'smtp_user') : smtp.user } : {}),
          ...(smtp.pass !== undefined ? { auth_password: placeholder(id, 'smtp_pass') } : {}),
          send_resolved,
        })),
      };
    }
    case 'pagerduty':
      return {
        pagerduty_configs: [
          {
            routing_key: placeholder(id, 'routing_key'),
            ...(channel.url !== undefined ? { url: channel.url } : {}),
            severity: PAGERDUTY_SEVERITY,
            description: '{{ .CommonAnnotations.summary }}',
            send_resolved,
          },
        ],
      };
    case 'webhook': {
      const headers = channel.headers ?? {};
      const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization');
      const others = Object.keys(headers).filter((name) => name.toLowerCase() !== 'authorization');
      if (others.length > 0) notes.push(`channel ${id}: headers ${others.join(', ')} are not sent (Alertmanager webhooks take only an Authorization header)`);
      const scheme = authorization?.[1].split(' ')[0];
      return {
        webhook_configs: [
          {
            url: anySecret(channel.url, config.secrets) ? urlPlaceholder(id, 'url') : channel.url,
            send_resolved,
            ...(authorization ? { http_config: { authorization: { type: scheme && scheme !== authorization[1] ? scheme : 'Bearer', credentials: placeholder(id, 'authorization') } } } : {}),
          },
        ],
      };
    }
    case 'teams':
      notes.push(`channel ${id} (teams): Alertmanager 0.25 has no Microsoft Teams integration (msteams_configs arrives in 0.26); not exported`);
      return undefined;
    case 'alertmanager':
      notes.push(`channel ${id} (alertmanager): this file configures that Alertmanager; not a receiver`);
      return undefined;
    case 'terminal':
      notes.push(`channel ${id} (terminal): exists only while the dashboard runs; not exported`);
      return undefined;
  }
}

/** A receiver per distinct set of channels, named after them ("oncall+mwi-slack"). */
function receiverFor(channels: string[], config: Config, built: Built): string {
  if (channels.length === 0) return UNROUTED;
  const name = channels.join('+');
  if (!built.receivers.has(name)) {
    const receiver: Receiver = { name };
    for (const id of channels) {
      const configs = channelConfigs(id, config.channels[id]!, config, built.notes);
      for (const [key, list] of Object.entries(configs ?? {})) receiver[key] = [...((receiver[key] as object[] | undefined) ?? []), ...list];
    }
    built.receivers.set(name, receiver);
  }
  return name;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function matcher(label: string, values: readonly string[]): string {
  return values.length === 1 ? `${label}=${JSON.stringify(values[0])}` : `${label}=~${JSON.stringify(values.map(escapeRegex).join('|'))}`;
}

function childRoute(route: RouteConfig, config: Config, built: Built): object {
  const m = route.match ?? {};
  const matchers = [
    ...(m.severity ? [matcher('severity', m.severity)] : []),
    ...(m.api ? [matcher('api', m.api)] : []),
    ...(m.family ? [matcher('family', m.family)] : []),
  ];
  return { receiver: receiverFor(route.notify, config, built), ...(matchers.length > 0 ? { matchers } : {}), ...(route.continue ? { continue: true } : {}) };
}

/**
 * The routing tree, team first and then severity: one node per team holding, in config order, the routes that
 * can match that team. Alertmanager's rule is ours: children in order, the first match wins unless it says
 * `continue`, and with no child matching, the node's own receiver (the team's `notify` channels) takes it.
 */
export function buildAlertmanagerConfig(config: Config): { document: object; notes: string[] } {
  const built: Built = { receivers: new Map(), notes: [] };
  built.receivers.set(UNROUTED, { name: UNROUTED });
  const routesFor = (team: string | undefined): object[] =>
    config.routes.filter((r) => (team === undefined ? r.match?.team === undefined : (r.match?.team ?? [team]).includes(team))).map((r) => childRoute(r, config, built));
  const teamNodes = config.teams.map((team) => {
    const children = routesFor(team.id);
    return { matchers: [matcher('team', [team.id])], receiver: receiverFor(team.notify, config, built), ...(children.length > 0 ? { routes: children } : {}) };
  });
  const unassigned = routesFor(undefined);
  const n = config.notifications;
  const document = {
    route: {
      receiver: UNROUTED,
      group_by: ['team'],
      group_wait: promDuration(n.groupWaitMs),
      group_interval: promDuration(n.groupIntervalMs),
      repeat_interval: promDuration(n.repeatMs),
      routes: [...teamNodes, ...(unassigned.length > 0 ? [{ matchers: [matcher('team', [UNASSIGNED.id])], receiver: UNROUTED, routes: unassigned }] : [])],
    },
    receivers: [...built.receivers.values()],
  };
  return { document, notes: [...new Set(built.notes)] };
}

export function renderAlertmanagerConfig(config: Config): string {
  const { document, notes } = buildAlertmanagerConfig(config);
  const header = [
    'Generated by api-health export alertmanager; regenerate rather than edit.',
    'Replace every <NAME> placeholder (in URLs written as https://<NAME>) with the secret it names.',
    ...notes,
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}
