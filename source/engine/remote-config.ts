import { metricQuery } from '../config-export/promql.js';
import type { Config } from '../config/types.js';
import { METRICS, type MetricName } from '../core/rules.js';

/** The source id --remote reads every API's figures from. */
export const SHARED_PROMETHEUS = 'shared.prometheus';

/**
 * The config as `--remote` runs it: nothing is probed (no API keeps its url), nothing is evaluated here (no
 * rules: the alarms are Alertmanager's) and nothing is sent (no channels); every API's figures come from the
 * team's Prometheus, with the same PromQL the exported rules use over the series `shared.metrics` names.
 */
export function remoteConfig(config: Config): Config {
  const shared = config.shared;
  if (!shared) return config;
  const prometheus = shared.prometheus;
  const apis = config.apis.map((api) => {
    if (api.source !== undefined) return { ...api, url: undefined, rules: [], slo: undefined };
    const queries = prometheus
      ? Object.fromEntries(
          METRICS.flatMap((metric): [MetricName, string][] => {
            // Plain HTTP has no certificate: its query answers no data, which would read as a failing API.
            if (metric === 'certificate_days_left' && !isHttps(api.url)) return [];
            const query = metricQuery(shared.metrics, api, metric, config.defaults.windowMs);
            return query === undefined ? [] : [[metric, query]];
          }),
        )
      : {};
    return { ...api, url: undefined, rules: [], slo: undefined, source: prometheus ? SHARED_PROMETHEUS : undefined, queries };
  });
  const sources = prometheus ? { ...config.sources, [SHARED_PROMETHEUS]: { type: 'prometheus' as const, url: prometheus, headers: shared.headers, interval: shared.pollMs } } : config.sources;
  return { ...config, apis, sources, channels: {}, routes: [] };
}

function isHttps(url: string | undefined): boolean {
  return url !== undefined && URL.canParse(url) && new URL(url).protocol === 'https:';
}
