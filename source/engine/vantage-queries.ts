import { metricQuery, promDuration, promNumber, VANTAGE_LABEL } from '../config-export/promql.js';
import { quorumOf } from '../config/vantage.js';
import { countedCondition } from '../config-export/quorum-rules.js';
import type { Config } from '../config/types.js';
import { VANTAGE_PATTERN } from '../config/schema.js';
import { METRIC } from '../core/metric-names.js';
import type { ApiVantages, VantageStates } from '../state/vantage-view.js';
import type { VectorSample } from '../sources/prometheus-vector.js';


/** The three instant queries that tell, for the whole fleet at once, which vantages report, fail and how fast. */
export interface VantageQueries {
  /** One series per API and vantage that reports it now (a stopped monitor's series are stale and gone). */
  seen: string;
  /** One series per API and vantage that sees at least one of the API's rules hold; undefined without rules. */
  failing: string | undefined;
  /** Latency p95 in seconds per API and vantage. */
  p95: string;
}

const tagged = (query: string, api: string): string => `label_replace(${query}, "api", ${JSON.stringify(api)}, "", "")`;

/**
 * Over api-health's own series (the vantage label is the monitors'): each rule's condition per vantage, as the
 * exported quorum rules write it, tagged with its API and joined with `or`, so one query answers the fleet.
 */
export function vantageQueries(config: Pick<Config, 'apis' | 'defaults'>): VantageQueries {
  const w = config.defaults.windowMs;
  const conditions = config.apis.flatMap((api) =>
    api.rules.flatMap((rule) => {
      const query = api.url === undefined ? undefined : metricQuery('apihealth', api, rule.metric, w, true);
      if (query === undefined) return [];
      const threshold = rule.metric.startsWith('latency') ? rule.threshold / 1_000 : rule.threshold;
      return [tagged(countedCondition('apihealth', `${query} ${rule.comparison === 'above' ? '>' : '<'} ${promNumber(threshold)}`), api.id)];
    }),
  );
  const window = promDuration(w);
  return {
    seen: `count by (api, ${VANTAGE_LABEL}) (${METRIC.probes})`,
    failing: conditions.length === 0 ? undefined : conditions.join(' or '),
    p95: `histogram_quantile(0.95, sum by (le, api, ${VANTAGE_LABEL}) (rate(${METRIC.probeDuration}_bucket[${window}])))`,
  };
}

/** The answers of the three queries as each API's vantages, sorted by name; APIs no vantage reports are left out. */
export function vantageStates(config: Pick<Config, 'apis' | 'defaults'>, seen: VectorSample[], failing: VectorSample[], p95: VectorSample[]): VantageStates {
  const key = (s: VectorSample): string => `${s.labels.api}\u0000${s.labels[VANTAGE_LABEL]}`;
  const failingKeys = new Set(failing.map(key));
  const latency = new Map(p95.filter((s) => Number.isFinite(s.value)).map((s) => [key(s), s.value * 1_000]));
  const states: VantageStates = {};
  for (const api of config.apis) {
    // A label value is anyone's text who can push series: only names a vantage may have are shown.
    const names = [...new Set(seen.filter((s) => s.labels.api === api.id && VANTAGE_PATTERN.test(s.labels[VANTAGE_LABEL] ?? '')).map((s) => s.labels[VANTAGE_LABEL]!))].sort();
    if (names.length === 0) continue;
    const quorum = api.rules.length === 0 ? 1 : Math.min(...api.rules.map((rule) => quorumOf(rule, config.defaults)));
    const view: ApiVantages = {
      quorum,
      vantages: names.map((name) => {
        const k = `${api.id}\u0000${name}`;
        return { name, failing: failingKeys.has(k), ...(latency.has(k) ? { p95Ms: latency.get(k) } : {}) };
      }),
    };
    states[api.id] = view;
  }
  return states;
}
