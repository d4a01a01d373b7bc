import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Alarm } from '../core/alarm.js';
import type { ApiConfig } from '../config/types.js';
import type { ProbeSample } from '../core/probe-sample.js';
import { LATENCY_BUCKETS, METRIC } from '../core/metric-names.js';
import { teamLabel } from '../core/labels.js';
import { SKIP_REASONS, type TurnTotals } from '../core/probe-load.js';

/** One notification attempt's result, as the notifier reports it. */
export interface DeliveryRecord {
  /** The channel id from the config (e.g. "mwi-slack"). */
  channel: string;
  /** The channel type (slack, email, pagerduty, alertmanager, webhook, teams, terminal). */
  type: string;
  /** e.g. "delivered", "failed", "retried", "dropped". */
  outcome: string;
}

type ApiLabels = { api: string; team: string; family: string };

/**
 * api-health's own metrics in a registry of its own: two exporters (two runtimes, two tests) never share
 * state, and nothing is registered in prom-client's global default registry.
 */
export class Exporter {
  readonly registry = new Registry();
  private readonly labels = new Map<string, ApiLabels>();
  private readonly duration: Histogram<'api' | 'team' | 'family'>;
  private readonly probes: Counter<'api' | 'team' | 'family' | 'outcome' | 'status_class'>;
  private readonly alarmState: Gauge<'api' | 'team' | 'rule' | 'severity' | 'state'>;
  private readonly notifications: Counter<'channel' | 'type' | 'outcome'>;
  private readonly writeFaults: Counter;
  private readonly certificateNotAfter: Gauge<'api' | 'team' | 'family'>;
  /** The expiry last set per API: the gauge is touched only when a new certificate is read, not on every probe. */
  private readonly notAfter = new Map<string, number>();
  /** The scheduler's counts, read at each scrape: they change thousands of times a second, scrapes come every few. */
  private turnTotals: (() => TurnTotals) | undefined;

  constructor(apis: readonly ApiConfig[]) {
    for (const api of apis) this.labels.set(api.id, { api: api.id, team: teamLabel(api.owner), family: api.family });
    const registers = [this.registry];
    this.duration = new Histogram({
      name: METRIC.probeDuration,
      help: 'Probe latency from request written to end of body, for probes that got an HTTP response.',
      labelNames: ['api', 'team', 'family'],
      buckets: [...LATENCY_BUCKETS],
      registers,
    });
    this.probes = new Counter({
      name: METRIC.probes,
      help: 'Probes by outcome (ok, http_5xx, timeout, ...; throttled: a turn not probed while the API backs us off with 429) and HTTP status class (2xx..5xx, or none without a response).',
      labelNames: ['api', 'team', 'family', 'outcome', 'status_class'],
      registers,
    });
    this.alarmState = new Gauge({
      name: METRIC.alarmState,
      help: 'One series per current alarm, value 1, labelled with its state (pending, firing, resolved).',
      labelNames: ['api', 'team', 'rule', 'severity', 'state'],
      registers,
    });
    this.writeFaults = new Counter({
      name: METRIC.stateWriteFailures,
      help: 'Times a write to the state directory (alarm state, event log) was said to fail: a full or read-only disk. Monitoring goes on.',
      registers,
    });
    this.certificateNotAfter = new Gauge({
      name: METRIC.certificateNotAfter,
      help: "Unix time at which the API's leaf TLS certificate expires, as read on the latest new connection (https APIs only; like blackbox_exporter's probe_ssl_earliest_cert_expiry).",
      labelNames: ['api', 'team', 'family'],
      registers,
    });
    const turns = (): TurnTotals | undefined => this.turnTotals?.();
    // Kept by the registry alone: each scrape refills them from the scheduler's totals.
    new Counter({
      name: METRIC.probesDue,
      help: 'Probe turns that fell due (turns skipped while a 429 backs an API off are not due).',
      registers,
      collect() {
        this.reset();
        this.inc(turns()?.due ?? 0);
      },
    });
    new Counter({
      name: METRIC.probesSkipped,
      help:
        'Due probe turns not run, by what held them back: concurrency (all defaults.concurrency slots busy), ' +
        'per_host (defaults.perHostConcurrency), overrun (the previous probe of the API, started on time, still running).',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const reason of SKIP_REASONS) this.inc({ reason }, turns()?.skipped[reason] ?? 0);
      },
    });
    new Counter({
      name: METRIC.probesLate,
      help: 'Probes started a quarter interval or more after their due time, having waited for a slot (defaults.concurrency or defaults.perHostConcurrency).',
      registers,
      collect() {
        this.reset();
        this.inc(turns()?.late ?? 0);
      },
    });
    this.notifications = new Counter({
      name: METRIC.notifications,
      help: 'Notification delivery attempts by channel, channel type and outcome.',
      labelNames: ['channel', 'type', 'outcome'],
      registers,
    });
  }

  /** Counts one probe; samples of APIs not in the config are ignored. */
  observe(sample: ProbeSample): void {
    const labels = this.labels.get(sample.apiId);
    if (!labels) return;
    this.probes.inc({ ...labels, outcome: sample.outcome, status_class: statusClass(sample.status) });
    if (sample.status !== undefined && sample.totalMs !== undefined) this.duration.observe(labels, sample.totalMs / 1000);
    if (sample.certificate && this.notAfter.get(sample.apiId) !== sample.certificate.notAfter) {
      this.notAfter.set(sample.apiId, sample.certificate.notAfter);
      this.certificateNotAfter.set(labels, sample.certificate.notAfter / 1000);
    }
  }

  /** Replaces the alarm series with the given alarms, so alarms that went away leave no stale series behind. */
  setAlarms(alarms: readonly Alarm[]): void {
    this.alarmState.reset();
    for (const alarm of alarms) {
      this.alarmState.set(
        { api: alarm.apiId, team: teamLabel(alarm.team), rule: alarm.rule, severity: alarm.severity, state: alarm.state },
        1,
      );
    }
  }

  /** Where the probe-turn counters read from: the engine's scheduler, once the runtime has made it. */
  countTurns(totals: () => TurnTotals): void {
    this.turnTotals = totals;
  }

  recordDeliveries(records: readonly DeliveryRecord[]): void {
    for (const r of records) this.notifications.inc({ channel: r.channel, type: r.type, outcome: r.outcome });
  }

  recordWriteFault(): void {
    this.writeFaults.inc();
  }

  /** The text exposition format, as GET /metrics serves it. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function statusClass(status: number | undefined): string {
  return status === undefined ? 'none' : `${Math.floor(status / 100)}xx`;
}
