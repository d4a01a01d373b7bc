import type { ApiConfig, Config, Team } from '../config/types.js';
import { HEALTH_RANK, type Health } from '../metrics/health.js';
import { fleetHealth, type FleetHealth } from './fleet-health.js';
import type { MetricSummary } from '../metrics/summary.js';
import type { SortKey, UiState } from './ui-state.js';
import type { AlarmView } from './alarm-view.js';
import { UNASSIGNED } from '../core/labels.js';


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
  metrics: Readonly<Record<string, MetricSummary>>;
  metricsVersion: number;
  health: FleetHealth;
  ui: UiState;
}

/**
 * Filters, groups by owning team and sorts; the result is cached until its inputs change. Sorted by health
 * or by name, the rows only move when some API's health does, so a flush that changes figures alone keeps
 * them; and when a flush moves a few APIs' health, only those rows move (a 20,000-API fleet is not resorted).
 */
export function createRowsSelector(): (state: RowsInput) => VisibleRows {
  let last: { config: Config; figures: unknown; filter: string; team: string | undefined; sort: SortKey } | undefined;
  let groups: Group[] = [];
  let result: VisibleRows = { lines: [], apis: [], lineOfRow: [] };
  /** The health the group lines were counted with. */
  let countedWith: FleetHealth | undefined;
  let index: { config: Config; byName: Map<string, number>; apis: Map<string, ApiConfig> } | undefined;
  return (state) => {
    const filter = state.ui.filterDraft ?? state.ui.filterText;
    const { config, metrics, health } = state;
    const { team, sort } = state.ui;
    const byHealth = sort === 'health' || sort === 'name';
    const figures = byHealth ? health : state.metricsVersion;
    const sameView = last !== undefined && last.config === config && last.filter === filter && last.team === team && last.sort === sort;
    // Paused, the order stays as it was (the figures on the rows still change, and so do the groups' counts); unpaused, it is rebuilt.
    if (sameView && last!.figures === figures) return result;
    if (sameView && state.ui.paused) {
      if (countedWith !== health) result = recount(result, health.of);
      countedWith = health;
      return result;
    }
    countedWith = health;
    if (index?.config !== config) index = { config, byName: rankByName(config), apis: new Map(config.apis.map((api) => [api.id, api])) };
    const previous = last?.figures;
    last = { config, figures, filter, team, sort };
    if (sameView && byHealth && (previous as FleetHealth).version === health.version - 1) {
      const touched = new Set<Group>();
      for (const id of health.changed) {
        const api = index.apis.get(id);
        const group = api && moveRow(groups, api, health.of.get(id) ?? 'unknown', sort, index.byName);
        if (group) touched.add(group);
      }
      // A group whose worst API changed may change places with its neighbours: then the lines are rebuilt.
      if (sort === 'health' && touched.size > 0 && !inGroupOrder(groups)) {
        groups.sort(byWorstHealth);
        result = flatten(groups);
      } else result = refresh(result, groups, touched);
    } else {
      groups = groupRows(config, metrics, health.of, filter, team, sort, index.byName);
      result = flatten(groups);
    }
    return result;
  };
}

/**
 * The selected row: where the selected API is now, wherever the rows moved it; when it is not in the list
 * (filtered out), the row nearest to where it was; -1 when there are no rows.
 */
export function selectedRowIndex(rows: VisibleRows, ui: Pick<UiState, 'selectedApi' | 'cursor'>): number {
  const count = rows.apis.length;
  if (count === 0) return -1;
  const hint = Math.max(0, Math.min(ui.cursor, count - 1));
  if (ui.selectedApi === undefined || rows.apis[hint]!.id === ui.selectedApi) return hint;
  const at = rows.apis.findIndex((api) => api.id === ui.selectedApi);
  return at >= 0 ? at : hint;
}

/** The selected alarm's row in the alarms view (its id decides); -1 when there are none. */
export function selectedAlarmIndex(alarms: readonly AlarmView[], ui: Pick<UiState, 'selectedAlarm' | 'alarmCursor'>): number {
  const at = ui.selectedAlarm === undefined ? -1 : alarms.findIndex((v) => v.alarm.id === ui.selectedAlarm);
  return at >= 0 ? at : Math.min(ui.alarmCursor, alarms.length - 1);
}

interface Group {
  id: string;
  /** Its place in the config (Unassigned first): the order among groups equally healthy. */
  place: number;
  team: Team | undefined;
  /** In display order. */
  members: ApiConfig[];
  health: Health[];
}

export function computeRows(
  config: Config,
  metrics: Readonly<Record<string, MetricSummary>>,
  filter: string,
  team: string | undefined,
  sort: SortKey,
  byName: Map<string, number> = rankByName(config),
): VisibleRows {
  return flatten(groupRows(config, metrics, fleetHealth(config, metrics).of, filter, team, sort, byName));
}

function groupRows(
  config: Config,
  metrics: Readonly<Record<string, MetricSummary>>,
  health: ReadonlyMap<string, Health>,
  filter: string,
  team: string | undefined,
  sort: SortKey,
  byName: Map<string, number>,
): Group[] {
  const teamsById = new Map(config.teams.map((t) => [t.id, t]));
  const needle = filter.trim().toLowerCase();
  const byGroup = new Map<string, ApiConfig[]>();
  for (const api of config.apis) {
    const groupId = api.owner ?? UNASSIGNED.id;
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
  const groups: Group[] = [];
  [UNASSIGNED.id, ...config.teams.map((t) => t.id)].forEach((groupId, place) => {
    const members = byGroup.get(groupId);
    if (!members) return;
    const sorted = sortApis(members, metrics, health, sort, byName);
    groups.push({ id: groupId, place, team: teamsById.get(groupId), members: sorted, health: sorted.map((api) => health.get(api.id) ?? 'unknown') });
  });
  if (sort === 'health') return groups.sort(byWorstHealth);
  if (sort === 'name') return groups;
  // The worst across the fleet comes first: groups go in the order of their first (worst) rows.
  const first = new Map(groups.map((g) => [g, sortKey(g.members[0]!, metrics, health, sort)]));
  return groups.sort((a, b) => first.get(a)! - first.get(b)! || a.place - b.place);
}

/** Sorted by health, the group with the worst API comes first (members are sorted, so that is the first one). */
function byWorstHealth(a: Group, b: Group): number {
  return HEALTH_RANK[a.health[0] ?? 'healthy'] - HEALTH_RANK[b.health[0] ?? 'healthy'] || a.place - b.place;
}

function inGroupOrder(groups: readonly Group[]): boolean {
  return groups.every((group, i) => i === 0 || byWorstHealth(groups[i - 1]!, group) <= 0);
}

function flatten(groups: readonly Group[]): VisibleRows {
  const lines: DisplayLine[] = [];
  const apis: ApiConfig[] = [];
  const lineOfRow: number[] = [];
  for (const group of groups) {
    lines.push(groupLine(group));
    for (const api of group.members) {
      lineOfRow.push(lines.length);
      lines.push({ kind: 'api', api, row: apis.length });
      apis.push(api);
    }
  }
  return { lines, apis, lineOfRow };
}

function groupLine({ team, members, health }: Group): DisplayLine {
  let failing = 0;
  let degraded = 0;
  for (const h of health) {
    if (h === 'failing') failing++;
    else if (h === 'degraded') degraded++;
  }
  return { kind: 'group', team, total: members.length, failing, degraded };
}

/** The same rows with each group's failing and degraded counts taken from `health`: what a paused list shows. */
function recount(rows: VisibleRows, health: ReadonlyMap<string, Health>): VisibleRows {
  const lines = rows.lines.slice();
  let group = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.kind === 'group') {
      group = i;
      lines[i] = { ...line, failing: 0, degraded: 0 };
      continue;
    }
    const counts = lines[group];
    const h = health.get(line.api.id);
    if (counts?.kind === 'group' && (h === 'failing' || h === 'degraded')) lines[group] = { ...counts, [h]: counts[h] + 1 };
  }
  return { ...rows, lines };
}

/** The rows after moves inside some groups: group sizes are unchanged, so only those groups' lines are rewritten. */
function refresh(previous: VisibleRows, groups: readonly Group[], touched: ReadonlySet<Group>): VisibleRows {
  if (touched.size === 0) return previous;
  const lines = previous.lines.slice();
  const apis = previous.apis.slice();
  let line = 0;
  let row = 0;
  for (const group of groups) {
    if (touched.has(group)) {
      lines[line] = groupLine(group);
      group.members.forEach((api, k) => {
        lines[line + 1 + k] = { kind: 'api', api, row: row + k };
        apis[row + k] = api;
      });
    }
    line += 1 + group.members.length;
    row += group.members.length;
  }
  return { lines, apis, lineOfRow: previous.lineOfRow };
}

/**
 * One API's health changed: its row takes its new health and, sorted by health, its new place in its group.
 * Returns the group, or undefined when the API is not shown (filtered out).
 */
function moveRow(groups: Group[], api: ApiConfig, after: Health, sort: SortKey, byName: Map<string, number>): Group | undefined {
  const group = groups.find((g) => g.id === (api.owner ?? UNASSIGNED.id));
  const from = group ? group.members.indexOf(api) : -1;
  if (!group || from < 0) return undefined;
  if (sort !== 'health') {
    group.health[from] = after;
    return group;
  }
  group.members.splice(from, 1);
  group.health.splice(from, 1);
  const key = (h: Health, a: ApiConfig): number => HEALTH_RANK[h] * byName.size + (byName.get(a.id) ?? 0);
  const target = key(after, api);
  let lo = 0;
  let hi = group.members.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(group.health[mid]!, group.members[mid]!) < target) lo = mid + 1;
    else hi = mid;
  }
  group.members.splice(lo, 0, api);
  group.health.splice(lo, 0, after);
  return group;
}

/** Each API's place in name order: names do not change while the program runs, so they are compared once. */
export function rankByName(config: Config): Map<string, number> {
  const sorted = [...config.apis].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return new Map(sorted.map((api, rank) => [api.id, rank]));
}

/** An API's place under a sort, smallest first: the worst health, the slowest p95, the highest 5xx rate; no data last. */
function sortKey(api: ApiConfig, metrics: Readonly<Record<string, MetricSummary>>, health: ReadonlyMap<string, Health>, sort: SortKey): number {
  const m = metrics[api.id];
  if (sort === 'health') return HEALTH_RANK[health.get(api.id) ?? 'unknown'];
  if (sort === 'latency') return -(m?.latency.p95 ?? -1);
  if (sort === '5xx') return -(m?.errorRate5xx ?? -1);
  return 0;
}

/** Sort keys are read once per API, not once per comparison: a 20,000-API fleet is resorted on every flush. */
function sortApis(
  apis: ApiConfig[],
  metrics: Readonly<Record<string, MetricSummary>>,
  health: ReadonlyMap<string, Health>,
  sort: SortKey,
  byName: Map<string, number>,
): ApiConfig[] {
  return apis
    .map((api) => ({ api, key: sortKey(api, metrics, health, sort), name: byName.get(api.id) ?? 0 }))
    .sort((a, b) => a.key - b.key || a.name - b.name)
    .map((entry) => entry.api);
}
