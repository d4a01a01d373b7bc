import { describe, expect, it } from 'vitest';
import { ConnectivityProbe, connectivityTarget } from '../../source/engine/connectivity-probe.js';
import type { Outcome } from '../../source/core/probe-sample.js';
import { configFrom } from '../alerts/fixtures.js';
import { ManualClock } from '../helpers/manual-clock.js';

const YAML = `
defaults: { interval: 10s, connectivity: { url: "http://127.0.0.1:1/" } }
apis:
  a: { url: "http://127.0.0.1:1/a" }
`;

describe('the connectivity URL probe', () => {
  it('is a GET of the URL on the fleet\'s interval, and absent without a URL', () => {
    expect(connectivityTarget(configFrom(YAML))).toMatchObject({ url: 'http://127.0.0.1:1/', method: 'GET', intervalMs: 10_000, rules: [] });
    expect(connectivityTarget(configFrom('apis: { a: { url: "http://127.0.0.1:1/a" } }'))).toBeUndefined();
  });

  it('reports each turn\'s outcome and probes again an interval later, until stopped', async () => {
    const clock = new ManualClock(0);
    const outcomes: Outcome[] = [];
    const answers: Outcome[] = ['timeout', 'ok'];
    const probe = new ConnectivityProbe({
      target: connectivityTarget(configFrom(YAML))!,
      clock,
      probe: async (api) => ({ apiId: api.id, at: clock.now(), outcome: answers.shift() ?? 'dns' }),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    probe.start();
    await Promise.resolve();
    expect(outcomes).toEqual(['timeout']);
    clock.advance(9_999);
    await Promise.resolve();
    expect(outcomes).toEqual(['timeout']);
    clock.advance(1);
    await Promise.resolve();
    expect(outcomes).toEqual(['timeout', 'ok']);
    await probe.stop();
    clock.advance(60_000);
    await Promise.resolve();
    expect(outcomes).toEqual(['timeout', 'ok']);
  });
});
