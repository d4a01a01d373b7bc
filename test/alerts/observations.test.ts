import { describe, expect, it } from 'vitest';
import { Observations } from '../../source/alerts/observations.js';
import { configFrom, HOUR, slow, T0 } from './fixtures.js';

const config = configFrom(`
slo: { objective: 99.5%, minSamples: 5 }
rules:
  - { name: HighLatency, metric: latency_p95, above: 800ms, severity: warning }
apis:
  page-api: { url: "http://127.0.0.1:1/" }
  no-slo: { url: "http://127.0.0.1:1/", slo: off }
`);
const api = (id: string) => config.apis.find((a) => a.id === id)!;

describe('Observations', () => {
  it('gives an API with an SLO its configured rules, then the three burn-rate pairs', () => {
    expect(new Observations(config.apis).specsOf('page-api').map((s) => s.name)).toEqual(['HighLatency', 'SLOBurn1h5m', 'SLOBurn6h30m', 'SLOBurn3d6h']);
  });

  it('gives an API without an SLO only its configured rules', () => {
    expect(new Observations(config.apis).specsOf('no-slo').map((s) => s.name)).toEqual(['HighLatency']);
  });

  it('knows no rules for an API the config does not have', () => {
    expect(new Observations(config.apis).specsOf('gone')).toEqual([]);
  });

  it('judges the configured rules on the window summary', () => {
    const [latency] = new Observations(config.apis).observe(api('no-slo'), slow(1000), T0);
    expect(latency).toEqual({ spec: expect.objectContaining({ name: 'HighLatency' }), observation: { status: 'breach', value: 1000 } });
  });

  it('judges the burn-rate pairs on the samples it was given, not on the summary', () => {
    const observations = new Observations(config.apis);
    for (let at = T0; at < T0 + HOUR; at += 10_000) observations.recordSample({ apiId: 'page-api', at, outcome: 'http_5xx' });
    const burns = observations.observe(api('page-api'), undefined, T0 + HOUR).slice(1);
    expect(burns.map((b) => b.observation.status)).toEqual(['breach', 'breach', 'breach']);
  });
});
