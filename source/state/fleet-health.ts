import type { ApiConfig, Config } from '../config/types.js';
import { healthOf, type Health } from '../metrics/health.js';
import type { MetricSummary } from '../metrics/summary.js';

export interface FleetCounts {
  apis: number;
  healthy: number;
  degraded: number;
  failing: number;
  unknown: number;
  unassigned: number;
}

/** Each API's health and the fleet's totals; a new object only when some API's health changed. */
export interface FleetHealth {
  counts: FleetCounts;
  /** Kept up to date in place by `updateFleetHealth`: it is the store's own, never shared. */
  of: ReadonlyMap<string, Health>;
  /** Grows by one with each change, so a reader can tell whether it missed one. */
  version: number;
  /** The APIs whose health this version changed. */
  changed: ReadonlySet<string>;
  /**
   * APIs with a firing alarm: held as failing whatever their figures say, so an alarm restored after a restart
   * (firing, no fresh data yet) never sits beside a healthy dot, in the healthy count or among healthy rows.
   */
  held: ReadonlySet<string>;
}

export function fleetHealth(config: Config, metrics: Readonly<Record<string, MetricSummary>>): FleetHealth {
  const counts: FleetCounts = { apis: config.apis.length, healthy: 0, degraded: 0, failing: 0, unknown: 0, unassigned: 0 };
  const of = new Map<string, Health>();
  for (const api of config.apis) {
    const health = healthOf(metrics[api.id], api);
    of.set(api.id, health);
    counts[health]++;
    if (api.owner === undefined) counts.unassigned++;
  }
  return { counts, of, version: 0, changed: new Set(), held: new Set() };
}

/** The fleet's health once the set of APIs with a firing alarm is `firing`: only the APIs that joined or left it move. */
export function holdFailing(
  current: FleetHealth,
  apis: ReadonlyMap<string, ApiConfig>,
  metrics: Readonly<Record<string, MetricSummary>>,
  firing: ReadonlySet<string>,
): FleetHealth {
  const moved = [...firing].filter((id) => !current.held.has(id)).concat([...current.held].filter((id) => !firing.has(id)));
  if (moved.length === 0) return current;
  const next: FleetHealth = { ...current, held: firing };
  return recount(next, moved.flatMap((id) => (apis.has(id) ? [[id, healthOf(metrics[id], apis.get(id)!)] as const] : [])));
}

function recount(current: FleetHealth, fresh: readonly (readonly [string, Health])[]): FleetHealth {
  const of = current.of as Map<string, Health>;
  let counts: FleetCounts | undefined;
  const changed = new Set<string>();
  for (const [id, figures] of fresh) {
    const before = of.get(id) ?? 'unknown';
    const after = current.held.has(id) ? 'failing' : figures;
    if (after === before) continue;
    counts ??= { ...current.counts };
    counts[before]--;
    counts[after]++;
    of.set(id, after);
    changed.add(id);
  }
  return counts ? { ...current, counts, version: current.version + 1, changed } : current;
}

/**
 * The fleet's health after a flush, looking only at the APIs the flush updated: a 20,000-API fleet is not
 * recounted four times a second. Returns `current` itself when no health moved, so readers that depend on
 * health alone (the header, rows sorted by health or name) skip the flush.
 */
export function updateFleetHealth(
  current: FleetHealth,
  apis: ReadonlyMap<string, ApiConfig>,
  updates: Readonly<Record<string, MetricSummary>>,
): FleetHealth {
  const fresh: (readonly [string, Health])[] = [];
  for (const id in updates) {
    const api = apis.get(id);
    if (api) fresh.push([id, healthOf(updates[id], api)]);
  }
  return recount(current, fresh);
}
