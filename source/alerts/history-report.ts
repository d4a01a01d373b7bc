import type { ApiConfig, MaintenanceWindow } from '../config/types.js';
import { teamLabel } from '../core/labels.js';
import { histogramPercentile, RELATIVE_ERROR } from '../metrics/latency-histogram.js';
import { countedTurns, emptyRollup, mergeRollup, subtractRollup, type Rollup, type RollupRow } from '../metrics/rollup.js';
import { matchesWindow, occurrencesBetween } from './maintenance-calendar.js';

/** What an API, a family or a team did over the report's period. */
export interface RangeFigures {
  /** Requests the API was asked to serve. */
  probes: number;
  /** Probes and throttled turns: what availability and the SLO are judged on. */
  counted: number;
  ok: number;
  http5xx: number;
  throttled: number;
  blocked: number;
  failures: Rollup['failures'];
  /** Ok share of the counted turns; null without any. */
  availability: number | null;
  errorRate5xx: number | null;
  errorRate: number | null;
  /** Percentiles of the ok probes' latency, read from merged histogram buckets (see relativeError). */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  /** Against the API's slo.objective; null for an API without one, or for a group. */
  slo: { objective: number; attained: number | null; met: boolean | null; budgetLeft: number | null } | null;
  /** Turns inside a maintenance window, left out of every figure above. */
  maintenanceTurns: number;
}

export interface ApiRangeFigures extends RangeFigures {
  id: string;
  name: string;
  team: string;
  family: string;
}

export interface GroupRangeFigures extends RangeFigures {
  name: string;
  apis: number;
}

/** Figures read from somewhere other than the local history: where (named in the headings), and the notes that replace the history's. */
export interface ReportOrigin {
  /** Such as "Prometheus http://prometheus:9090". */
  source: string;
  notes: string[];
}

export type LatencyPercentiles = RangeFigures['latencyMs'];

export interface HistoryReport {
  from: number;
  to: number;
  /** Any percentile is within this share of the nearest-rank percentile of the raw latencies (above 1 ms); null when unknown. */
  relativeError: number | null;
  apis: ApiRangeFigures[];
  families: GroupRangeFigures[];
  teams: GroupRangeFigures[];
  /** Time in the period some maintenance window covering an API was in force, windows overlapping counted once. */
  maintenanceMs: number;
  /** Absent for the local history. */
  origin?: ReportOrigin | undefined;
}

export interface HistoryReportInput {
  apis: readonly ApiConfig[];
  /** Per API, every row of the period added up (history.db adds them). */
  totals: ReadonlyMap<string, Rollup>;
  /** The rows that start inside some maintenance spell of the period (see maintenanceSpans), each once. */
  maintenanceRows: readonly RollupRow[];
  from: number;
  to: number;
  maintenance: readonly MaintenanceWindow[];
  /** The percentiles of a set of APIs' probes (one API, or a family's or team's); by default read from the totals' histograms. */
  latency?: ((ids: readonly string[]) => LatencyPercentiles) | undefined;
}

/** The stretches of [from, to) some maintenance window is in force, overlaps merged: where to fetch the rows to leave out. */
export function maintenanceSpans(windows: readonly MaintenanceWindow[], from: number, to: number): { start: number; end: number }[] {
  const spans = maintenanceSpells(windows, from, to)
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Per API, family and team: availability, error rates, latency percentiles and SLO attainment over the
 * period's totals, less the rows that start inside a maintenance window covering the API. APIs found in the
 * history but no longer in the config are reported under their id.
 */
export function buildHistoryReport({ apis, totals, maintenanceRows, from, to, maintenance, latency }: HistoryReportInput): HistoryReport {
  const known = new Map(apis.map((api) => [api.id, api]));
  const spells = maintenanceSpells(maintenance, from, to);
  const kept = new Map<string, Rollup>();
  for (const [id, rollup] of totals) kept.set(id, mergeRollup(emptyRollup(), rollup));
  const leftOut = new Map<string, number>();
  for (const row of maintenanceRows) {
    const api = known.get(row.apiId);
    const target = { apiId: row.apiId, team: api?.owner, family: api?.family ?? '' };
    if (!spells.some((s) => s.start <= row.start && row.start < s.end && matchesWindow(s.window.match, target))) continue;
    leftOut.set(row.apiId, (leftOut.get(row.apiId) ?? 0) + countedTurns(row.rollup) + row.rollup.blocked);
    const total = kept.get(row.apiId);
    if (total) subtractRollup(total, row.rollup);
  }
  const ids = [...new Set([...apis.map((a) => a.id), ...kept.keys(), ...leftOut.keys()])];
  const apiFigures: ApiRangeFigures[] = ids.map((id) => {
    const api = known.get(id);
    const rollup = kept.get(id) ?? emptyRollup();
    return {
      id,
      name: api?.name ?? id,
      team: teamLabel(api?.owner),
      family: api?.family ?? '',
      ...figures(rollup, leftOut.get(id) ?? 0, api?.slo?.objective, latency?.([id])),
    };
  });
  const covering = spells
    .map((s) => ({ ...s, start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => apis.some((api) => matchesWindow(s.window.match, { apiId: api.id, team: api.owner, family: api.family })));
  return {
    from,
    to,
    relativeError: RELATIVE_ERROR,
    apis: apiFigures,
    families: groups(apiFigures, kept, (a) => a.family, latency),
    teams: groups(apiFigures, kept, (a) => a.team, latency),
    maintenanceMs: unionLength(covering),
  };
}

/** Budget left: the share of the allowed failures (1 - objective) not spent; below 0 once it is overspent. */
export function budgetLeft(attained: number, objective: number): number {
  const allowed = 1 - objective;
  if (allowed <= 0) return attained >= 1 ? 1 : 0;
  return 1 - (1 - attained) / allowed;
}

function figures(rollup: Rollup, maintenanceTurns: number, objective: number | undefined, latency?: LatencyPercentiles): RangeFigures {
  const counted = countedTurns(rollup);
  const share = (n: number): number | null => (counted === 0 ? null : n / counted);
  const availability = share(rollup.ok);
  const round = (ms: number | undefined): number | null => (ms === undefined ? null : Math.round(ms * 10) / 10);
  return {
    probes: rollup.probes,
    counted,
    ok: rollup.ok,
    http5xx: rollup.http5xx,
    throttled: rollup.throttled,
    blocked: rollup.blocked,
    failures: rollup.failures,
    availability,
    errorRate5xx: share(rollup.http5xx),
    errorRate: share(counted - rollup.ok),
    latencyMs: latency ?? {
      p50: round(histogramPercentile(rollup.latency, 50)),
      p95: round(histogramPercentile(rollup.latency, 95)),
      p99: round(histogramPercentile(rollup.latency, 99)),
    },
    slo:
      objective === undefined
        ? null
        : {
            objective,
            attained: availability,
            met: availability === null ? null : availability >= objective,
            budgetLeft: availability === null ? null : budgetLeft(availability, objective),
          },
    maintenanceTurns,
  };
}

function groups(
  apis: readonly ApiRangeFigures[],
  kept: ReadonlyMap<string, Rollup>,
  key: (api: ApiRangeFigures) => string,
  latency: HistoryReportInput['latency'],
): GroupRangeFigures[] {
  const members = new Map<string, ApiRangeFigures[]>();
  for (const api of apis) members.set(key(api), [...(members.get(key(api)) ?? []), api]);
  return [...members.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, list]) => {
      const merged = list.reduce((into, api) => (kept.has(api.id) ? mergeRollup(into, kept.get(api.id)!) : into), emptyRollup());
      const maintenance = list.reduce((sum, api) => sum + api.maintenanceTurns, 0);
      return { name, apis: list.length, ...figures(merged, maintenance, undefined, latency?.(list.map((api) => api.id))) };
    });
}

function rollupOf(map: Map<string, Rollup>, id: string): Rollup {
  let rollup = map.get(id);
  if (!rollup) {
    rollup = emptyRollup();
    map.set(id, rollup);
  }
  return rollup;
}

function maintenanceSpells(windows: readonly MaintenanceWindow[], from: number, to: number) {
  return windows.flatMap((w) => occurrencesBetween(w, from, to));
}

function unionLength(spells: readonly { start: number; end: number }[]): number {
  let total = 0;
  let reached = Number.NEGATIVE_INFINITY;
  for (const s of [...spells].sort((a, b) => a.start - b.start)) {
    const start = Math.max(s.start, reached);
    if (s.end > start) total += s.end - start;
    reached = Math.max(reached, s.end);
  }
  return total;
}
