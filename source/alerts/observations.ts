import type { ApiConfig } from '../config/types.js';
import type { ProbeSample } from '../core/probe-sample.js';
import type { CountSeries } from '../metrics/rollup.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { AlarmSpec, Observation } from './alarm-spec.js';
import { BURN_RATE_PAIRS, burnRatePairSpec, observeBurn } from './burn-rate.js';
import { observeRule } from './rule-observation.js';
import { SloCounters } from './slo-counters.js';

/** Each API's rules and SLO burn-rate pairs, and their verdicts on fresh figures; counts samples for the long SLO windows. */
export class Observations {
  private readonly specs: Map<string, AlarmSpec[]>;
  private readonly counters: SloCounters;

  constructor(apis: readonly ApiConfig[]) {
    this.specs = new Map(apis.map((api) => [api.id, [...api.rules, ...(api.slo ? BURN_RATE_PAIRS.map(burnRatePairSpec) : [])]]));
    this.counters = new SloCounters(apis.filter((api) => api.slo !== undefined).map((api) => api.id));
  }

  recordSample(sample: ProbeSample): void {
    this.counters.record(sample);
  }

  /** The SLO counts of an earlier run, from the stored history. */
  restoreSloCounts(series: CountSeries): void {
    this.counters.restore(series);
  }

  /** Fixed by the config: the configured rules first, then the burn-rate pairs. */
  specsOf(apiId: string): AlarmSpec[] {
    return this.specs.get(apiId) ?? [];
  }

  observe(api: ApiConfig, summary: MetricSummary | undefined, now: number): { spec: AlarmSpec; observation: Observation }[] {
    const rules = api.rules.map((rule) => ({ spec: rule as AlarmSpec, observation: observeRule(rule, summary) }));
    const slo = api.slo;
    if (!slo) return rules;
    const burns = BURN_RATE_PAIRS.map((pair) => ({
      spec: burnRatePairSpec(pair),
      observation: observeBurn(pair, this.counters.counts(api.id, pair.longMs, now), this.counters.counts(api.id, pair.shortMs, now), slo),
    }));
    return [...rules, ...burns];
  }
}
