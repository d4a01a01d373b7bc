import { Text } from 'ink';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { selectedRowIndex } from '../state/selectors.js';
import { CHART_MAX_COLUMNS } from '../core/chart-range.js';
import { formatDuration } from '../core/duration.js';
import type { MetricName } from '../core/rules.js';
import type { MetricSummary, SourcedFigure } from '../metrics/summary.js';
import { healthOf } from '../metrics/health.js';
import { OUTCOME_LABEL } from '../text/outcome-label.js';
import type { FleetStore } from '../state/fleet-state.js';
import { configRedactor } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';
import { describeCertificate } from '../text/certificate-text.js';
import { percent } from './format-row.js';
import { clockTime } from './clock-time.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';
import { useMetrics } from './use-metrics.js';
import { latencyChart, rangeChart } from './latency-chart.js';
import { UNASSIGNED } from '../core/labels.js';
import { severalVantages, vantageDetailLines } from './vantage-text.js';
import { vantageVerdict } from '../state/vantage-view.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);

const rate = (value: number | undefined): string => (value === undefined ? 'no data' : percent(value));

const FIGURE_LABEL: Record<MetricName, string> = {
  latency_p50: 'p50',
  latency_p95: 'p95',
  latency_p99: 'p99',
  error_rate_5xx: '5xx',
  error_rate: 'errors',
  availability: 'availability',
  certificate_days_left: 'certificate',
};

/** Where each figure came from: the source and its age, stale (with the value no longer used), or no data; the rest are our probes'. */
function sourcedText(sourced: NonNullable<MetricSummary['sourced']>, now: number, probed: boolean): string {
  const parts = (Object.entries(sourced) as [MetricName, SourcedFigure][]).map(([metric, figure]) => {
    const name = `${FIGURE_LABEL[metric]} from ${figure.source}`;
    if (figure.at === undefined) return `${name}: no data`;
    const age = formatDuration(Math.max(0, now - figure.at));
    if (figure.staleValue === undefined) return `${name} ${age} ago`;
    const value = metric.startsWith('latency') ? ms(figure.staleValue) : percent(figure.staleValue);
    return `${name}: stale, ${value} ${age} ago`;
  });
  return [...parts, ...(probed ? ['the rest from probes'] : [])].join('   ');
}

const RULE_ROLE = { ok: 'healthy', insufficient_data: 'dim', pending: 'degraded', firing: 'failing' } as const;

/** Expired is failing; under the API's minValidity (or two weeks when it sets none) is degraded. */
function certificateRole(daysLeft: number, minValidityMs: number | undefined): 'failing' | 'degraded' | 'healthy' {
  if (daysLeft < 0) return 'failing';
  return daysLeft * 86_400_000 < (minValidityMs ?? 14 * 86_400_000) ? 'degraded' : 'healthy';
}

const CHART_ROWS = 6;
const SIDE_WIDTH = 18;

/** The latency chart with the 5xx rate beside its top rows, so a slow spell and a burst of 5xx are read together. */
function chartBesideRates(m: MetricSummary, intervalMs: number, width: number): string[] {
  const chart = latencyChart({ history: m.history, p95: m.latency.p95, intervalMs, width: Math.max(10, Math.min(120, width - 14 - 12 - SIDE_WIDTH - 3)), rows: CHART_ROWS });
  const side = ['5xx rate', rate(m.errorRate5xx), '', 'errors', rate(m.errorRate)];
  return chart.map((line, i) => (side[i] ? `${line}   ${side[i]}` : line));
}

/** Everything known about the selected API: where it is, who owns it, and what the window says. */
export function DetailPane({ store, painter, width, height }: Props) {
  const rows = useStore(store, (s) => s.selectRows(s));
  const selected = useStore(store, (s) => selectedRowIndex(s.selectRows(s), s.ui));
  const metrics = useMetrics(store);
  const config = useStore(store, (s) => s.config);
  const ruleStatus = useStore(store, (s) => s.ruleStatus);
  const vantages = useStore(store, (s) => s.vantages);
  const now = useStore(store, (s) => s.stats.lastUpdate ?? s.stats.startedAt);
  const chartRange = useStore(store, (s) => s.ui.chartRange);
  const chart = useStore(store, (s) => s.chart);
  const redact = useMemo(() => configRedactor(config), [config]);
  const api = rows.apis[selected];
  if (!api) return <Text>No API selected.</Text>;
  const m = metrics[api.id];
  const team = config.teams.find((t) => t.id === api.owner);
  const { paint } = painter;
  const label = (text: string): string => paint('dim', text.padEnd(14));
  const health = healthOf(m, api);
  const contacts = team
    ? Object.entries(team.contacts)
        .map(([kind, value]) => `${kind}: ${value}`)
        .join('  ')
    : '';
  const lines = [
    `${paint('title', api.name)}  ${paint('dim', api.id)}  ${paint(health, health)}`,
    `${label('URL')}${api.method} ${api.url ?? `(from source ${api.source})`}`,
    `${label('family')}${api.family}`,
    team
      ? `${label('owner')}${paint('group', `${team.name} (${team.id})`)}${contacts ? `  ${contacts}` : ''}`
      : `${label('owner')}${paint('unassigned', `${UNASSIGNED.name}: nobody owns this API`)}`,
    `${label('probing')}every ${formatDuration(api.intervalMs)}, timeout ${formatDuration(api.timeoutMs)}, window ${formatDuration(config.defaults.windowMs)}`,
  ];
  const seen = vantages?.[api.id];
  if (severalVantages(seen)) {
    const { vantages: marks, verdict } = vantageDetailLines(seen);
    lines.push(`${label('vantages')}${marks}`, `${label('verdict')}${paint(vantageVerdict(seen)?.scope === 'global' ? 'failing' : vantageVerdict(seen) ? 'degraded' : 'dim', verdict)}`);
  }
  if (m?.throttled) {
    const { since, retryAfterMs, backoffMs } = m.throttled;
    const capped = retryAfterMs > backoffMs ? `; backing off ${formatDuration(backoffMs)} at most (ten intervals or 10m)` : '';
    lines.push(`${label('throttled')}${paint('degraded', `since ${clockTime(since)}`)}: HTTP 429 asks to wait ${formatDuration(retryAfterMs)}${capped}`);
  }
  lines.push('');
  // Keys 1…6: the stored range in place of the live probes, once the loader has read it for this API.
  const stored = chartRange !== undefined && chart?.apiId === api.id && chart.range === chartRange ? chart : undefined;
  const storedChart = stored
    ? rangeChart(stored, Math.min(CHART_MAX_COLUMNS, width - 14 - 14), CHART_ROWS).map((line, i) => (i === 0 ? label(`history ${stored.range}`) : ' '.repeat(14)) + line)
    : [];
  if (!m || m.samples === 0) lines.push(...storedChart, paint('dim', 'No samples yet.'));
  else {
    lines.push(
      `${label('samples')}${m.samples}`,
      `${label('latency')}p50 ${ms(m.latency.p50)}   p95 ${ms(m.latency.p95)}   p99 ${ms(m.latency.p99)}`,
      ...(stored ? storedChart : chartBesideRates(m, api.intervalMs, width).map((line, i) => (i === 0 ? label('history') : ' '.repeat(14)) + line)),
      `${label('rates')}5xx ${rate(m.errorRate5xx)}   errors ${rate(m.errorRate)}   availability ${rate(m.availability)}`,
      ...(m.sourced ? [`${label('figures')}${sanitize(sourcedText(m.sourced, now, api.url !== undefined))}`] : []),
      `${label('phases')}connect ${ms(m.phases.connectMs)}   TLS ${ms(m.phases.tlsMs)}   first byte ${ms(m.phases.ttfbMs)}   total ${ms(m.phases.totalMs)}`,
      ...(m.certificate ? [`${label('certificate')}${paint(certificateRole(m.certificate.daysLeft, api.expect.certificate?.minValidityMs), describeCertificate(m.certificate))}`] : []),
      `${label('statuses')}${Object.entries(m.statusCounts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, count]) => `${code}: ${count}`)
        .join('   ')}`,
      `${label('rules')}${(ruleStatus[api.id] ?? []).map((r) => `${r.rule}: ${paint(RULE_ROLE[r.status], r.status.replace('_', ' '))}${r.noData ? paint('dim', ' (no data)') : ''}`).join('   ') || paint('dim', 'none')}`,
      '',
      paint('title', 'Recent errors'),
    );
    if (m.recentErrors.length === 0) lines.push(paint('dim', '  none'));
    for (const error of m.recentErrors) {
      const message = error.message ? `  ${sanitize(error.message)}` : '';
      lines.push(`  ${clockTime(error.at)}  ${paint('failing', OUTCOME_LABEL[error.outcome].padEnd(9))}${message}`);
    }
  }
  // The URL and headers can hold ${VAR} values (an API key in the query); the screen may be shared.
  return <Lines lines={lines.slice(0, height).map(redact)} width={width} />;
}
