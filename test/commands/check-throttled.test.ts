import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `check` against a loopback API that answers 429 with `Retry-After: 999999999999` (31,000 years), through the
 * built binary. Probed every 200 ms, the back-off is capped at ten intervals (2 s).
 */

const FOREVER = '999999999999';

interface ApiReport {
  id: string;
  health: string;
  throttled: { since: string; retryAfterMs: number; backoffMs: number } | null;
  rules: { rule: string; status: string }[];
}

describe.concurrent('check against an API that throttles us (built binary)', { timeout: 30_000 }, () => {
  /**
   * A loopback API answering 429 for its first `throttledRequests` requests (all, by default) and 200 after. Its
   * words name no rate policy: a 429 that does is "blocked" (the client's fault, see test/probe/blocked.test.ts).
   */
  async function setup(rules: string[], onFinished: (cleanup: () => Promise<void>) => void, throttledRequests = Number.POSITIVE_INFINITY) {
    const requests: number[] = [];
    const server = await listenOnLoopback((req, res) => {
      requests.push(Date.now());
      req.resume();
      if (requests.length <= throttledRequests) res.writeHead(429, { 'retry-after': FOREVER }).end('busy');
      else res.writeHead(200).end('{"ok":true}');
    });
    const dir = tempDir('api-health-check-throttled-');
    onFinished(async () => {
      await server.close();
      dir.remove();
    });
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(
      configFile,
      [
        'defaults: { interval: 200ms, window: 30s, minSamples: 3 }',
        'apis:',
        `  limited: { name: Limited API, url: "${server.url('/limited')}" }`,
        ...(rules.length > 0 ? ['rules:', ...rules.map((rule) => `  - ${rule}`)] : []),
        '',
      ].join('\n'),
    );
    const check = (duration: string, json: boolean) =>
      runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', duration, ...(json ? ['--json'] : [])], { timeoutMs: 25_000 });
    return { requests, check };
  }

  it('--json reports the API throttled with what it asked and what we wait, the availability rule fires, and check exits 1', async ({ expect, onTestFinished }) => {
    const { requests, check } = await setup(['{ name: LowAvailability, metric: availability, below: 99%, for: 1s, severity: critical }'], onTestFinished);
    const started = Date.now();
    const result = await check('3s', true);
    const report = JSON.parse(result.stdout) as { apis: ApiReport[]; alerts: { api: string; rule: string; state: string }[] };
    const api = report.apis[0]!;
    expect(result.code).toBe(1);
    expect(api.throttled).toEqual({ since: expect.any(String), retryAfterMs: 999_999_999_999_000, backoffMs: 2_000 });
    expect(Date.parse(api.throttled!.since)).toBeGreaterThanOrEqual(started);
    expect(api.health).toBe('failing');
    expect(report.alerts).toContainEqual(expect.objectContaining({ api: 'limited', rule: 'LowAvailability', state: 'firing' }));
    // Asked again once the 2 s back-off ran out, not left alone for the 31,000 years it asked for.
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('with no rule at all, the table says throttled and check still does not exit 0', async ({ expect, onTestFinished }) => {
    const { check } = await setup([], onTestFinished);
    const result = await check('2s', false);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/throttled since \d\d:\d\d:\d\dZ: 429, Retry-After 11574074d1h, backing off 2s/);
    expect(result.stdout).toContain('1 throttled (HTTP 429)');
  });

  it('an API that stops throttling is probed again after the capped back-off and is no longer reported throttled', async ({ expect, onTestFinished }) => {
    const { requests, check } = await setup([], onTestFinished, 1);
    const result = await check('5s', true);
    const api = (JSON.parse(result.stdout) as { apis: ApiReport[] }).apis[0]!;
    expect(api.throttled).toBeNull();
    expect(requests.length).toBeGreaterThan(2);
    expect(requests[1]! - requests[0]!).toBeGreaterThanOrEqual(1_900);
    expect(result.code).toBe(0);
  });

  it('--json counts the turns held back by a rate-policy 429 as throttled, not as blocked answers', async ({ expect, onTestFinished }) => {
    const server = await listenOnLoopback((req, res) => {
      req.resume();
      res.writeHead(429, { 'retry-after': '2' }).end('Too many requests: see our rate limit policy');
    });
    const dir = tempDir('api-health-check-held-back-');
    onTestFinished(async () => {
      await server.close();
      dir.remove();
    });
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, `defaults: { interval: 200ms, window: 30s }\napis:\n  limited: { url: "${server.url('/')}" }\n`);
    const result = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '3s', '--json'], { timeoutMs: 25_000 });
    const api = (JSON.parse(result.stdout) as { apis: (ApiReport & { samples: number; statusCounts: Record<string, number> })[] }).apis[0]!;
    expect(Object.keys(api.statusCounts).sort()).toEqual(['429', 'throttled']);
    expect(api.statusCounts.throttled).toBeGreaterThan(0);
    expect(api.statusCounts['429']! + api.statusCounts.throttled!).toBe(api.samples);
  });
});
