import type { ApiConfig, Config, Team } from '../config/types.js';
import { HEALTH_RANK, healthOf, type Health } from '../metrics/health.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { SortKey, UiState } from './ui-state.js';

export const UNASSIGNED = '__unassigned__';

export type DisplayLine =
  | { kind: 'group'; team: Team | undefined; total: number; failing: number; degraded: number }
  | { kind: 'api'; api: ApiConfig; row: number };

export interface VisibleRows {
  lines: DisplayLine[];
  /** The selectable rows, in display order. */
  apis: ApiConfig[];
  /** For each selectable row, its line index in `lines`. */
  lineOfRow: number[];
}

interface RowsInput {
  config: Config;
  metrics: Record<string, MetricSummary>;
  ui: UiState;
}

/** Filters, groups by owning team and sorts; the result is cached until its inputs change. */
export function createRowsSelector(): (state: RowsInput) => VisibleRows {
  let last: { config: Config; metrics: Record<string, MetricSummary>; filter: string; team: string | undefined; sort: SortKey } | undefined;
  let result: VisibleRows = { lines: [], apis: [], lineOfRow: [] };
  let ranks: { config: Config; byName: Map<string, number> } | undefined;
  let healths = new Map<string, Health>();
  return (state) => {
    const filter = state.ui.filterDraft ?? state.ui.filterText;
    const { config, metrics } = state;
    const { team, sort } = state.ui;
    const sameView = last !== undefined && last.config === config && last.filter === filter && last.team === team && last.sort === sort;
    if (sameView && last!.metrics === metrics) return result;
    // A flush changes a few APIs' figures; sorted by health or name, the rows only move when a health does.
    if (sameView && (sort === 'health' || sort === 'name') && !healthChanged(config, last!.metrics, metrics, healths)) {
      last = { ...last!, metrics };
      return result;
    }
    last = { config, metrics, filter, team, sort };
    if (ranks?.config !== config) ranks = { config, byName: rankByName(config) };
    healths = new Map(config.apis.map((api) => [api.id, healthOf(metrics[api.id], api)]));
    result = computeRows(config, metrics, filter, team, sort, ranks.byName);
    return result;
  };
}

/** Only APIs whose summary object changed are looked at: a flush replaces the summaries it updates. */
function healthChanged(
  config: Config,
  before: Record<string, MetricSummary>,
  after: Record<string, MetricSummary>,
  healths: ReadonlyMap<string, Health>,
): boolean {
  for (const api of config.apis) {
    const summary = after[api.id];
    if (summary !== before[api.id] && healthOf(summary, api) !== healths.get(api.id)) return true;
  }
  return false;
}

export function computeRows(
  config: Config,
  metrics: Record<string, MetricSummary>,
  filter: string,
  team: string | undefined,
  sort: SortKey,
  byName: Map<string, number> = rankByName(config),
): VisibleRows {
  const teamsById = new Map(config.teams.map((t) => [t.id, t]));
  const needle = filter.trim().toLowerCase();
  const byGroup = new Map<string, ApiConfig[]>();
  for (const api of config.apis) {
    const groupId = api.owner ?? UNASSIGNED;
    if (team !== undefined && team !== groupId) continue;
    if (needle !== '') {
      const owner = api.owner ? teamsById.get(api.owner) : undefined;
      const haystack = `${api.name}\n${api.family}\n${api.id}\n${owner?.id ?? 'unassigned'}\n${owner?.name ?? ''}`.toLowerCase();
      if (!haystack.includes(needle)) continue;
    }
    const list = byGroup.get(groupId);
    if (list) list.push(api);
    else byGroup.set(groupId, [api]);
  }
  const groupOrder = [UNASSIGNED, ...config.teams.map((t) => t.id)];
  const lines: DisplayLine[] = [];
  const apis: ApiConfig[] = [];
  const lineOfRow: number[] = [];
  const health = (api: ApiConfig): Health => healthOf(metrics[api.id], api);
  for (const groupId of groupOrder) {
    const members = byGroup.get(groupId);
    if (!members) continue;
    const healths = members.map(health);
    lines.push({
      kind: 'group',
      team: teamsById.get(groupId),
      total: members.length,
      failing: healths.filter((h) => h === 'failing').length,
      degraded: healths.filter((h) => h === 'degraded').length,
    });
    for (const api of sortApis(members, metrics, sort, byName)) {
      lineOfRow.push(lines.length);
      lines.push({ kind: 'api', api, row: apis.length });
      apis.push(api);
    }
  }
  return { lines, apis, lineOfRow };
}

/** Each API's place in name order: names do not change while the program runs, so they are compared once. */
export function rankByName(config: Config): Map<string, number> {
  const sorted = [...config.apis].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return new Map(sorted.map((api, rank) => [api.id, rank]));
}

/** Sort keys are read once per API, not once per comparison: a 20,000-API fleet is resorted on every flush. */
function sortApis(apis: ApiConfig[], metrics: Record<string, MetricSummary>, sort: SortKey, byName: Map<string, number>): ApiConfig[] {
  const key = (api: ApiConfig): number => {
    const m = metrics[api.id];
    if (sort === 'health') return HEALTH_RANK[healthOf(m, api)];
    if (sort === 'latency') return -(m?.latency.p95 ?? -1);
    if (sort === '5xx') return -(m?.errorRate5xx ?? 0);
    return 0;
  };
  return apis
    .map((api) => ({ api, key: key(api), name: byName.get(api.id) ?? 0 }))
    .sort((a, b) => a.key - b.key || a.name - b.name)
    .map((entry) => entry.api);
}

export interface FleetCounts {
  apis: number;
  healthy: number;
  degraded: number;
  failing: number;
  unknown: number;
  unassigned: number;
}

export function fleetCounts(config: Config, metrics: Record<string, MetricSummary>): FleetCounts {
  const counts: FleetCounts = { apis: config.apis.length, healthy: 0, degraded: 0, failing: 0, unknown: 0, unassigned: 0 };
  for (const api of config.apis) {
    counts[healthOf(metrics[api.id], api)]++;
    if (api.owner === undefined) counts.unassigned++;
  }
  return counts;
}
