import { stringify } from 'yaml';
import { parseConfigText } from '../config/load.js';
import type { Config } from '../config/types.js';
import { DEMO_APIS, DEMO_TEAMS } from './fleet.js';
import { UNASSIGNED } from '../core/labels.js';

/** The demo fleet as a config document: the same text a user would write, read through the same loader. */
export function demoConfigText(port: number): string {
  const document = {
    defaults: {
      interval: '2s',
      timeout: '3s',
      window: '2m',
      // A p95 needs about 20 samples before one slow start-up probe stops being the whole answer.
      minSamples: 20,
      userAgent: 'api-health-demo/0.1 (https://example.org/api-health; ops@example.org)',
    },
    teams: Object.fromEntries(
      DEMO_TEAMS.map((t) => [
        t.id,
        {
          name: t.name,
          contacts: { email: t.email, slack: t.slack, phabricator: t.phabricator },
          escalation: [`${t.name} on-call`, `${t.name} manager`],
          notify: ['desk'],
        },
      ]),
    ),
    rules: [
      {
        name: 'HighLatency',
        metric: 'latency_p95',
        above: '800ms',
        for: '20s',
        severity: 'critical',
        description: 'Readers wait: p95 above 800 ms for 20 s (Wikimedia pages on p75 above 800 ms for 4 m; the demo is faster).',
      },
      {
        name: 'High5xx',
        metric: 'error_rate_5xx',
        above: '10%',
        for: '15s',
        severity: 'page',
        description: 'More than one request in ten fails on the server side.',
      },
    ],
    sla: {
      standard: {
        page: { triage: '2m', escalate: '3m', resolve: '30m' },
        critical: { triage: '5m', escalate: '10m', resolve: '1h' },
        warning: { triage: '1h', escalate: '4h', resolve: '1d' },
        info: { triage: '1d', escalate: '2d', resolve: '7d' },
      },
    },
    // Every view can be tried on the demo: a weekly deploy window (W lists it), and a dependency (apis below).
    maintenance: [{ name: 'MediaWiki train deploy', match: { family: ['MediaWiki REST'] }, every: 'TU-TH 19:00-20:00', reason: 'the weekly MediaWiki train' }],
    channels: { desk: { type: 'terminal', description: 'bell and desktop notification while the dashboard runs' } },
    apis: Object.fromEntries(
      DEMO_APIS.map((api) => [
        api.id,
        {
          name: api.name,
          family: api.family,
          owner: api.owner ?? UNASSIGNED.name,
          url: `http://127.0.0.1:${port}/${api.id}`,
          expect: { status: [200] },
          ...(api.dependsOn ? { dependsOn: api.dependsOn } : {}),
        },
      ]),
    ),
  };
  return `# The embedded demo fleet, served by api-health itself on loopback.\n${stringify(document)}`;
}

export function demoConfig(port: number): Config {
  return { ...parseConfigText(demoConfigText(port), '<demo>', {}), path: undefined };
}
