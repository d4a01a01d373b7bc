import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { BURN_RATE_PAIRS } from '../../source/alerts/burn-rate.js';
import { buildRuleExport, renderPrometheusRules } from '../../source/config-export/prometheus-rules.js';
import { renderRuleTests } from '../../source/config-export/prometheus-rule-tests.js';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { SECRET, secretFleet } from '../helpers/secret-fleet.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { RULES_CONFIG, SECRETS } from './fixtures.js';
import { parseConfigText } from '../../source/config/load.js';

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
}

const integration = needsBinaries(['promtool']);
const dir = tempDir('api-health-rules-');
const configFile = join(dir.path, 'api-health.yaml');

async function exportRules(flavour: string): Promise<{ rules: string; tests: string }> {
  const rules = join(dir.path, `${flavour}.rules.yml`);
  const tests = join(dir.path, `${flavour}.tests.yml`);
  const result = await runCommand(['export', 'prometheus-rules', '--config', configFile, '--metrics', flavour, '--output', rules, '--tests', tests], { cwd: dir.path, env: { ...SECRETS } });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return { rules, tests };
}

const alerts = (file: string) => (parse(readFileSync(file, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);

describe('export prometheus-rules', () => {
  beforeAll(() => {
    writeFileSync(configFile, RULES_CONFIG);
  });
  afterAll(() => dir.remove());

  describe.each(['apihealth', 'blackbox'])('over %s metrics', (flavour) => {
    integration.it('passes promtool check rules', async () => {
      const { rules } = await exportRules(flavour);
      const result = await runTool('promtool', ['check', 'rules', rules]);
      expect(result.stderr).toBe('');
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).toContain('SUCCESS: 13 rules found');
    });

    integration.it('comes with a promtool test file in which every alert over probe series fires', async () => {
      const { tests } = await exportRules(flavour);
      const file = parse(readFileSync(tests, 'utf8')) as { tests: { name: string }[] };
      expect(file.tests.map((t) => t.name)).toEqual([
        'mw-rest-page/HighLatency fires',
        'mw-rest-page/High5xx fires',
        'mw-rest-page/LowAvailability fires',
        'mw-rest-page/SLOBurn1h5m fires',
        'mw-rest-page/SLOBurn6h30m fires',
        'mw-rest-page/SLOBurn3d6h fires',
        'orphan/HighLatency fires',
        'orphan/High5xx fires',
        'orphan/LowAvailability fires',
        'orphan/Errors fires',
        'ApiHealthProbesAbsent fires for every team when no probe series exist',
      ]);
      const result = await runTool('promtool', ['test', 'rules', tests]);
      expect(result.stdout + result.stderr).toContain('SUCCESS');
      expect(result.code).toBe(0);
    }, 30_000);
  });

  integration.it('the generated tests fail when a rule no longer fires where it should', async () => {
    const { rules, tests } = await exportRules('apihealth');
    const file = parse(readFileSync(rules, 'utf8')) as RuleFile;
    const rule = file.groups[0]!.rules.find((r) => r.alert === 'High5xx')!;
    rule.expr = rule.expr.replace(/> 0\.02$/, '> 1');
    writeFileSync(rules, stringify(file));
    const result = await runTool('promtool', ['test', 'rules', tests]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('alertname: High5xx');
  }, 30_000);

  it('labels every alert with severity, team, api and family, and annotates summary, description, runbook and dashboard', async () => {
    const { rules } = await exportRules('apihealth');
    const latency = alerts(rules).find((r) => r.alert === 'HighLatency' && r.labels.api === 'mw-rest-page')!;
    expect(latency).toMatchObject({
      for: '2m',
      labels: { severity: 'warning', team: 'mwi', api: 'mw-rest-page', family: 'MediaWiki REST' },
      annotations: {
        summary: 'MediaWiki REST - page: p95 latency above 1.5s',
        description: expect.stringContaining('has been above 1.5s for 2m'),
        runbook: 'https://wikitech.example.org/HighLatency',
        dashboard: 'https://grafana.example.org/d/mw-rest',
      },
    });
    expect(alerts(rules).find((r) => r.labels.api === 'orphan')!.labels.team).toBe('unassigned');
  });

  it('encodes each API\'s effective rules: thresholds in seconds and fractions, overrides applied, `off` left out', async () => {
    const { rules } = await exportRules('apihealth');
    const page = alerts(rules).filter((r) => r.labels.api === 'mw-rest-page');
    expect(page.map((r) => r.alert)).toEqual(['HighLatency', 'High5xx', 'LowAvailability', 'SLOBurn1h5m', 'SLOBurn6h30m', 'SLOBurn3d6h']);
    expect(page[0]!.expr).toBe('histogram_quantile(0.95, sum by (le) (rate(apihealth_probe_duration_seconds_bucket{api="mw-rest-page"}[5m]))) > 1.5');
    expect(page[1]!.expr).toMatch(/outcome="http_5xx".* > 0\.02$/);
    expect(page[2]!.expr).toMatch(/outcome="ok".* < 0\.99$/);
  });

  it('pairs SLO burn-rate windows as the SRE workbook does: 1h/5m and 6h/30m page, 3d/6h is a warning', async () => {
    const { rules } = await exportRules('apihealth');
    const slo = alerts(rules).filter((r) => r.alert.startsWith('SLOBurn'));
    expect(slo.map((r) => [r.alert, r.labels.severity])).toEqual([
      ['SLOBurn1h5m', 'page'],
      ['SLOBurn6h30m', 'page'],
      ['SLOBurn3d6h', 'warning'],
    ]);
    expect(slo[0]!.expr).toMatch(/\[1h\].* > 0\.072\) and \(.*\[5m\].* > 0\.072\)$/);
    expect(slo[2]!.expr).toMatch(/\[3d\].* > 0\.005\) and \(.*\[6h\].* > 0\.005\)$/);
  });

  it('over blackbox metrics, finds each API by its api target label, never by its url', async () => {
    const { rules } = await exportRules('blackbox');
    const page = alerts(rules).filter((r) => r.labels.api === 'mw-rest-page');
    expect(page[0]!.expr).toBe('max(quantile_over_time(0.95, probe_duration_seconds{api="mw-rest-page"}[5m])) > 1.5');
    expect(page[1]!.expr).toContain('probe_http_status_code{api="mw-rest-page"} >= bool 500');
    expect(page[2]!.expr).toContain('probe_success{api="mw-rest-page"}');
    expect(readFileSync(rules, 'utf8')).toContain('# blackbox_exporter targets carry the label api=<API id>');
  });

  it('an API read from Prometheus alerts on its own query, and says which rules it cannot express', async () => {
    const { rules } = await exportRules('apihealth');
    const aqs = alerts(rules).filter((r) => r.labels.api === 'aqs');
    expect(aqs.map((r) => r.alert)).toEqual(['HighLatency']);
    expect(aqs[0]!.expr).toBe('(histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="aqs"}[5m])))) > 0.8');
    expect(readFileSync(rules, 'utf8')).toContain('# not exported: aqs/High5xx: no url to probe and no query for error_rate_5xx');
  });

  it('exports a deadman alert per team whose APIs are probed, routed to that team, for when its probe series are absent', async () => {
    const { rules } = await exportRules('apihealth');
    const deadman = alerts(rules).filter((r) => r.alert === 'ApiHealthProbesAbsent');
    expect(deadman.map((r) => [r.labels, r.for])).toEqual([
      [{ severity: 'critical', team: 'mwi' }, '2m'],
      [{ severity: 'critical', team: 'unassigned' }, '2m'],
    ]);
    expect(deadman[0]!.expr).toBe('absent(apihealth_probes_total{team="mwi"}) or sum(increase(apihealth_probes_total{team="mwi"}[5m])) == 0');
    expect(deadman[0]!.annotations.summary).toBe('No api-health probe figures for team mwi: its APIs cannot alert');
  });

  it('over blackbox metrics, the deadman alert watches the team\'s probe_success series by api label', async () => {
    const { rules } = await exportRules('blackbox');
    const deadman = alerts(rules).filter((r) => r.alert === 'ApiHealthProbesAbsent');
    expect(deadman.map((r) => r.expr)).toEqual(['absent(probe_success{api=~"mw-rest-page"})', 'absent(probe_success{api=~"orphan"})']);
  });

  integration.it('the generated deadman test fails when the rule no longer fires on absent series', async () => {
    const { rules, tests } = await exportRules('apihealth');
    const file = parse(readFileSync(rules, 'utf8')) as RuleFile;
    const group = file.groups.find((g) => g.name === 'api-health:deadman')!;
    group.rules[0]!.expr = 'vector(1) == 0';
    writeFileSync(rules, stringify(file));
    const result = await runTool('promtool', ['test', 'rules', tests]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('alertname: ApiHealthProbesAbsent');
  }, 30_000);

  it('writes to stdout without --output', async () => {
    const result = await runCommand(['export', 'prometheus-rules', '--config', configFile], { cwd: dir.path, env: { ...SECRETS } });
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toHaveProperty('groups');
  });

  it.each([
    [['export'], 'export needs one target'],
    [['export', 'grafana'], 'export needs one target'],
    [['export', 'prometheus-rules', '--metrics', 'statsd'], 'invalid --metrics "statsd" (known: apihealth, blackbox)'],
    [['export', 'prometheus-rules', '--tests', 'x.yml'], '--tests goes with export prometheus-rules --output FILE'],
    [['export', 'alertmanager', '--team', 'mwi'], 'api-health: unknown flag --team for export: the dashboard, owners take it, export does not'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const result = await runCommand([...argv, '--config', configFile], { cwd: dir.path, env: { ...SECRETS } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('export prometheus-rules secrets', () => {
  it.each(['apihealth', 'blackbox'] as const)('writes no ${VAR} value of an API url into the %s rules or their tests', (flavour) => {
    const keyed = secretFleet(undefined, 'rules:\n  - { name: High5xx, metric: error_rate_5xx, above: 2%, severity: critical }\nslo: { objective: 99.5% }\n');
    const exported = buildRuleExport(keyed, flavour);
    expect(keyed.apis.some((api) => api.url?.includes(SECRET))).toBe(true);
    expect(renderPrometheusRules(exported, flavour)).not.toContain(SECRET);
    expect(renderRuleTests(exported, flavour, 'rules.yml')).not.toContain(SECRET);
  });


  it('redacts ${VAR} values from the annotations (a key in a runbook link)', () => {
    const keyed = secretFleet(undefined, 'rules:\n  - { name: High5xx, metric: error_rate_5xx, above: 2%, severity: critical }\nslo: { objective: 99.5% }\n');
    const exported = buildRuleExport(keyed, 'apihealth');
    expect(exported.alerts.filter((a) => a.api.id === 'keyed').map((a) => a.annotations.runbook)).toEqual(
      Array(1 + BURN_RATE_PAIRS.length).fill('https://wikitech.example.org/Keyed?token=[redacted]'),
    );
    expect(renderPrometheusRules(exported, 'apihealth')).not.toContain(SECRET);
  });
});

const AGREE_CONFIG = `
defaults: { window: 5m }
teams:
  mwi: { name: MediaWiki Interfaces }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 30%, resolveAfter: 2m, severity: critical }
apis:
  search: { name: Search API, owner: mwi, url: "https://api.example.org/search" }
`;

describe('exported rules agree with the engine (promtool)', () => {
  const agreeDir = tempDir('api-health-rules-agree-');
  afterAll(() => agreeDir.remove());

  async function promtoolTest(name: string, rules: string, tests: object[]): Promise<{ code: number | null; output: string }> {
    const rulesFile = join(agreeDir.path, `${name}.rules.yml`);
    const testsFile = join(agreeDir.path, `${name}.tests.yml`);
    writeFileSync(rulesFile, rules);
    writeFileSync(testsFile, stringify({ rule_files: [rulesFile], evaluation_interval: '15s', tests }));
    const result = await runTool('promtool', ['test', 'rules', testsFile]);
    return { code: result.code, output: result.stdout + result.stderr };
  }

  integration.it('the blackbox 5xx ratio counts every scrape: 1 in 4 answers 500 reads 0.25, not the 0.55 a 30s subquery step saw', async () => {
    const config = parseConfigText(AGREE_CONFIG, 'agree.yaml', {});
    const exported = buildRuleExport(config, 'blackbox');
    const expr = exported.alerts[0]!.expr.replace(/ > 0\.3$/, '');
    const values = Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 500 : 200)).join(' ');
    const result = await promtoolTest('subquery', renderPrometheusRules(exported, 'blackbox'), [
      {
        interval: '15s',
        input_series: [{ series: 'probe_http_status_code{api="search",job="blackbox"}', values }],
        promql_expr_test: [
          // Each scrape weighs as long as it was the latest: exact but for the scrape the window starts inside.
          { expr: `round(${expr}, 0.01)`, eval_time: '10m', exp_samples: [{ labels: '{}', value: 0.25 }] },
          { expr: `round(${expr.replace('[5m:1s]', '[5m:30s]')}, 0.01)`, eval_time: '10m', exp_samples: [{ labels: '{}', value: 0.55 }] },
        ],
        alert_rule_test: [{ eval_time: '10m', alertname: 'High5xx', exp_alerts: [] }],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  }, 30_000);

  integration.it('keeps firing for the rule\'s resolveAfter once the condition clears, as api-health does (keep_firing_for)', async () => {
    const config = parseConfigText(AGREE_CONFIG, 'agree.yaml', {});
    const exported = buildRuleExport(config, 'apihealth');
    const spec = exported.alerts[0]!;
    const series = (outcome: string, statusClass: string, values: string) => ({
      series: `apihealth_probes_total{api="search",team="mwi",family="Other",outcome="${outcome}",status_class="${statusClass}"}`,
      values,
    });
    // 10 minutes of 5xx, then only good probes.
    const result = await promtoolTest('keep-firing', renderPrometheusRules(exported, 'apihealth'), [
      {
        interval: '1m',
        input_series: [series('http_5xx', '5xx', '0+60x10 600x20'), series('ok', '2xx', '0x10 0+60x20')],
        alert_rule_test: [
          { eval_time: '10m', alertname: 'High5xx', exp_alerts: [{ exp_labels: spec.labels, exp_annotations: spec.annotations }] },
          { eval_time: '14m', alertname: 'High5xx', exp_alerts: [{ exp_labels: spec.labels, exp_annotations: spec.annotations }] },
          { eval_time: '20m', alertname: 'High5xx', exp_alerts: [] },
        ],
      },
    ]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  }, 30_000);

  it('writes keep_firing_for by default, and for a Prometheus before 2.42 an annotation that says api-health waits instead', () => {
    const config = parseConfigText(AGREE_CONFIG, 'agree.yaml', {});
    const modern = parse(renderPrometheusRules(buildRuleExport(config, 'apihealth'), 'apihealth')) as RuleFile & { groups: { rules: { keep_firing_for?: string }[] }[] };
    expect(modern.groups[0]!.rules[0]!.keep_firing_for).toBe('2m');
    const old = buildRuleExport(config, 'apihealth', { keepFiringFor: false });
    expect(renderPrometheusRules(old, 'apihealth')).not.toContain('keep_firing_for:');
    expect(old.alerts[0]!.annotations.resolve_after).toBe('api-health resolves after 2m clear; this Prometheus (before 2.42, no keep_firing_for) resolves at once');
  });

  it('says on latency alerts how each flavour times a probe', () => {
    const config = parseConfigText(AGREE_CONFIG.replace('rules:\n', 'rules:\n  - { name: HighLatency, metric: latency_p95, above: 800ms, severity: warning }\n'), 'agree.yaml', {});
    const latency = (flavour: 'apihealth' | 'blackbox') => buildRuleExport(config, flavour).alerts.find((a) => a.alert === 'HighLatency')!.annotations.description;
    expect(latency('blackbox')).toContain('blackbox_exporter times each whole probe on a new connection, DNS, connect and TLS included');
    expect(latency('apihealth')).toContain('DNS, connect and TLS are never in it');
  });
});
