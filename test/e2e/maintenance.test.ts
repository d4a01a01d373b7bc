import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess, cliEnv, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Issue 16 end to end with the built binary: `maintenance start` from a second process while monitor runs and
 * holds the state lock; the webhook hears nothing inside the window and the firing once it is over, and an alarm
 * whose firing was delivered before the window still gets its resolution.
 */

type Line = Record<string, unknown> & { type: string };
interface WebhookPayload {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

function configYaml(apiUrl: string, hookUrl: string): string {
  return [
    'defaults: { interval: 250ms, window: 3s, minSamples: 3 }',
    'teams:',
    '  mwi: { name: MediaWiki Interfaces }',
    'apis:',
    `  search: { name: Search API, url: "${apiUrl}", owner: mwi, family: Search }`,
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 500ms, resolveAfter: 500ms, severity: critical }',
    'channels:',
    `  hook: { type: webhook, url: "${hookUrl}" }`,
    'routes:',
    '  - notify: [hook]',
    'notifications: { groupWait: 200ms, groupInterval: 200ms, repeat: 1h, resolved: true }',
    '',
  ].join('\n');
}

describe('maintenance windows (built binary)', { timeout: 60_000 }, () => {
  let api: LoopbackApi;
  let hook: Receiver;
  let dir: { path: string; remove(): void };
  let monitor: CliProcess | undefined;
  let configFile: string;
  let stateDir: string;

  beforeEach(async () => {
    requireBuiltCli();
    api = new LoopbackApi(200);
    await api.listen();
    hook = new Receiver();
    await hook.listen();
    dir = tempDir('api-health-e2e-maintenance-');
    configFile = join(dir.path, 'api-health.yaml');
    stateDir = join(dir.path, 'state');
    writeFileSync(configFile, configYaml(api.url, hook.url('/hook')));
    monitor = undefined;
  });

  afterEach(async () => {
    await monitor?.stop('SIGKILL');
    await Promise.all([api.close(), hook.close()]);
    dir.remove();
  });

  const lines = (): Line[] => monitor!.records() as Line[];
  const transitions = (kind: string): Line[] => lines().filter((l) => l.type === 'transition' && l.kind === kind);
  const statuses = (): string[] => hook.requests.map((r) => (r.json as WebhookPayload).status);
  const maintenance = (...args: string[]) => runBinary(['maintenance', ...args, '--config', configFile, '--state-dir', stateDir], { env: cliEnv({ TZ: 'UTC' }) });

  function startMonitor(): CliProcess {
    monitor = new CliProcess(['monitor', '--config', configFile, '--state-dir', stateDir, '--json'], { env: cliEnv() });
    return monitor;
  }

  // The window must outlast the second process's start (up to 15 s), the pickup and the firing on a busy machine:
  // 30 s, and then a wait of up to 45 s for the firing after it.
  it('maintenance start from a second process while monitor runs: no firing inside the window, the firing after it', { timeout: 120_000 }, async () => {
    const run = startMonitor();
    await run.waitFor(() => lines().some((l) => l.type === 'started'), 'monitor started');

    const started = await maintenance('start', '--api', 'search', '--for', '30s', '--reason', 'search deploy');
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^mw-1 started: api search until .* \(search deploy\)\n$/);
    await run.waitFor(() => transitions('maintenance_started').length > 0, 'monitor picked up the window');
    const windowEnd = Date.parse((transitions('maintenance_started')[0]!.maintenance as { end: string }).end);

    api.status = 500;
    await run.waitFor(() => transitions('firing').length > 0, 'the alarm fired inside the window');
    expect(transitions('firing')[0]).toMatchObject({ api: 'search', maintenance: 'search deploy' });
    expect(Date.now()).toBeLessThan(windowEnd);
    expect(hook.requests).toHaveLength(0);

    await run.waitFor(() => hook.requests.length > 0, 'the firing once the window ended', 45_000);
    expect(Date.now()).toBeGreaterThanOrEqual(windowEnd);
    expect(statuses()).toEqual(['firing']);
    expect(transitions('maintenance_ended')).toHaveLength(1);
  });

  it('maintenance stop ends the window early, and a firing delivered before a window still gets its resolution', async () => {
    const run = startMonitor();
    await run.waitFor(() => lines().some((l) => l.type === 'started'), 'monitor started');
    api.status = 500;
    await run.waitFor(() => statuses().includes('firing'), 'the firing delivered');

    expect((await maintenance('start', '--team', 'mwi', '--for', '1h')).code).toBe(0);
    const listed = await maintenance('list', '--json');
    expect(JSON.parse(listed.stdout).windows).toMatchObject([{ id: 'mw-1', name: 'maintenance of team mwi', source: 'cli', active: true, by: 'e2e-tester' }]);
    await run.waitFor(() => transitions('maintenance_started').length > 0, 'monitor picked up the window');
    api.status = 200;
    await run.waitFor(() => statuses().includes('resolved'), 'the resolution, inside the window', 20_000);
    expect(statuses()).toEqual(['firing', 'resolved']);

    const stopped = await maintenance('stop', 'mw-1');
    expect(stopped.stdout).toBe('mw-1 stopped (maintenance of team mwi)\n');
    await run.waitFor(() => transitions('maintenance_ended').length > 0, 'monitor saw the window end');
    expect((await maintenance('list')).stdout).toBe('No maintenance windows now or in the next 7 days.\n');
  });

  it('refuses what it cannot do in one line', async () => {
    const unknown = await maintenance('start', '--api', 'nope', '--for', '5m');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'api-health: unknown API "nope" (known: search)\n']);
    const noScope = await maintenance('start', '--for', '5m');
    expect([noScope.code, noScope.stderr]).toEqual([2, 'api-health: maintenance start needs --api ID, --team ID or --family NAME: what the window covers\n']);
    const noWindow = await maintenance('stop', 'mw-7');
    expect([noWindow.code, noWindow.stderr]).toEqual([2, 'api-health: no maintenance window "mw-7" running (started: none)\n']);
  });
});
