import type { ConfigPath } from '../config/resolve.js';
import type { Config, RouteConfig } from '../config/types.js';
import { hasContact, isLoopback } from '../probe/user-agent.js';
import { configRedactor } from '../text/redact.js';

/** A gap in the ownership list or the routing tree: the config loads, but someone will miss an alarm. */
export interface LintWarning {
  path: ConfigPath;
  message: string;
}

type Check = (config: Config) => LintWarning[];

const unownedApis: Check = (config) =>
  config.apis
    .filter((api) => api.owner === undefined)
    .map((api) => ({ path: ['apis', api.id, 'owner'], message: `API "${api.id}" has no owner: it shows as Unassigned` }));

const teamsWithoutContacts: Check = (config) =>
  config.teams
    .filter((team) => !Object.values(team.contacts).some((value) => value !== undefined && value !== ''))
    .map((team) => ({ path: ['teams', team.id], message: `team "${team.id}" has no contacts (email, slack, phabricator, irc, chat, url or oncall)` }));

const teamsWithoutChannels: Check = (config) =>
  config.teams
    .filter((team) => team.notify.length === 0 && !config.routes.some((r) => r.match?.team?.includes(team.id)))
    .map((team) => ({
      path: ['teams', team.id],
      message: `team "${team.id}" has no channel: give it notify: [CHANNEL] or a route with match.team: ${team.id}`,
    }));

const unusedChannels: Check = (config) => {
  const used = new Set([...config.teams.flatMap((t) => t.notify), ...config.routes.flatMap((r) => r.notify)]);
  return Object.keys(config.channels)
    .filter((id) => !used.has(id))
    .map((id) => ({ path: ['channels', id], message: `channel "${id}" is not used by any team or route` }));
};

/** Does `wide` match every alarm `narrow` matches? An absent matcher matches everything. */
function covers(wide: RouteConfig, narrow: RouteConfig): boolean {
  const keys = ['team', 'severity', 'api', 'family'] as const;
  return keys.every((key) => {
    const w = wide.match?.[key] as readonly string[] | undefined;
    const n = narrow.match?.[key] as readonly string[] | undefined;
    return w === undefined || (n !== undefined && n.every((value) => w.includes(value)));
  });
}

const unreachableRoutes: Check = (config) =>
  config.routes.flatMap((route, index) => {
    const shadow = config.routes.slice(0, index).findIndex((earlier) => !earlier.continue && covers(earlier, route));
    return shadow === -1
      ? []
      : [{ path: ['routes', index], message: `route ${index} is unreachable: route ${shadow} matches everything it matches and has no continue: true` }];
  });

function userAgentOf(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
}

const userAgentsWithoutContact: Check = (config) => {
  const remote = config.apis.filter((api) => api.url !== undefined && !isLoopback(api.url));
  const warnings: LintWarning[] = [];
  const onDefault: string[] = [];
  for (const api of remote) {
    const own = userAgentOf(api.headers);
    if (own === undefined) {
      if (!hasContact(config.defaults.userAgent)) onDefault.push(api.id);
    } else if (!hasContact(own)) {
      const header = Object.keys(api.headers).find((name) => name.toLowerCase() === 'user-agent')!;
      warnings.push({ path: ['apis', api.id, 'headers', header], message: `User-Agent of "${api.id}" has no contact (an email or URL) but probes a remote host` });
    }
  }
  if (onDefault.length > 0) {
    warnings.unshift({
      path: ['defaults', 'userAgent'],
      message: `the User-Agent has no contact (an email or URL) but ${onDefault.length} API(s) probe remote hosts (${onDefault.join(', ')}); use "name/version (https://your.site; you@example.org)"`,
    });
  }
  return warnings;
};

const duplicateUrls: Check = (config) => {
  const first = new Map<string, string>();
  return config.apis.flatMap((api) => {
    if (api.url === undefined) return [];
    const earlier = first.get(api.url);
    if (earlier === undefined) {
      first.set(api.url, api.id);
      return [];
    }
    return [{ path: ['apis', api.id, 'url'], message: `same URL as "${earlier}": ${api.url}` }];
  });
};

const CHECKS: Check[] = [
  unownedApis,
  teamsWithoutContacts,
  teamsWithoutChannels,
  unusedChannels,
  unreachableRoutes,
  userAgentsWithoutContact,
  duplicateUrls,
];

/**
 * Ownership lint over a config that already passed validation (unknown teams and channels, write methods).
 * Messages quote URLs and headers, so ${VAR} values are redacted from them.
 */
export function lintOwnership(config: Config): LintWarning[] {
  const redact = configRedactor(config);
  return CHECKS.flatMap((check) => check(config)).map((warning) => ({ ...warning, message: redact(warning.message) }));
}
