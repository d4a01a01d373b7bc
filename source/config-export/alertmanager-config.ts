import { stringify } from 'yaml';
import type { ChannelConfig, Config, RouteConfig } from '../config/types.js';
import { promDuration } from './promql.js';
import { UNASSIGNED } from '../core/labels.js';
import { definitionOf } from '../notify/channels/registry.js';
import { alertmanagerView } from '../notify/routing.js';
import { dependencyInhibitRules } from './dependency-inhibit.js';
import { SCOPE_LABEL } from './quorum-rules.js';

/** The receiver of alerts no route and no team claims: it sends nothing, as api-health would. */
export const UNROUTED = 'unrouted';

type Receiver = Record<string, unknown> & { name: string };

interface Built {
  receivers: Map<string, Receiver>;
  notes: string[];
}

/** One of our channels as Alertmanager receiver configs, as its definition writes them; none (with a note) when Alertmanager has no such integration. */
function channelConfigs(id: string, channel: ChannelConfig, config: Config, notes: string[]): Record<string, object[]> {
  const { alertmanager } = definitionOf(channel);
  if ('unsupported' in alertmanager) {
    notes.push(`channel ${id} (${channel.type}): ${alertmanager.unsupported}`);
    return {};
  }
  return alertmanager.receiver(channel, { id, sendResolved: config.notifications.resolved, secrets: config.secrets, variables: config.secretVariables ?? {}, note: (text) => notes.push(text) });
}

/**
 * A receiver per distinct set of exported channels, named after them ("oncall+mwi-slack"); a channel Alertmanager
 * has no integration for is left out of the name too, and a set with none left is UNROUTED, which sends nothing.
 */
function receiverFor(channels: string[], config: Config, built: Built): string {
  const exported = channels.map((id) => ({ id, configs: channelConfigs(id, config.channels[id]!, config, built.notes) })).filter((c) => Object.keys(c.configs).length > 0);
  if (exported.length === 0) return UNROUTED;
  const name = exported.map((c) => c.id).join('+');
  if (!built.receivers.has(name)) {
    const receiver: Receiver = { name };
    for (const { configs } of exported) {
      for (const [key, list] of Object.entries(configs)) receiver[key] = [...((receiver[key] as object[] | undefined) ?? []), ...list];
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

const MATCHED_LABELS = ['severity', 'api', 'family'] as const;

function matchersOf(routes: readonly RouteConfig[]): string[] {
  return routes.flatMap((r) => MATCHED_LABELS.flatMap((label) => (r.match?.[label] ? [matcher(label, r.match[label])] : [])));
}

/** Whether one alert can match all these routes (no label asked for two disjoint sets of values). */
function compatible(routes: readonly RouteConfig[]): boolean {
  return MATCHED_LABELS.every((label) => {
    const sets = routes.flatMap((r) => (r.match?.[label] ? [r.match[label] as readonly string[]] : []));
    return sets.length === 0 || sets[0]!.some((v) => sets.every((set) => set.includes(v)));
  });
}

/** Every non-empty subset, largest first, so the first that matches is exactly the set of those that matched. */
function subsetsLargestFirst<T>(items: readonly T[]): T[][] {
  const all = items.reduce<T[][]>((subsets, item) => [...subsets, ...subsets.map((s) => [...s, item])], [[]]).filter((s) => s.length > 0);
  return all.sort((a, b) => b.length - a.length);
}

/**
 * One of our routes as a child of a team node. api-health sends a channel once however many routes name it;
 * Alertmanager would send once per receiver. So when earlier `continue` routes share channels with this one, it
 * gets a child per combination of them that can match too, whose receiver leaves out what they already sent.
 */
function childRoute(route: RouteConfig, earlier: readonly RouteConfig[], config: Config, built: Built): object {
  const overlapping = earlier.filter((e) => e.continue && e.notify.some((id) => route.notify.includes(id)));
  const children = subsetsLargestFirst(overlapping)
    .filter((sent) => compatible([route, ...sent]))
    .map((sent) => ({ matchers: matchersOf(sent), receiver: receiverFor(route.notify.filter((id) => !sent.some((e) => e.notify.includes(id))), config, built) }));
  const matchers = matchersOf([route]);
  return {
    receiver: receiverFor(route.notify, config, built),
    ...(matchers.length > 0 ? { matchers } : {}),
    ...(route.continue ? { continue: true } : {}),
    ...(children.length > 0 ? { routes: children } : {}),
  };
}

function isRegionalOnly(route: RouteConfig): boolean {
  return route.match?.scope !== undefined && !route.match.scope.includes('global');
}

/**
 * With quorum rules, the first node takes every regional alert (scope="regional": fewer vantages than the quorum
 * see it, or a vantage's monitor is gone) before any team node can page the API's owners with it. The routes
 * that match `scope: regional` deliver it, to the probers' people say; with none, it is shown in Alertmanager
 * and sent nowhere.
 */
function regionalNode(full: Config, config: Config, built: Built): object | undefined {
  const quorum = full.defaults.quorum !== undefined || full.apis.some((api) => api.rules.some((rule) => rule.quorum !== undefined));
  if (!quorum) return undefined;
  const routes = config.routes.filter((r) => r.match?.scope?.includes('regional'));
  const children = routes.map((r, i) => {
    const child = childRoute(r, routes.slice(0, i), config, built) as { matchers?: string[] };
    const team = r.match?.team ? [matcher('team', r.match.team)] : [];
    return { ...child, ...(team.length > 0 || child.matchers ? { matchers: [...team, ...(child.matchers ?? [])] } : {}) };
  });
  return { matchers: [`${SCOPE_LABEL}="regional"`], receiver: UNROUTED, ...(children.length > 0 ? { routes: children } : {}) };
}

/** What became of the alertmanager channels, which are this file's Alertmanager and so no receiver of it. */
function engineNotes(config: Config): string[] {
  return Object.entries(config.channels)
    .filter(([, channel]) => channel.type === 'alertmanager')
    .map(([id]) => `channel ${id} (alertmanager): this file configures that Alertmanager, not a receiver; routes through it go on to the later routes and the team's own channels`);
}

/**
 * The routing tree, team first and then severity: one node per team holding, in config order, the routes that
 * can match that team. Alertmanager's rule is ours: children in order, the first match wins unless it says
 * `continue`, and with no child matching, the node's own receiver (the team's `notify` channels) takes it.
 * The routes are those of alertmanagerView: Alertmanager delivers what api-health hands it as routeInAlertmanager says.
 */
export function buildAlertmanagerConfig(full: Config): { document: object; notes: string[] } {
  const config = alertmanagerView(full);
  const built: Built = { receivers: new Map(), notes: engineNotes(full) };
  built.receivers.set(UNROUTED, { name: UNROUTED });
  const routesFor = (team: string | undefined): object[] => {
    const reachable = config.routes.filter((r) => !isRegionalOnly(r)).filter((r) => (team === undefined ? r.match?.team === undefined : (r.match?.team ?? [team]).includes(team)));
    return reachable.map((r, i) => childRoute(r, reachable.slice(0, i), config, built));
  };
  const regional = regionalNode(full, config, built);
  const teamNodes = config.teams.map((team) => {
    const children = routesFor(team.id);
    return { matchers: [matcher('team', [team.id])], receiver: receiverFor(team.notify, config, built), ...(children.length > 0 ? { routes: children } : {}) };
  });
  const unassigned = routesFor(undefined);
  const inhibitRules = dependencyInhibitRules(full.apis);
  const n = config.notifications;
  const document = {
    route: {
      receiver: UNROUTED,
      group_by: ['team'],
      group_wait: promDuration(n.groupWaitMs),
      group_interval: promDuration(n.groupIntervalMs),
      repeat_interval: promDuration(n.repeatMs),
      routes: [...(regional ? [regional] : []), ...teamNodes, ...(unassigned.length > 0 ? [{ matchers: [matcher('team', [UNASSIGNED.id])], receiver: UNROUTED, routes: unassigned }] : [])],
    },
    receivers: [...built.receivers.values()],
    ...(inhibitRules.length > 0 ? { inhibit_rules: inhibitRules } : {}),
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
