import { stringify } from 'yaml';
import { parseConfigText } from '../config/load.js';
import type { Config } from '../config/types.js';
import { DEMO_APIS, DEMO_TEAMS } from './fleet.js';

/** The demo fleet as a config document: the same text a user would write, read through the same loader. */
export function demoConfigText(port: number): string {
  const document = {
    defaults: {
      interval: '2s',
      timeout: '3s',
      window: '2m',
      userAgent: 'api-health-demo/0.1 (https://example.org/api-health; ops@example.org)',
    },
    teams: Object.fromEntries(
      DEMO_TEAMS.map((t) => [t.id, { name: t.name, contacts: { email: t.email, slack: t.slack, phabricator: t.phabricator } }]),
    ),
    apis: Object.fromEntries(
      DEMO_APIS.map((api) => [
        api.id,
        {
          name: api.name,
          family: api.family,
          owner: api.owner ?? 'Unassigned',
          url: `http://127.0.0.1:${port}/${api.id}`,
          expect: { status: [200] },
        },
      ]),
    ),
  };
  return `# The embedded demo fleet, served by api-health itself on loopback.\n${stringify(document)}`;
}

export function demoConfig(port: number): Config {
  return { ...parseConfigText(demoConfigText(port), '<demo>'), path: undefined };
}
