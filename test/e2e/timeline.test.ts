import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { Receiver } from '../helpers/receiver.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-e2e-timeline-');

type Line = Record<string, unknown> & { type: string };

describe('timeline of a real alarm (built binary)', { timeout: 90_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('exports the episode a monitor lived through, with its deliveries, as markdown, wikitext and JSON', async () => {
    requireBuiltCli();
    const api = new LoopbackApi(500);
    await api.listen();
    const hook = new Receiver();
    await hook.listen();
    cleanups.push(() => api.close(), () => hook.close());
    const dir = tempDir();
    const config = join(dir, 'api-health.yaml');
    const state = join(dir, 'state');
    writeFileSync(
      config,
      [
        'defaults: { interval: 500ms, window: 3s, minSamples: 3 }',
        'apis:',
        `  search: { name: Search API, url: "${api.url}?api=search" }`,
        'rules:',
        '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
        'channels:',
        `  hook: { type: webhook, url: "${hook.url('/hook')}" }`,
        'routes:',
        '  - notify: [hook]',
        'notifications: { groupWait: 1s, groupInterval: 1s, repeat: 1h, resolved: true }',
        '',
      ].join('\n'),
    );
    const monitor = new CliProcess(['monitor', '--config', config, '--state-dir', state, '--json']);
    cleanups.push(() => monitor.stop('SIGKILL'));
    const lines = (): Line[] => monitor.records() as Line[];
    const delivered = (kind: string): boolean =>
      lines().some((l) => l.type === 'notification' && l.record === 'delivered' && (l.events as { kind: string }[]).some((e) => e.kind === kind));
    await monitor.waitFor(() => delivered('firing'), 'the firing delivered', 30_000);
    const alarmId = lines().find((l) => l.type === 'alarm' && l.event === 'firing')!.id as string;
    api.status = 200;
    await monitor.waitFor(() => delivered('resolved'), 'the resolution delivered', 30_000);
    expect(await monitor.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const markdown = await runBinary(['timeline', alarmId, '--state-dir', state]);
    if (process.env.TIMELINE_EXAMPLE) writeFileSync(process.env.TIMELINE_EXAMPLE, markdown.stdout);
    expect(markdown.stderr).toBe('');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^## Incident: search High5xx \(critical\)$/m);
    expect(markdown.stdout).toMatch(/^\| Fired \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+(\.\d+)?s after the start\) \|$/m);
    expect(markdown.stdout).toMatch(/^### Notifications$/m);
    expect(markdown.stdout).toMatch(/^\| [\d-]+ [\d:]+ UTC \| hook \| firing \| delivered, attempt 1: HTTP 200/m);
    expect(markdown.stdout).toMatch(/^\| [\d-]+ [\d:]+ UTC \| hook \| resolved \| delivered, attempt 1: HTTP 200/m);
    expect(markdown.stdout).toMatch(/^\| [\d-]+ [\d:]+ UTC \| transition \| pending: 5xx rate/m);
    expect(markdown.stdout).toMatch(/^\| [\d-]+ [\d:]+ UTC \| transition \| resolved/m);
    expect(markdown.stdout).toMatch(/^\| \d\d:\d\d \| \d+ \| [1-9]\d*% \| /m);
    expect(markdown.stdout).toMatch(/The figures were first bad in the minute from .* The alarm went pending at .* and fired at .*, \d+(\.\d+)?s later\. The first notification went out at /);

    const wikitext = await runBinary(['timeline', alarmId, '--state-dir', state, '--format', 'wikitext']);
    expect(wikitext.stdout).toMatch(/^=== Incident: search High5xx \(critical\) ===$/m);
    expect(wikitext.stdout).toMatch(/^\| hook$/m);

    const json = JSON.parse((await runBinary(['timeline', alarmId, '--state-dir', state, '--json'])).stdout);
    expect(json).toMatchObject({ subject: alarmId, api: 'search', rule: 'High5xx', severity: 'critical' });
    expect(json.notifications.map((n: { event: string; result: string }) => [n.event, n.result.split(',')[0]])).toEqual([
      ['firing', 'delivered'],
      ['resolved', 'delivered'],
    ]);

    // The same history answers report: the monitor's probes, the 5xx spell among them.
    const report = JSON.parse((await runBinary(['report', '--config', config, '--state-dir', state, '--since', '1h', '--json'])).stdout);
    const search = report.apis.find((a: { id: string }) => a.id === 'search');
    expect(search.probes).toBeGreaterThan(5);
    expect(search.errorRate5xx).toBeGreaterThan(0);
    expect(search.availability).toBeLessThan(1);
    expect(search.availability).toBeCloseTo(1 - search.errorRate, 12);

    const unknown = await runBinary(['timeline', 'search/NoSuchRule', '--state-dir', state]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no alarm "search\/NoSuchRule" in .*events\.jsonl \(recent: search\/High5xx\)/);
  });
});
