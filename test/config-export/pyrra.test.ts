import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { buildPyrra, type ServiceLevelObjective } from '../../source/config-export/pyrra.js';
import { parseConfigText } from '../../source/config/load.js';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['promtool']);
const EXAMPLE = resolve(import.meta.dirname, '../../examples/wikimedia.yaml');
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/pyrra-servicelevelobjective.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const dir = tempDir('api-health-pyrra-');
afterAll(() => dir.remove());

/** The example's ${VAR} secrets, with any value: an SLO holds none of them. */
const ENV = Object.fromEntries([...readFileSync(EXAMPLE, 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)].map(([, name]) => [name!, `value-of-${name}`]));

async function exportPyrra(...flags: string[]): Promise<ServiceLevelObjective[]> {
  const result = await runCommand(['export', 'pyrra', '--config', EXAMPLE, ...flags], { env: ENV, cwd: dir.path });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as ServiceLevelObjective | null)
    .filter((slo): slo is ServiceLevelObjective => slo !== null);
}

const example = parseConfigText(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, ENV);

/** Every metric selector the objects hand to Prometheus. */
function selectors(slos: ServiceLevelObjective[]): { kind: 'counter' | 'gauge'; metric: string }[] {
  return slos.flatMap(({ spec: { indicator } }): { kind: 'counter' | 'gauge'; metric: string }[] => {
    if ('ratio' in indicator) return [indicator.ratio.errors.metric, indicator.ratio.total.metric].map((metric) => ({ kind: 'counter' as const, metric }));
    if ('latency' in indicator) return [indicator.latency.success.metric, indicator.latency.total.metric].map((metric) => ({ kind: 'counter' as const, metric }));
    return [{ kind: 'gauge' as const, metric: indicator.bool_gauge.metric }];
  });
}

describe.each([
  ['apihealth', 'api'],
  ['apihealth', 'family'],
  ['blackbox', 'api'],
  ['blackbox', 'family'],
])('export pyrra of examples/wikimedia.yaml (--metrics %s --by %s)', (flavour, by) => {
  it("validates, object by object, against Pyrra's ServiceLevelObjective schema", async () => {
    const slos = await exportPyrra('--metrics', flavour, '--by', by);
    expect(slos.length).toBeGreaterThan(0);
    for (const slo of slos) {
      const valid = validate(slo);
      expect({ name: slo.metadata.name, errors: valid ? [] : validate.errors }).toEqual({ name: slo.metadata.name, errors: [] });
    }
  });

  integration.it('holds PromQL that promtool accepts', async () => {
    const slos = await exportPyrra('--metrics', flavour, '--by', by);
    const rules = selectors(slos).map(({ kind, metric }, i) => ({
      record: `pyrra_check_${i}`,
      expr: kind === 'counter' ? `sum(rate(${metric}[5m]))` : `avg(avg_over_time(${metric}[5m]))`,
    }));
    const file = join(dir.path, `pyrra-${flavour}-${by}.rules.yml`);
    writeFileSync(file, stringify({ groups: [{ name: 'pyrra-selectors', rules }] }));
    const result = await runTool('promtool', ['check', 'rules', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('export pyrra', () => {
  it('writes one availability SLO per API with an SLO, target and window from it, labelled with team and service', async () => {
    const slos = await exportPyrra();
    const withSlo = example.apis.filter((api) => api.slo && api.url !== undefined);
    expect(slos.filter((s) => s.metadata.name.endsWith('-availability')).map((s) => s.metadata.labels['pyrra.dev/service'])).toEqual(withSlo.map((a) => a.id));
    expect(slos.find((s) => s.metadata.name === 'mw-rest-page-availability')).toEqual({
      apiVersion: 'pyrra.dev/v1alpha1',
      kind: 'ServiceLevelObjective',
      metadata: { name: 'mw-rest-page-availability', labels: { 'pyrra.dev/team': 'mwi', 'pyrra.dev/service': 'mw-rest-page' } },
      spec: {
        description: "MediaWiki REST - page (bare): probes that succeed, from api-health's probe counters",
        target: '99.9',
        window: '30d',
        indicator: { ratio: { errors: { metric: 'apihealth_probes_total{api="mw-rest-page",outcome!="ok"}' }, total: { metric: 'apihealth_probes_total{api="mw-rest-page"}' } } },
      },
    });
  });

  it('adds a latency SLO on the probe histogram where a latency rule sets the bar: its quantile as target, its threshold as bucket', async () => {
    const slos = await exportPyrra();
    expect(slos.find((s) => s.metadata.name === 'mw-rest-page-latency')?.spec).toMatchObject({
      target: '95',
      indicator: {
        latency: {
          success: { metric: 'apihealth_probe_duration_seconds_bucket{api="mw-rest-page",le="1"}' },
          total: { metric: 'apihealth_probe_duration_seconds_count{api="mw-rest-page"}' },
        },
      },
    });
  });

  it('has no latency SLO for an API without a latency rule', () => {
    const config = parseConfigText('apis:\n  a: { url: "https://example.org/a", slo: { objective: 99% } }\n', 'a.yaml', {});
    expect(buildPyrra(config, 'apihealth', 'api').slos.map((s) => s.metadata.name)).toEqual(['a-availability']);
  });

  it('reads blackbox_exporter probe_success as a bool_gauge, and says why there is no latency SLO', () => {
    const exported = buildPyrra(example, 'blackbox', 'api');
    expect(exported.slos.find((s) => s.metadata.name === 'mw-rest-page-availability')!.spec.indicator).toEqual({ bool_gauge: { metric: 'probe_success{api="mw-rest-page"}' } });
    expect(exported.slos.some((s) => s.metadata.name.endsWith('-latency'))).toBe(false);
    expect(exported.notes).toContain("mw-rest-page: no latency SLO (blackbox_exporter's probe_duration_seconds is a gauge, not a histogram Pyrra can count)");
  });

  it('writes one SLO per family with --by family, over every API of the family', async () => {
    const slos = await exportPyrra('--by', 'family');
    const rest = slos.find((s) => s.metadata.name === 'mediawiki-rest-availability')!;
    expect(rest.metadata.labels).toEqual({ 'pyrra.dev/team': 'mwi', 'pyrra.dev/service': 'mediawiki-rest' });
    expect(rest.spec.indicator).toEqual({ ratio: { errors: { metric: 'apihealth_probes_total{api=~"mw-rest-page|mw-rest-search",outcome!="ok"}' }, total: { metric: 'apihealth_probes_total{api=~"mw-rest-page|mw-rest-search"}' } } });
  });

  it('escapes the regex characters of API ids in a family selector', () => {
    const config = parseConfigText('apis:\n  a.b: { url: "https://example.org/a", family: F, slo: { objective: 99% } }\n  c: { url: "https://example.org/c", family: F, slo: { objective: 99% } }\n', 'f.yaml', {});
    const [slo] = buildPyrra(config, 'blackbox', 'family').slos;
    expect(slo!.spec.indicator).toEqual({ bool_gauge: { metric: 'probe_success{api=~"a\\\\.b|c"}' } });
  });

  it('writes one file per SLO with --out', async () => {
    const out = join(dir.path, 'slos');
    const result = await runCommand(['export', 'pyrra', '--config', EXAMPLE, '--out', out], { env: ENV, cwd: dir.path });
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toContain('mw-rest-page-availability.yaml');
    expect(files).toEqual((await exportPyrra()).map((s) => `${s.metadata.name}.yaml`).sort());
  });

  it.each([
    [['--by', 'team'], 'invalid --by "team" (known: api, family)'],
    [['--out', 'x', '--output', 'y'], 'export pyrra writes to --out DIR (one file per SLO) or --output FILE (one stream), not both'],
  ])('refuses %j with a usage error', async (flags, message) => {
    const result = await runCommand(['export', 'pyrra', '--config', EXAMPLE, ...flags], { env: ENV, cwd: dir.path });
    expect(result).toEqual({ code: 2, stdout: '', stderr: `api-health: ${message}\n` });
  });

  it('refuses --by on another target', async () => {
    const result = await runCommand(['export', 'alertmanager', '--config', EXAMPLE, '--by', 'family'], { env: ENV, cwd: dir.path });
    expect(result).toMatchObject({ code: 2, stderr: 'api-health: --by goes with export pyrra\n' });
  });
});
