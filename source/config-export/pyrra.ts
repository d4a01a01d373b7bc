import { stringify } from 'yaml';
import type { ApiConfig, Config, Rule } from '../config/types.js';
import { LATENCY_BUCKETS, METRIC } from '../core/metric-names.js';
import { teamLabel } from '../core/labels.js';
import type { MetricName } from '../core/rules.js';
import { promDuration, promNumber, type MetricFlavour } from './promql.js';

export const PYRRA_GROUPINGS = ['api', 'family'] as const;
export type PyrraGrouping = (typeof PYRRA_GROUPINGS)[number];

/** The indicators of Pyrra's ServiceLevelObjective (pyrra.dev/v1alpha1) that api-health's series can feed. */
export type Indicator =
  | { ratio: { errors: { metric: string }; total: { metric: string } } }
  | { latency: { success: { metric: string }; total: { metric: string } } }
  | { bool_gauge: { metric: string } };

export interface ServiceLevelObjective {
  apiVersion: 'pyrra.dev/v1alpha1';
  kind: 'ServiceLevelObjective';
  metadata: { name: string; labels: Record<string, string> };
  spec: { description: string; target: string; window: string; indicator: Indicator };
}

export interface PyrraExport {
  slos: ServiceLevelObjective[];
  /** What was left out, and why. */
  notes: string[];
}

const QUANTILES: Partial<Record<MetricName, number>> = { latency_p50: 0.5, latency_p95: 0.95, latency_p99: 0.99 };

/** The APIs of one SLO: one API, or every API of a family that has an SLO and a probe. */
interface Subject {
  name: string;
  service: string;
  apis: ApiConfig[];
  what: string;
}

/** Kubernetes object names and label values: lower case letters, digits and dashes, at most 63 characters. */
function k8sName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  return (slug || 'x').slice(0, 63).replace(/-+$/, '');
}

function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').slice(0, 63) || 'unassigned';
}

function matcher(apis: ApiConfig[]): string {
  return apis.length === 1 ? `api=${JSON.stringify(apis[0]!.id)}` : `api=~${JSON.stringify(apis.map((a) => a.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}`;
}

/** A family's team: the one owning most of its APIs (the first of those in the config on a tie). */
function teamOf(apis: ApiConfig[]): string {
  const counts = new Map<string, number>();
  for (const api of apis) counts.set(teamLabel(api.owner), (counts.get(teamLabel(api.owner)) ?? 0) + 1);
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** Pyrra's target is a percentage written as a string ("99.9"). */
function target(fraction: number): string {
  return promNumber(fraction * 100);
}

/** The tail latency rule an SLO is read from: the highest quantile with an "above" threshold, the tighter threshold on a tie. */
function latencyRule(api: ApiConfig): (Rule & { quantile: number }) | undefined {
  return api.rules
    .flatMap((rule) => (QUANTILES[rule.metric] !== undefined && rule.comparison === 'above' ? [{ ...rule, quantile: QUANTILES[rule.metric]! }] : []))
    .sort((a, b) => b.quantile - a.quantile || a.threshold - b.threshold)[0];
}

/** The histogram bucket a latency threshold is counted under: the smallest bucket bound at or above it. */
function bucketFor(thresholdMs: number): number | undefined {
  return LATENCY_BUCKETS.find((bound) => bound * 1000 >= thresholdMs);
}

function availability(flavour: MetricFlavour, apis: ApiConfig[]): Indicator {
  const m = matcher(apis);
  // blackbox_exporter has no probe counters, only the 0/1 gauge probe_success: Pyrra's bool_gauge indicator is made for it.
  if (flavour === 'blackbox') return { bool_gauge: { metric: `probe_success{${m}}` } };
  return { ratio: { errors: { metric: `${METRIC.probes}{${m},outcome!="ok"}` }, total: { metric: `${METRIC.probes}{${m}}` } } };
}

function subjects(config: Config, by: PyrraGrouping, notes: string[]): Subject[] {
  const measured = config.apis.filter((api) => {
    if (!api.slo) return false;
    if (api.url === undefined) {
      notes.push(`api ${api.id}: no SLO (it is read from a Prometheus source, not probed, so there are no probe series to count)`);
      return false;
    }
    return true;
  });
  if (by === 'api') return measured.map((api) => ({ name: k8sName(api.id), service: labelValue(api.id), apis: [api], what: api.name }));
  const families = [...new Set(measured.map((api) => api.family))];
  return families.map((family) => {
    const apis = measured.filter((api) => api.family === family);
    return { name: k8sName(family), service: labelValue(k8sName(family)), apis, what: `${family} (${apis.map((a) => a.id).join(', ')})` };
  });
}

/**
 * Pyrra ServiceLevelObjectives from the SLOs of the config, as Wikimedia keeps them: per API (or per family), an
 * availability SLO on the probes and, where a latency rule sets the bar, a latency SLO on the probe histogram.
 * A family's SLO takes the strictest objective, the longest window and the tightest latency bar of its APIs.
 */
export function buildPyrra(config: Config, flavour: MetricFlavour, by: PyrraGrouping): PyrraExport {
  const notes: string[] = [];
  const slos: ServiceLevelObjective[] = [];
  for (const subject of subjects(config, by, notes)) {
    const objective = Math.max(...subject.apis.map((api) => api.slo!.objective));
    const window = promDuration(Math.max(...subject.apis.map((api) => api.slo!.periodMs)));
    const labels = { 'pyrra.dev/team': labelValue(teamOf(subject.apis)), 'pyrra.dev/service': subject.service };
    slos.push({
      apiVersion: 'pyrra.dev/v1alpha1',
      kind: 'ServiceLevelObjective',
      metadata: { name: `${subject.name.slice(0, 50)}-availability`, labels },
      spec: {
        description: `${subject.what}: probes that succeed, from api-health's ${flavour === 'blackbox' ? 'blackbox_exporter probe_success' : 'probe counters'}`,
        target: target(objective),
        window,
        indicator: availability(flavour, subject.apis),
      },
    });
    const latency = subject.apis.flatMap((api) => {
      const rule = latencyRule(api);
      return rule ? [{ api, rule }] : [];
    });
    if (latency.length === 0) continue;
    if (flavour === 'blackbox') {
      notes.push(`${subject.name}: no latency SLO (blackbox_exporter's probe_duration_seconds is a gauge, not a histogram Pyrra can count)`);
      continue;
    }
    const quantile = Math.max(...latency.map((l) => l.rule.quantile));
    const thresholdMs = Math.min(...latency.map((l) => l.rule.threshold));
    const bucket = bucketFor(thresholdMs);
    if (bucket === undefined) {
      notes.push(`${subject.name}: no latency SLO (${thresholdMs} ms is above the largest probe histogram bucket)`);
      continue;
    }
    if (bucket * 1000 !== thresholdMs) notes.push(`${subject.name}: latency SLO counts probes under ${bucket}s, the histogram bucket at or above the ${thresholdMs} ms threshold`);
    const m = matcher(latency.map((l) => l.api));
    slos.push({
      apiVersion: 'pyrra.dev/v1alpha1',
      kind: 'ServiceLevelObjective',
      metadata: { name: `${subject.name.slice(0, 50)}-latency`, labels },
      spec: {
        description: `${subject.what}: ${promNumber(quantile * 100)}% of probes answer within ${promNumber(bucket)}s (the ${latency[0]!.rule.name} rule's bar)`,
        target: target(quantile),
        window,
        indicator: {
          latency: {
            success: { metric: `${METRIC.probeDuration}_bucket{${m},le="${promNumber(bucket)}"}` },
            total: { metric: `${METRIC.probeDuration}_count{${m}}` },
          },
        },
      },
    });
  }
  return { slos, notes };
}

export function renderPyrraObject(slo: ServiceLevelObjective): string {
  return stringify(slo, { lineWidth: 0 });
}

/** Every object in one multi-document YAML stream, headed by what was left out. */
export function renderPyrra(exported: PyrraExport): string {
  const header = ['# Generated by api-health export pyrra; regenerate rather than edit.', ...exported.notes.map((n) => `# ${n}`)].join('\n');
  return `${header}\n${exported.slos.map((slo) => `---\n${renderPyrraObject(slo)}`).join('')}`;
}
