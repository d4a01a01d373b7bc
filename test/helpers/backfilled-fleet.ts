import { LATENCY_BUCKETS, METRIC } from '../../source/core/metric-names.js';
import type { CounterFamily, HistogramFamily } from './prometheus-backfill.js';

/**
 * A month of api-health's own series for a small fleet, one point every 6 hours, as two monitors (vantages eqiad
 * and codfw) probing once a minute would have exported them: the data `report --remote` and the remote chart are
 * tested against. Coarse points keep promtool's backfill to about a hundred blocks (one per 2h with data).
 */
export const STEP_MS = 6 * 3_600_000;
const PER_DAY = 4;
/** The first point (every counter 0); the data runs a day before the reported month, so nothing before it may count. */
export const START = Date.UTC(2026, 8, 1);
export const STEPS = 31 * PER_DAY;
export const FROM = Date.UTC(2026, 8, 2);
export const TO = START + STEPS * STEP_MS;

/** What one API saw at one vantage in one step: turns by outcome, and the durations observed (seconds, how many). */
export interface Step {
  outcomes: Record<string, number | undefined>;
  observed: [seconds: number, count: number][];
}

export interface FleetSource {
  api: string;
  team: string;
  family: string;
  vantage: string;
  /** The step (t(i-1), t(i)], i from 1: `day` 0 is 2026-09-01, `quarter` 0 its hours 00-06 UTC, 1 06-12 and so on. */
  step(day: number, quarter: number): Step;
}

/** b's 5xx episode: 2026-09-15 12:00 to 18:00 UTC, half its probes answering 503. */
export const EPISODE = { day: 14, quarter: 2 };

export const FLEET: FleetSource[] = [
  {
    api: 'a',
    team: 'mwi',
    family: 'Core',
    vantage: 'eqiad',
    // One timeout a day, early in the morning; the ok probes 90% near 75ms, 10% near 250ms.
    step: (_day, quarter) =>
      quarter === 0
        ? { outcomes: { ok: 359, timeout: 1 }, observed: [[0.075, 323], [0.25, 36], [4, 1]] }
        : { outcomes: { ok: 360 }, observed: [[0.075, 324], [0.25, 36]] },
  },
  { api: 'a', team: 'mwi', family: 'Core', vantage: 'codfw', step: () => ({ outcomes: { ok: 360 }, observed: [[0.075, 324], [0.25, 36]] }) },
  {
    api: 'b',
    team: 'search',
    family: 'Core',
    vantage: 'eqiad',
    step: (day, quarter) => {
      if (day === EPISODE.day && quarter === EPISODE.quarter) return { outcomes: { ok: 180, http_5xx: 180 }, observed: [[0.04, 180], [0.02, 180]] };
      // A burst the day before the reported month: it must not count.
      if (day === 0 && quarter === 2) return { outcomes: { ok: 300, http_5xx: 60 }, observed: [[0.04, 300], [0.02, 60]] };
      return { outcomes: { ok: 360 }, observed: [[0.04, 360]] };
    },
  },
  {
    api: 'c',
    team: 'search',
    family: 'Search',
    vantage: 'eqiad',
    // Backed off by 429 for a third of its turns each night (not probed, not timed); one blocked probe each morning.
    step: (_day, quarter) =>
      quarter === 0
        ? { outcomes: { ok: 240, throttled: 120 }, observed: [[0.6, 240]] }
        : quarter === 1
          ? { outcomes: { ok: 359, blocked: 1 }, observed: [[0.6, 360]] }
          : { outcomes: { ok: 360 }, observed: [[0.6, 360]] },
  },
  // Reported by a monitor of another config.
  { api: 'z', team: 'other', family: 'Other', vantage: 'eqiad', step: () => ({ outcomes: { ok: 360 }, observed: [[0.04, 360]] }) },
];

const STATUS_CLASS: Record<string, string> = { ok: '2xx', http_5xx: '5xx', blocked: '4xx' };

/** The steps of the points 1..STEPS, in order, for one source. */
function steps(source: FleetSource): Step[] {
  return Array.from({ length: STEPS }, (_, i) => source.step(Math.floor(i / PER_DAY), i % PER_DAY));
}

function cumulative(increments: readonly number[]): number[] {
  let total = 0;
  return [0, ...increments.map((n) => (total += n))];
}

/** The counter and histogram families the exporter writes for FLEET, with the labels it puts on them. */
export function fleetFamilies(): [CounterFamily, HistogramFamily] {
  return exportedFamilies(FLEET.map((source) => ({ ...source, steps: steps(source) })));
}

/** What the exporter would have written for each API and vantage, given what each step of the backfill saw (the first point is 0). */
export function exportedFamilies(sources: readonly (Omit<FleetSource, 'step'> & { steps: Step[] })[]): [CounterFamily, HistogramFamily] {
  const probes: CounterFamily = { type: 'counter', name: METRIC.probes.replace(/_total$/, ''), series: [] };
  const duration: HistogramFamily = { type: 'histogram', name: METRIC.probeDuration, series: [] };
  for (const source of sources) {
    const points = source.steps;
    const labels = { api: source.api, team: source.team, family: source.family, vantage: source.vantage, job: 'api-health', instance: `${source.vantage}-monitor:9464` };
    const outcomes = [...new Set(points.flatMap((h) => Object.keys(h.outcomes)))];
    for (const outcome of outcomes) {
      probes.series.push({ labels: { ...labels, outcome, status_class: STATUS_CLASS[outcome] ?? 'none' }, values: cumulative(points.map((h) => h.outcomes[outcome] ?? 0)) });
    }
    const edges = [...LATENCY_BUCKETS.map(String), '+Inf'];
    duration.series.push({
      labels,
      buckets: edges.map((le) => ({ le, values: cumulative(points.map((h) => h.observed.reduce((n, [s, count]) => (s <= Number(le) ? n + count : n), 0))) })),
      sum: cumulative(points.map((h) => h.observed.reduce((n, [s, count]) => n + s * count, 0))),
    });
  }
  return [probes, duration];
}

/** Turns by outcome for one API over the reported month (points after FROM up to TO), every vantage summed. */
export function monthTurns(api: string): Record<string, number> {
  const first = (FROM - START) / STEP_MS;
  const totals: Record<string, number> = {};
  for (const source of FLEET.filter((s) => s.api === api)) {
    steps(source)
      .slice(first)
      .forEach((h) => {
        for (const [outcome, n] of Object.entries(h.outcomes)) totals[outcome] = (totals[outcome] ?? 0) + (n ?? 0);
      });
  }
  return totals;
}
