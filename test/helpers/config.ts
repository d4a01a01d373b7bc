import { expect } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import type { ApiConfig, Config } from '../../source/config/types.js';

/** A resolved Config from a plain object, read through the real loader (as JSON). */
export function configFrom(document: object, env: NodeJS.ProcessEnv = {}, file = 'test.json'): Config {
  return parseConfigText(JSON.stringify(document), file, env);
}

/** One resolved API as the prober and scheduler see it; fields overridable per test. */
export function apiConfig(patch: Partial<ApiConfig> = {}): ApiConfig {
  return {
    id: 'a',
    name: 'A',
    family: 'F',
    owner: undefined,
    url: 'http://127.0.0.1:1/a',
    method: 'GET',
    headers: {},
    allowWrite: false,
    intervalMs: 1_000,
    timeoutMs: 1_000,
    expect: {},
    rules: [],
    slo: undefined,
    queries: {},
    dependsOn: [],
    ...patch,
  };
}

/**
 * The config of the tests that run the binary against one loopback API: the Search API (team mwi),
 * probed every 500 ms, with one High5xx rule that fires once 5xx stay above 20% for `firingAfter`.
 */
export function searchAlarmYaml(apiUrl: string, firingAfter: string): string {
  return [
    'defaults: { interval: 500ms, window: 30s, minSamples: 3 }',
    'teams:',
    '  mwi: { name: MediaWiki Interfaces }',
    'apis:',
    `  search: { name: Search API, url: "${apiUrl}", owner: mwi }`,
    'rules:',
    `  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: ${firingAfter}, severity: critical }`,
    '',
  ].join('\n');
}

/** Matches a compiled config pattern (RE2, see source/text/safe-pattern.ts) written as `regex` would be. */
export function patternLike(regex: RegExp): unknown {
  return expect.objectContaining({ source: regex.source, flags: regex.flags, test: expect.any(Function) });
}
