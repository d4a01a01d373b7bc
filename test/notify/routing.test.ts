import { describe, expect, it } from 'vitest';
import { route } from '../../source/notify/routing.js';
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
