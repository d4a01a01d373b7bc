import { describe, expect, it } from 'vitest';
import { route } from '../../source/notify/routing.js';
import { config } from './helpers.js';

const cfg = config(`channels:
  probers: { type: slack, url: "https://hooks.example/probers" }
  owners: { type: slack, url: "https://hooks.example/owners" }
routes:
  - match: { scope: regional }
    notify: [probers]
  - match: { scope: global }
    notify: [owners]
`);

describe('routing on scope', () => {
  it.each([
    ["a process's own alarm is global", undefined, ['owners']],
    ['an exported regional alert goes to the regional route', 'regional', ['probers']],
    ['an exported global alert goes to the global route', 'global', ['owners']],
  ] as const)('%s', (_name, scope, channels) => {
    expect(route({ routes: cfg.routes, teams: cfg.teams }, { team: 'mwi', severity: 'page', apiId: 'search', family: 'Other', scope }).channels).toEqual(channels);
  });
});
