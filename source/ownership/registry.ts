import { SEVERITY_ORDER } from '../alerts/severity.js';
import type { ApiConfig, Component, Config, Contacts, Team } from '../config/types.js';
import { route } from '../notify/routing.js';
import { configRedactor, redactValue } from '../text/redact.js';
import type { Severity } from '../core/rules.js';
import { isUnassigned, UNASSIGNED } from '../core/labels.js';


/** One line of the ownership list: who stewards an API and how its alarms reach them. */
export interface OwnershipEntry {
  apiId: string;
  api: string;
  family: string;
  /** The steward team's id; undefined when nobody owns the API. */
  teamId: string | undefined;
  steward: string;
  /** Every contact except the Phabricator project, which has its own column. */
  contacts: Partial<Contacts>;
  phabricator: string | undefined;
  /** Channels an alarm of this API reaches, per severity, as the routing tree decides. */
  routes: Record<Severity, string[]>;
  /** The union of `routes`, in first-seen order. */
  channels: string[];
  /** Undefined for an unowned API: no team, no policy. */
  sla: string | undefined;
  method: string;
  url: string | undefined;
}

export function channelsBySeverity(config: Pick<Config, 'routes' | 'teams'>, api: Pick<ApiConfig, 'id' | 'owner' | 'family'>): Record<Severity, string[]> {
  const routes = {} as Record<Severity, string[]>;
  // Most severe first, so the channel list reads in the order an incident escalates through it.
  for (const severity of SEVERITY_ORDER) {
    routes[severity] = route(config, { team: api.owner, severity, apiId: api.id, family: api.family }).channels;
  }
  return routes;
}

/** An API, or a component (never probed: no method, no URL). */
export function ownershipEntry(config: Config, api: ApiConfig | Component): OwnershipEntry {
  const team: Team | undefined = config.teams.find((t) => t.id === api.owner);
  const { phabricator, ...contacts } = team?.contacts ?? {};
  const routes = channelsBySeverity(config, api);
  const channels: string[] = [];
  for (const list of Object.values(routes)) for (const c of list) if (!channels.includes(c)) channels.push(c);
  return {
    apiId: api.id,
    api: api.name,
    family: api.family,
    teamId: team?.id,
    steward: team?.name ?? UNASSIGNED.name,
    contacts,
    phabricator,
    routes,
    channels,
    sla: team?.sla,
    method: 'method' in api ? api.method : '',
    url: 'url' in api ? api.url : undefined,
  };
}

/**
 * The ownership list (APIs and components) in a stable order (family, then name), optionally for one team; `unassigned`
 * selects the APIs nobody owns. The list is published, so ${VAR} values (a key in a probe URL) are redacted.
 */
export function ownershipList(config: Config, teamFilter?: string): OwnershipEntry[] {
  const redact = configRedactor(config);
  return [...config.apis, ...config.components]
    .filter((api) => teamFilter === undefined || (isUnassigned(teamFilter) ? api.owner === undefined : api.owner === teamFilter))
    .map((api) => redactValue(ownershipEntry(config, api), redact))
    .sort((a, b) => a.family.localeCompare(b.family) || a.api.localeCompare(b.api) || a.apiId.localeCompare(b.apiId));
}

/** "email: x; slack: #y", in the order the config lists them. */
export function contactText(contacts: Partial<Contacts>): string {
  return Object.entries(contacts)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([kind, value]) => `${kind}: ${value}`)
    .join('; ');
}
