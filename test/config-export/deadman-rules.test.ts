import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';
import { renderAlertmanagerConfig } from '../../source/config-export/alertmanager-config.js';
import { buildRuleExport, renderPrometheusRules } from '../../source/config-export/prometheus-rules.js';
import { runTool } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['promtool']);
const withAmtool = needsBinaries(['amtool']);
const dir = tempDir('api-health-deadman-');

const config = parseConfigText(
  `
teams: { mwi: { name: MediaWiki Interfaces } }
apis:
  page: { owner: mwi, url: "http://127.0.0.1:9/page" }
`,
  'deadman.yaml',
  {},
);

/** Runs promtool on the exported rules with one hand-written test: the deadman alert over `values` of the team's probe counter. */
async function deadmanAt(values: string | undefined, evalTime: string): Promise<{ code: number | null; output: string }> {
  writeFileSync(join(dir.path, 'rules.yml'), renderPrometheusRules(buildRuleExport(config, 'apihealth'), 'apihealth'));
  const series = 'apihealth_probes_total{api="page",team="mwi",family="Other",outcome="ok",status_class="2xx"}';
  const test = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: values === undefined ? [] : [{ series, values }],
        alert_rule_test: [{ eval_time: evalTime, alertname: 'ApiHealthProbesAbsent', exp_alerts: [] }],
      },
    ],
  };
  writeFileSync(join(dir.path, 'test.yml'), stringify(test));
  const result = await runTool('promtool', ['test', 'rules', join(dir.path, 'test.yml')]);
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('the exported deadman rule, run by promtool', () => {
  afterAll(() => dir.remove());

  integration.it('stays quiet while the team\'s probes are counted', async () => {
    expect(await deadmanAt('0+60x20', '15m')).toMatchObject({ code: 0 });
  });

  integration.it('fires when the team\'s probe series are absent', async () => {
    const result = await deadmanAt(undefined, '5m');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/got:\[\s*0:\s*Labels:\{alertname="ApiHealthProbesAbsent", severity="critical", team="mwi"\}/);
  });

  integration.it('fires when the series are there but stopped counting (a stalled monitor)', async () => {
    const result = await deadmanAt('0+60x5 300x15', '15m');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('team="mwi"');
  });

  integration.it('fires once the series stop coming (the monitor died), after its `for`', async () => {
    expect(await deadmanAt('0+60x5 stale', '6m')).toMatchObject({ code: 0 });
    const result = await deadmanAt('0+60x5 stale', '9m');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('team="mwi"');
  });

  withAmtool.it('reaches the team\'s own receivers through the exported Alertmanager routing', async () => {
    const routed = parseConfigText(
      `
teams: { mwi: { name: MediaWiki Interfaces, notify: [mwi-hook] } }
channels: { mwi-hook: { type: webhook, url: "https://example.org/mwi" } }
apis:
  page: { owner: mwi, url: "http://127.0.0.1:9/page" }
`,
      'routed.yaml',
      {},
    );
    const file = join(dir.path, 'alertmanager.yml');
    writeFileSync(file, renderAlertmanagerConfig(routed));
    const [deadman] = buildRuleExport(routed, 'apihealth').deadman;
    const labels = Object.entries({ alertname: deadman!.alert, ...deadman!.labels }).map(([k, v]) => `${k}=${v}`);
    const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
    expect(result.stdout.trim()).toBe('mwi-hook');
  });
});
