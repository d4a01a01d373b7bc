import { describe, expect, it } from 'vitest';
import { route, routeInAlertmanager } from '../../source/notify/routing.js';
import { parseConfigText } from '../../source/config/load.js';
import { config } from './helpers.js';

const cfg = config(`channels:
  oncall: { type: pagerduty, routingKey: k0123456789 }
  mwi-slack: { type: slack, url: "https://hooks.example/a" }
  mwi-mail: { type: email, to: a@example.org, from: b@example.org, smtp: { host: h } }
routes:
  - match: { severity: [page] }
    notify: [oncall]
    continue: true
  - match: { team: mwi, severity: [critical, page] }
    notify: [mwi-slack]
  - match: { team: mwi }
    notify: [mwi-mail]
`);
const teams = [...cfg.teams.filter((t) => t.id !== 'mwi'), { ...cfg.teams.find((t) => t.id === 'mwi')!, notify: ['mwi-mail'] }];

describe('routing', () => {
  it.each([
    ['a page continues to the team route', { team: 'mwi', severity: 'page' }, ['oncall', 'mwi-slack'], [0, 1], false],
    ['the first match wins without continue', { team: 'mwi', severity: 'critical' }, ['mwi-slack'], [1], false],
    ['no match falls back to the team\'s own channels', { team: 'search', severity: 'warning' }, [], [], true],
    ['an unowned alarm with no match goes nowhere', { team: undefined, severity: 'warning' }, [], [], true],
  ] as const)('%s', (_name, target, channels, matched, fallback) => {
    expect(route({ routes: cfg.routes, teams }, { ...target, apiId: 'search', family: 'Other' })).toEqual({ channels, matched, fallback });
  });
});

describe('routing in Alertmanager (an alertmanager channel is the engine, not a receiver)', () => {
  const engine = parseConfigText(`channels:
  am: { type: alertmanager, url: "http://127.0.0.1:9093" }
  hook: { type: webhook, url: "https://example.org/hook" }
  pd: { type: pagerduty, routingKey: "0123456789abcdef0123456789abcdef" }
teams:
  mwi: { name: MediaWiki Interfaces, notify: [am, hook] }
routes:
  - { match: { severity: [critical] }, notify: [am] }
  - { match: { severity: [page] }, notify: [am, pd] }
apis:
  search: { owner: mwi, url: "https://example.org/search" }
`, 'engine.yaml', {});

  it('a route that names only the alertmanager channel goes on to the team\'s own channels', () => {
    expect(routeInAlertmanager(engine, { team: 'mwi', severity: 'critical', apiId: 'search', family: 'Other' }).channels).toEqual(['hook']);
  });

  it('a route that names other channels too keeps them, without the alertmanager channel', () => {
    expect(routeInAlertmanager(engine, { team: 'mwi', severity: 'page', apiId: 'search', family: 'Other' }).channels).toEqual(['pd']);
  });

  it('api-health itself still hands the alert to the alertmanager channel', () => {
    expect(route(engine, { team: 'mwi', severity: 'critical', apiId: 'search', family: 'Other' }).channels).toEqual(['am']);
  });
});
