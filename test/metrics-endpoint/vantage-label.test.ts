import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { Exporter } from '../../source/metrics-endpoint/exporter.js';
import { runTool } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';

const integration = needsBinaries(['promtool']);

const config = parseConfigText('apis:\n  page: { url: "http://127.0.0.1:1/page" }\n', 'test.yaml', {});

async function exposition(vantage: string | undefined): Promise<string> {
  const exporter = new Exporter(config.apis, vantage);
  exporter.observe({ apiId: 'page', at: 0, outcome: 'ok', status: 200, totalMs: 120 });
  return exporter.exposition();
}

/** The sample lines (not HELP or TYPE) of the exposition. */
const samples = (text: string): string[] => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

describe('the vantage label on exported series', () => {
  it('labels every series with the vantage, process metrics included', async () => {
    const lines = samples(await exposition('eqiad'));
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => !line.includes('vantage="eqiad"'))).toEqual([]);
  });

  it('puts it on the probe series the exported rules count by', async () => {
    expect(await exposition('codfw')).toContain('apihealth_probes_total{api="page",team="unassigned",family="Other",outcome="ok",status_class="2xx",vantage="codfw"} 1');
  });

  integration.it('keeps the api-health series clean for promtool check metrics', async () => {
    const own = (await exposition('eqiad')).split('\n').filter((line) => /^(# (HELP|TYPE) )?apihealth_/.test(line));
    const result = await runTool('promtool', ['check', 'metrics'], `${own.join('\n')}\n`);
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });
});

describe('the prober-offline gauge', () => {
  it('is 0 while the network works and 1 while the prober is offline', async () => {
    const exporter = new Exporter(config.apis, 'eqiad');
    expect(await exporter.exposition()).toContain('apihealth_prober_offline{vantage="eqiad"} 0');
    exporter.setOffline(true);
    expect(await exporter.exposition()).toContain('apihealth_prober_offline{vantage="eqiad"} 1');
  });
});
