import { describe, expect, it } from 'vitest';
import { apisWithoutVerdict, enoughDurationMs, noVerdictMessage, samplesNeeded, shortRunWarning } from '../../source/report/verdict.js';
import type { ApiReport } from '../../source/report/check-report.js';
import { configFrom } from '../helpers/config.js';

const config = configFrom({
  defaults: { interval: '10s', minSamples: 4 },
  apis: {
    plain: { url: 'http://127.0.0.1:1/plain' },
    watched: { url: 'http://127.0.0.1:1/watched', interval: '1m', rules: { Strict: { minSamples: 6 } } },
  },
  rules: [
    { name: 'Slow', metric: 'latency_p95', above: '800ms', for: '1m', severity: 'warning' },
    { name: 'Strict', metric: 'error_rate', above: '5%', for: '1m', severity: 'warning' },
  ],
});
const [plain, watched] = config.apis as [(typeof config.apis)[0], (typeof config.apis)[0]];

const report = (id: string, samples: number, statuses: ApiReport['rules'][number]['status'][]): ApiReport =>
  ({ id, samples, rules: statuses.map((status, i) => ({ rule: `r${i}`, status })) }) as ApiReport;

describe('samplesNeeded and enoughDurationMs', () => {
  it('take the largest minSamples of the rules on the API, times its interval', () => {
    expect(samplesNeeded(watched)).toBe(6);
    expect(enoughDurationMs(watched)).toBe(6 * 60_000);
  });

  it('ask one probe of an API without rules', () => {
    const bare = configFrom({ apis: { a: { url: 'http://127.0.0.1:1/a' } } }).apis[0]!;
    expect(samplesNeeded(bare)).toBe(1);
  });

  it('use the default minSamples for fleet rules', () => {
    expect(samplesNeeded(plain)).toBe(4);
  });
});

describe('apisWithoutVerdict', () => {
  it('names an API without samples and one with a rule on insufficient data, not one that was judged', () => {
    const undecided = apisWithoutVerdict(config, [report('plain', 0, ['insufficient_data', 'insufficient_data']), report('watched', 8, ['ok', 'insufficient_data'])]);
    expect(undecided.map((u) => u.api)).toEqual(['plain', 'watched']);
    expect(apisWithoutVerdict(config, [report('plain', 5, ['ok', 'firing'])])).toEqual([]);
  });
});

describe('messages', () => {
  it('warn before a run too short for some API, naming the duration that is enough', () => {
    expect(shortRunWarning(config, 45_000, '45s')).toBe('--duration 45s is too short to judge watched (6 samples x 1m); --duration 6m would be enough');
    expect(shortRunWarning(config, 6 * 60_000, '6m')).toBeUndefined();
  });

  it('say after the run which APIs lacked samples and how long would do', () => {
    expect(noVerdictMessage([{ api: 'watched', samples: 2, samplesNeeded: 6, enoughMs: 360_000 }])).toBe(
      'no verdict: too little data to judge watched (2 of 6 samples); run with --duration 6m or longer',
    );
  });

  it('do not promise that a longer run helps an API whose rules had samples but nothing to read', () => {
    expect(noVerdictMessage([{ api: 'plain', samples: 9, samplesNeeded: 4, enoughMs: 40_000 }])).toBe('no verdict: too little data to judge plain (9 samples, none its rules could read)');
  });
});
