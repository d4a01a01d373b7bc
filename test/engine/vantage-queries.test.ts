import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { vantageStates } from '../../source/engine/vantage-queries.js';

const config = parseConfigText(
  `
teams: { mwi: { name: MediaWiki Interfaces } }
rules: [{ name: High5xx, metric: error_rate_5xx, above: 20%, quorum: 2 }]
apis: { page: { owner: mwi, url: "http://127.0.0.1:1/page" } }
`,
  'vantages.yaml',
  {},
);
const seen = (vantage: string) => ({ labels: { api: 'page', vantage }, value: 1 });

describe('vantageStates', () => {
  it('names the vantages that report an API, sorted, with those that see it failing', () => {
    const states = vantageStates(config, [seen('eqiad'), seen('codfw')], [seen('codfw')], []);
    expect(states.page!.vantages.map((v) => [v.name, v.failing])).toEqual([
      ['codfw', true],
      ['eqiad', false],
    ]);
  });

  it('shows only well-formed vantage names: a label value carrying escape sequences never reaches the screen', () => {
    const states = vantageStates(config, [seen('eqiad'), seen('\u001b]8;;http://evil\u0007x'), seen('')], [], []);
    expect(states.page!.vantages.map((v) => v.name)).toEqual(['eqiad']);
  });
});
