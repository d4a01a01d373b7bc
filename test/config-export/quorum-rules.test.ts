import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';
import { renderAlertmanagerConfig } from '../../source/config-export/alertmanager-config.js';
import { buildRuleExport, renderPrometheusRules } from '../../source/config-export/prometheus-rules.js';
import { renderRuleTests } from '../../source/config-export/prometheus-rule-tests.js';
import { runTool } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const promtool = needsBinaries(['promtool']);
const amtool = needsBinaries(['amtool']);
const dir = tempDir('api-health-quorum-');
const VANTAGES = ['eqiad', 'codfw', 'ulsfo'];

function fleet(quorum: number | undefined, extra = ''): string {
  return [
    'teams:',
    '  mwi: { name: MediaWiki Interfaces, notify: [owners] }',
    '  sre: { name: Site Reliability }',
    'apis:',
    '  page: { name: Page API, owner: mwi, url: "http://127.0.0.1:9/page" }',
    'rules:',
    `  - { name: High5xx, metric: error_rate_5xx, above: 20%, severity: page${quorum === undefined ? '' : `, quorum: ${quorum}`} }`,
    'channels:',
    '  owners: { type: webhook, url: "http://127.0.0.1:9/owners" }',
    '  probers: { type: webhook, url: "http://127.0.0.1:9/probers" }',
    extra,
  ].join('\n');
}

const exportOf = (quorum: number | undefined) => buildRuleExport(parseConfigText(fleet(quorum), 'quorum.yaml', {}), 'apihealth');

/** Every vantage probes `page`; those named in `failing` get only 5xx, the others only 2xx. */
function series(failing: readonly string[], vantages: readonly string[] = VANTAGES): { series: string; values: string }[] {
  return vantages.map((vantage) => {
    const [outcome, statusClass] = failing.includes(vantage) ? ['http_5xx', '5xx'] : ['ok', '2xx'];
    return {
      series: `apihealth_probes_total{api="page",team="mwi",family="Other",outcome="${outcome}",status_class="${statusClass}",vantage="${vantage}"}`,
      values: '0+60x20',
    };
  });
}

/** Runs promtool on the exported rules with one test: at 6m, exactly `expected` High5xx alerts fire. */
async function promtoolTest(
  quorum: number,
  failing: readonly string[],
  expected: { scope: string; vantages: string }[],
  offline: readonly string[] = [],
): Promise<{ code: number | null; output: string }> {
  const exported = exportOf(quorum);
  const name = `q${quorum}-${failing.join('-') || 'none'}-offline-${offline.join('-')}`;
  writeFileSync(join(dir.path, `${name}.rules.yml`), renderPrometheusRules(exported, 'apihealth'));
  const specs = new Map(exported.alerts.map((spec) => [spec.labels.scope, spec]));
  const test = {
    rule_files: [`${name}.rules.yml`],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: [
          ...series(failing),
          ...VANTAGES.map((vantage) => ({ series: `apihealth_prober_offline{vantage="${vantage}"}`, values: `${offline.includes(vantage) ? 1 : 0}x20` })),
        ],
        alert_rule_test: [
          {
            eval_time: '6m',
            alertname: 'High5xx',
            exp_alerts: expected.map(({ scope, vantages }) => ({ exp_labels: specs.get(scope)!.labels, exp_annotations: { ...specs.get(scope)!.annotations, vantages } })),
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir.path, `${name}.test.yml`), stringify(test, { lineWidth: 0 }));
  const result = await runTool('promtool', ['test', 'rules', join(dir.path, `${name}.test.yml`)]);
  return { code: result.code, output: result.stdout + result.stderr };
}

afterAll(() => dir.remove());

describe('quorum in the exported rules', () => {
  it('leaves a rule without a quorum as it was: one alert over all vantages at once, no scope', () => {
    const [spec] = exportOf(undefined).alerts;
    expect(spec!.labels.scope).toBeUndefined();
    expect(spec!.expr).toBe(
      '(sum(rate(apihealth_probes_total{api="page",outcome="http_5xx"}[5m])) or vector(0)) / sum(rate(apihealth_probes_total{api="page"}[5m])) > 0.2',
    );
    expect(exportOf(undefined).vantageDeadman).toBeUndefined();
  });

  it('counts the vantages that see the condition against the quorum, global at or above it, regional below', () => {
    const condition =
      '(sum by (vantage) (rate(apihealth_probes_total{api="page",outcome="http_5xx"}[5m])) or 0 * sum by (vantage) (rate(apihealth_probes_total{api="page"}[5m]))) / sum by (vantage) (rate(apihealth_probes_total{api="page"}[5m])) > 0.2';
    const counted = `${condition} unless on (vantage) (apihealth_prober_offline == 1)`;
    expect(exportOf(2).alerts.map((spec) => [spec.labels.scope, spec.expr])).toEqual([
      ['global', `count(${counted}) >= 2`],
      ['regional', `count(${counted}) < 2`],
    ]);
  });

  it('has nothing regional with a quorum of 1', () => {
    expect(exportOf(1).alerts.map((spec) => spec.labels.scope)).toEqual(['global']);
  });

  it('adds a deadman per vantage, routed as regional', () => {
    expect(exportOf(2).vantageDeadman).toMatchObject({ alert: 'ApiHealthVantageAbsent', labels: { severity: 'critical', scope: 'regional' } });
  });

  const CASES: [number, string[], { scope: string; vantages: string }[]][] = [
    [1, ['codfw'], [{ scope: 'global', vantages: 'codfw' }]],
    [1, [], []],
    [2, ['codfw'], [{ scope: 'regional', vantages: 'codfw' }]],
    [2, ['codfw', 'eqiad'], [{ scope: 'global', vantages: 'codfw,eqiad' }]],
    [3, ['codfw', 'eqiad'], [{ scope: 'regional', vantages: 'codfw,eqiad' }]],
    [3, VANTAGES, [{ scope: 'global', vantages: 'codfw,eqiad,ulsfo' }]],
    [3, [], []],
  ];
  for (const [quorum, failing, expected] of CASES) {
    promtool.it(`with a quorum of ${quorum} of 3 and ${JSON.stringify(failing)} failing, promtool sees ${JSON.stringify(expected)}`, async () => {
      const result = await promtoolTest(quorum, failing, expected);
      expect(result.output).toContain('SUCCESS');
      expect(result.code).toBe(0);
    });
  }

  promtool.it('counts a vantage whose prober is offline neither for nor against: codfw and an offline eqiad failing are regional', async () => {
    const result = await promtoolTest(2, ['codfw', 'eqiad'], [{ scope: 'regional', vantages: 'codfw' }], ['eqiad']);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  promtool.it('fires the deadman of a vantage whose monitor stops, and of no other', async () => {
    writeFileSync(join(dir.path, 'deadman.rules.yml'), renderPrometheusRules(exportOf(2), 'apihealth'));
    const info = (vantage: string, values: string) => ({ series: `apihealth_build_info{version="0.1.0",vantage="${vantage}"}`, values });
    const test = {
      rule_files: ['deadman.rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [info('eqiad', '1x20'), info('codfw', '1x4 stale'), info('ulsfo', '1x20'), ...series([], VANTAGES)],
          alert_rule_test: [
            { eval_time: '4m', alertname: 'ApiHealthVantageAbsent', exp_alerts: [] },
            {
              eval_time: '9m',
              alertname: 'ApiHealthVantageAbsent',
              exp_alerts: [{ exp_labels: { severity: 'critical', scope: 'regional', vantage: 'codfw' }, exp_annotations: { summary: 'api-health vantage codfw reports no more', description: exportOf(2).vantageDeadman!.annotations.description!.replaceAll('{{ $labels.vantage }}', 'codfw') } }],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir.path, 'deadman.test.yml'), stringify(test, { lineWidth: 0 }));
    const result = await runTool('promtool', ['test', 'rules', join(dir.path, 'deadman.test.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });

  promtool.it('generates a promtool test file in which the global and the regional alert each fire', async () => {
    const exported = exportOf(3);
    writeFileSync(join(dir.path, 'generated.rules.yml'), renderPrometheusRules(exported, 'apihealth'));
    writeFileSync(join(dir.path, 'generated.test.yml'), renderRuleTests(exported, 'apihealth', 'generated.rules.yml'));
    const names = (parse(renderRuleTests(exported, 'apihealth', 'generated.rules.yml')) as { tests: { name: string }[] }).tests.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['High5xx (global) fires for page', 'High5xx (regional) fires for page']));
    const result = await runTool('promtool', ['test', 'rules', join(dir.path, 'generated.test.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
  });
});

describe('quorum in the exported Alertmanager config', () => {
  const routing = fleet(2, ['routes:', '  - match: { scope: regional }', '    notify: [probers]', ''].join('\n'));
  const document = () => parse(renderAlertmanagerConfig(parseConfigText(routing, 'quorum.yaml', {}))) as { route: { routes: { matchers: string[]; receiver: string; routes?: { receiver: string }[] }[] } };

  it('takes regional alerts before any team node, to the routes that ask for them and never to the owners', () => {
    const [first, ...rest] = document().route.routes;
    expect(first).toMatchObject({ matchers: ['scope="regional"'], receiver: 'unrouted', routes: [{ receiver: 'probers' }] });
    expect(rest.find((node) => node.matchers.includes('team="mwi"'))).toMatchObject({ receiver: 'owners' });
    expect(JSON.stringify(rest)).not.toContain('probers');
  });

  it('adds no regional node to a config without a quorum', () => {
    const plain = parse(renderAlertmanagerConfig(parseConfigText(fleet(undefined), 'quorum.yaml', {}))) as { route: { routes: { matchers: string[] }[] } };
    expect(plain.route.routes.map((node) => node.matchers[0])).not.toContain('scope="regional"');
  });

  amtool.it('passes amtool check-config', async () => {
    const file = join(dir.path, 'alertmanager.yml');
    writeFileSync(file, renderAlertmanagerConfig(parseConfigText(routing, 'quorum.yaml', {})));
    const result = await runTool('amtool', ['check-config', file]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });
});
