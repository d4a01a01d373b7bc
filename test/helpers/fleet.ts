import type { Config } from '../../source/config/types.js';
import type { MetricSummary } from '../../source/metrics/summary.js';
import { createFleetStore } from '../../source/state/store.js';
import type { FleetStore } from '../../source/state/fleet-state.js';
import { configFrom } from './config.js';
import { failing, healthy, slow, summary } from './summaries.js';

/** Two teams and an unowned API, with figures that make every health, sort and filter case visible. */
export const FLEET: Config = configFrom({
  defaults: { userAgent: 'api-health-test/1 (ops@example.org)' },
  teams: {
    mwi: { name: 'MediaWiki Interfaces', contacts: { email: 'mwi@example.org', slack: '#mediawiki-interfaces', phabricator: 'MW-Interfaces-Team' } },
    ctt: { name: 'Content Transform Team', contacts: { email: 'ctt@example.org' } },
  },
  apis: {
    'mw-page': { name: 'MediaWiki REST - page', family: 'MediaWiki REST', owner: 'mwi', url: 'https://en.wikipedia.org/w/rest.php/v1/page/Earth/bare' },
    'mw-search': { name: 'MediaWiki REST - search', family: 'MediaWiki REST', owner: 'mwi', url: 'https://en.wikipedia.org/w/rest.php/v1/search/title?q=Earth' },
    'action-query': { name: 'Action API - query', family: 'Action API', owner: 'mwi', url: 'https://en.wikipedia.org/w/api.php?action=query' },
    'rest-summary': { name: 'Wikimedia REST - summary', family: 'Wikimedia REST', owner: 'ctt', url: 'https://en.wikipedia.org/api/rest_v1/page/summary/Earth' },
    'rest-html': { name: 'Wikimedia REST - page html', family: 'Wikimedia REST', owner: 'ctt', url: 'https://en.wikipedia.org/api/rest_v1/page/html/Earth' },
    portal: { name: 'API Portal - core page', family: 'API Portal', url: 'https://api.wikimedia.org/core/v1/wikipedia/en/page/Earth/bare' },
  },
});

export const FLEET_METRICS: Record<string, MetricSummary> = {
  'mw-page': healthy({ latency: { p50: 40, p95: 90, p99: 120 } }),
  'mw-search': failing({ latency: { p50: 60, p95: 300, p99: 400 } }),
  'action-query': slow(),
  'rest-summary': healthy({ latency: { p50: 20, p95: 30, p99: 35 } }),
  'rest-html': summary({ errorRate5xx: 0.02, errorRate: 0.02, availability: 0.98, latency: { p50: 100, p95: 200, p99: 250 } }),
  portal: healthy(),
};

export function fleetStore(options: { metrics?: Record<string, MetricSummary>; team?: string; config?: Config } = {}): FleetStore {
  const config = options.config ?? FLEET;
  const store = createFleetStore(config, { team: options.team, now: Date.parse('2026-01-01T12:00:00Z') });
  store.getState().actions.applyMetrics(options.metrics ?? FLEET_METRICS, {
    probesPerSecond: 2.5,
    totalProbes: 120,
    lastUpdate: Date.parse('2026-01-01T12:00:00Z'),
    startedAt: Date.parse('2026-01-01T11:59:00Z'),
  });
  return store;
}
