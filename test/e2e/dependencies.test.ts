import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess, cliEnv, requireBuiltCli } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Issue 16 end to end: a shared dependency fails under 200 APIs that depend on it, and the webhook hears of the dependency only. */

const CHILDREN = 200;
type Line = Record<string, unknown> & { type: string };
interface WebhookPayload {
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

function configYaml(parentUrl: string, childUrl: string, hookUrl: string): string {
  const children = Array.from({ length: CHILDREN }, (_, i) => `  child-${i}: { url: "${childUrl}?i=${i}", owner: mwi, dependsOn: [restbase-health] }`);
  return [
    'defaults: { interval: 500ms, window: 5s, minSamples: 3, perHostConcurrency: 16 }',
    'teams:',
    '  mwi: { name: MediaWiki Interfaces }',
    'apis:',
    `  restbase-health: { url: "${parentUrl}", owner: mwi }`,
    ...children,
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1500ms, severity: critical }',
    'channels:',
    `  hook: { type: webhook, url: "${hookUrl}" }`,
    'routes:',
    '  - notify: [hook]',
    'notifications: { groupWait: 500ms, groupInterval: 500ms, repeat: 1h, resolved: true }',
    '',
  ].join('\n');
}

describe('a dependency storm (built binary)', { timeout: 90_000 }, () => {
  let parent: LoopbackApi;
  let children: LoopbackApi;
  let hook: Receiver;
  let dir: { path: string; remove(): void };
  let monitor: CliProcess | undefined;

  beforeEach(async () => {
    requireBuiltCli();
    parent = new LoopbackApi(200);
    children = new LoopbackApi(200);
    await Promise.all([parent.listen(), children.listen()]);
    hook = new Receiver();
    await hook.listen();
    dir = tempDir('api-health-e2e-dependencies-');
    monitor = undefined;
  });

  afterEach(async () => {
    await monitor?.stop('SIGKILL');
    await Promise.all([parent.close(), children.close(), hook.close()]);
    dir.remove();
  });

  it('200 dependants failing with their dependency give one message, for the dependency', async () => {
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, configYaml(parent.url, children.url, hook.url('/hook')));
    monitor = new CliProcess(['monitor', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--json'], { env: cliEnv() });
    const lines = (): Line[] => monitor!.records() as Line[];
    await monitor.waitFor(() => lines().some((l) => l.type === 'started'), 'monitor started', 30_000);

    parent.status = 500;
    children.status = 500;
    const firings = (): Line[] => lines().filter((l) => l.type === 'transition' && l.kind === 'firing');
    await monitor.waitFor(() => firings().length === CHILDREN + 1, 'every alarm fired', 60_000);
    await monitor.waitFor(() => hook.requests.length > 0, 'the message for the dependency', 20_000);
    // Stopping sends whatever groups still hold: a message for a dependant could not hide in one.
    expect(await monitor.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(hook.requests).toHaveLength(1);
    const payload = hook.requests[0]!.json as WebhookPayload;
    expect(payload.alerts.map((a) => a.labels.api)).toEqual(['restbase-health']);
  });
});
