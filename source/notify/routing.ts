import type { Config, RouteConfig } from '../config/types.js';
import type { Severity } from '../core/rules.js';

export interface RouteTarget {
  team: string | undefined;
  severity: Severity;
  apiId: string;
  family: string;
  /** Only alerts of the exported quorum rules are regional; a process's own alarm is global. */
  scope?: 'regional' | 'global' | undefined;
}

export interface RouteDecision {
  channels: string[];
  /** Indexes of the routes that matched, in order; empty when the team's own `notify` list was used. */
  matched: number[];
  /** True when no route matched and the team's channels were used. */
  fallback: boolean;
}

function matches(route: RouteConfig, target: RouteTarget): boolean {
  const m = route.match;
  if (!m) return true;
  if (m.team && (target.team === undefined || !m.team.includes(target.team))) return false;
  if (m.severity && !m.severity.includes(target.severity)) return false;
  if (m.api && !m.api.includes(target.apiId)) return false;
  if (m.family && !m.family.includes(target.family)) return false;
  if (m.scope && !m.scope.includes(target.scope ?? 'global')) return false;
  return true;
}

/**
 * Alertmanager's rule: routes are tried in order, the first match wins unless it says `continue: true`.
 * An alarm no route matches goes to its team's own channels.
 */
export function route(config: Pick<Config, 'routes' | 'teams'>, target: RouteTarget): RouteDecision {
  const channels: string[] = [];
  const matched: number[] = [];
  for (const [index, r] of config.routes.entries()) {
    if (!matches(r, target)) continue;
    matched.push(index);
    for (const channel of r.notify) if (!channels.includes(channel)) channels.push(channel);
    if (!r.continue) break;
  }
  if (matched.length > 0) return { channels, matched, fallback: false };
  // As the exported Alertmanager tree does: a regional alarm never falls back to the owners' own channels.
  if (target.scope === 'regional') return { channels: [], matched, fallback: false };
  const team = config.teams.find((t) => t.id === target.team);
  return { channels: [...(team?.notify ?? [])], matched, fallback: true };
}

/**
 * The routes as Alertmanager applies them to an alert api-health hands it. An alertmanager channel is that
 * engine, never a receiver: it leaves every list, and a route that named only such channels is gone, so the
 * alert goes on through the later routes to its team's own channels.
 */
export function alertmanagerView<C extends Pick<Config, 'routes' | 'teams' | 'channels'>>(config: C): C {
  const isEngine = (id: string): boolean => config.channels[id]?.type === 'alertmanager';
  const deliver = (ids: readonly string[]): string[] => ids.filter((id) => !isEngine(id));
  return {
    ...config,
    routes: config.routes.filter((r) => deliver(r.notify).length > 0 || r.notify.length === 0).map((r) => ({ ...r, notify: deliver(r.notify) })),
    teams: config.teams.map((t) => ({ ...t, notify: deliver(t.notify) })),
  };
}

/** Where Alertmanager delivers an alert api-health hands it (through an alertmanager channel, or from the exported rules). */
export function routeInAlertmanager(config: Pick<Config, 'routes' | 'teams' | 'channels'>, target: RouteTarget): RouteDecision {
  return route(alertmanagerView(config), target);
}
