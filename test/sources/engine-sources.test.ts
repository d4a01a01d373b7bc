import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { Engine } from '../../source/engine/engine.js';
import type { ProbeSample } from '../../source/core/probe-sample.js';
import type { ExternalFigures, SourceFigures } from '../../source/sources/external-figures.js';
import { createFleetStore } from '../../source/state/store.js';

const config = parseConfigText(
  `
defaults: { interval: 1s }
sources:
  prod: { type: prometheus, url: "http://127.0.0.1:1" }
apis:
  beside: { url: "http://127.0.0.1:1/beside", source: prod, queries: { latency_p95: "q" } }
  instead: { source: prod, queries: { error_rate_5xx: "q" } }
  probed: { url: "http://127.0.0.1:1/probed" }
`,
  'engine.yaml',
  {},
);

/** Figures as a source would hand them over, changed by the test. */
class HeldFigures implements ExternalFigures {
  changed: (apiId: string) => void = () => {};
  readonly figures = new Map<string, SourceFigures>();
  start(changed: (apiId: string) => void): void {
    this.changed = changed;
  }
  async stop(): Promise<void> {}
  read(apiId: string): SourceFigures | undefined {
    return this.figures.get(apiId);
  }
}

describe('Engine with an external source', () => {
  it('keeps probe figures beside the source\'s, uses the source alone instead of probes, and feeds onSample', async () => {
    const clock = new ManualClock(1_000_000);
    const store = createFleetStore(config, { now: clock.now() });
    const external = new HeldFigures();
    const seen: string[] = [];
    const engine = new Engine({
      config,
      actions: store.getState().actions,
      clock,
      external,
      random: () => 0,
      onSample: (sample) => seen.push(sample.apiId),
      probe: async (api): Promise<ProbeSample> => ({ apiId: api.id, at: clock.now(), outcome: 'ok', status: 200, totalMs: 40 }),
    });
    engine.start();
    const at = clock.now();
    external.figures.set('beside', { values: { latency_p95: 900 }, sourced: { latency_p95: { source: 'prod', at } }, samples: 1, history: [900], recentErrors: [] });
    external.figures.set('instead', { values: { error_rate_5xx: 0.25 }, sourced: { error_rate_5xx: { source: 'prod', at } }, samples: 4, history: [], recentErrors: [] });
    external.changed('beside');
    external.changed('instead');
    clock.advance(10);
    await Promise.resolve();
    clock.advance(300);
    const { metrics } = store.getState();
    expect(metrics.beside).toMatchObject({ samples: 1, latency: { p50: 40, p95: 900 } });
    expect(metrics.instead).toMatchObject({ samples: 4, errorRate5xx: 0.25 });
    expect(metrics.probed).toMatchObject({ samples: 1, latency: { p95: 40 } });
    expect(seen.sort()).toEqual(['beside', 'probed']);
    await engine.stop();
  });
});
