import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Alarm } from '../core/alarm.js';
import type { ApiConfig } from '../config/types.js';
import { VERSION } from '../config/resolve.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { ProbeSample } from '../core/probe-sample.js';
import { LATENCY_BUCKETS, METRIC } from '../core/metric-names.js';
import { ALARM_LABELS, alarmLabels, teamLabel } from '../core/labels.js';
import { SKIP_REASONS, type TurnTotals } from '../core/probe-load.js';

type ApiLabels = { api: string; team: string; family: string };
type NotificationLabel = 'channel' | 'type' | 'api' | 'team' | 'family';

/** The results that end one delivery attempt (an `attempt` record only says one started). */
const ATTEMPT_RESULTS = new Set<DeliveryRecord['record']>(['delivered', 'retrying', 'failed', 'skipped', 'refreshed']);

/**
 * api-health's own metrics in a registry of its own: two exporters (two runtimes, two tests) never share
 * state, and nothing is registered in prom-client's global default registry.
 */
export class Exporter {
  readonly registry = new Registry();
  private readonly labels = new Map<string, ApiLabels>();
  private readonly duration: Histogram<'api' | 'team' | 'family'>;
  private readonly probes: Counter<'api' | 'team' | 'family' | 'outcome' | 'status_class'>;
  private readonly alarmState: Gauge<(typeof ALARM_LABELS)[number] | 'state'>;
  private readonly queued: Counter<NotificationLabel>;
  private readonly attempts: Counter<NotificationLabel | 'result'>;
  private readonly delivered: Counter<NotificationLabel>;
  private readonly failed: Counter<NotificationLabel>;
  private readonly writeFaults: Counter;
  private readonly certificateNotAfter: Gauge<'api' | 'team' | 'family'>;
  private readonly offline: Gauge;
  /** The expiry last set per API: the gauge is touched only when a new certificate is read, not on every probe. */
  private readonly notAfter = new Map<string, number>();
  /** The scheduler's counts, read at each scrape: they change thousands of times a second, scrapes come every few. */
  private turnTotals: (() => TurnTotals) | undefined;

  /** `vantage` labels every series, so Prometheus can tell the monitors of several data centres apart. */
  constructor(apis: readonly ApiConfig[], vantage?: string) {
    if (vantage !== undefined) this.registry.setDefaultLabels({ vantage });
    for (const api of apis) this.labels.set(api.id, { api: api.id, team: teamLabel(api.owner), family: api.family });
    const registers = [this.registry];
    this.duration = new Histogram({
      name: METRIC.probeDuration,
      help:
        'Probe latency from request written to end of body; a probe without a response (timeout, reset, refused) ' +
        'is observed at the time it took to fail, so a timing-out API shows as slow, not as absent.',
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
      help: 'One series per current alarm, value 1, labelled as its alert is (alertname, api, team, severity, family) and with its state (pending, firing, resolved).',
      labelNames: [...ALARM_LABELS, 'state'],
      registers,
    });
    new Gauge({
      name: METRIC.buildInfo,
      help: 'Always 1 while api-health runs, labelled with its version; its absence is what the exported deadman rule alerts on.',
      labelNames: ['version'],
      registers,
    }).set({ version: VERSION }, 1);
    collectDefaultMetrics({ register: this.registry });
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
    this.offline = new Gauge({
      name: METRIC.proberOffline,
      help: "1 while this prober's own network looks down (most APIs failing with network errors at once), else 0: the exported quorum rules count its vantage neither for nor against.",
      registers,
    });
    this.offline.set(0);
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
    // Separate counters, not one with an outcome label: one message is queued, attempted and delivered, and a
    // sum() over such a label would count it three times.
    const notificationLabels: NotificationLabel[] = ['channel', 'type', 'api', 'team', 'family'];
    const perApi = ' A message about alarms of several APIs counts once for each API.';
    this.queued = new Counter({
      name: METRIC.notificationsQueued,
      help: `Notification messages written to the outbox for a channel.${perApi}`,
      labelNames: notificationLabels,
      registers,
    });
    this.attempts = new Counter({
      name: METRIC.notificationAttempts,
      help:
        'Delivery attempts by result: delivered, retrying (failed, tried again later), failed (failed, given up), ' +
        `skipped (the channel had nothing to send), refreshed (a periodic re-send to Alertmanager).${perApi}`,
      labelNames: [...notificationLabels, 'result'],
      registers,
    });
    this.delivered = new Counter({
      name: METRIC.notificationsDelivered,
      help: `Notification messages their receiver accepted.${perApi}`,
      labelNames: notificationLabels,
      registers,
    });
    this.failed = new Counter({
      name: METRIC.notificationsFailed,
      help: `Notification messages that did not reach their receiver: retries given up, or a channel no longer configured.${perApi}`,
      labelNames: notificationLabels,
      registers,
    });
  }

  /** Counts one probe; samples of APIs not in the config are ignored. */
  observe(sample: ProbeSample): void {
    const labels = this.labels.get(sample.apiId);
    if (!labels) return;
    this.probes.inc({ ...labels, outcome: sample.outcome, status_class: statusClass(sample.status) });
    const ms = sample.status === undefined ? sample.elapsedMs : sample.totalMs;
    if (ms !== undefined) this.duration.observe(labels, ms / 1000);
    if (sample.certificate && this.notAfter.get(sample.apiId) !== sample.certificate.notAfter) {
      this.notAfter.set(sample.apiId, sample.certificate.notAfter);
      this.certificateNotAfter.set(labels, sample.certificate.notAfter / 1000);
    }
  }

  /** Replaces the alarm series with the given alarms, so alarms that went away leave no stale series behind. */
  setAlarms(alarms: readonly Alarm[]): void {
    this.alarmState.reset();
    for (const alarm of alarms) this.alarmState.set({ ...alarmLabels(alarm, this.labels.get(alarm.apiId)?.family), state: alarm.state }, 1);
  }

  /** Where the probe-turn counters read from: the engine's scheduler, once the runtime has made it. */
  countTurns(totals: () => TurnTotals): void {
    this.turnTotals = totals;
  }

  /** Counts one notification record once per API its message is about (a test message is about none). */
  recordDelivery(record: DeliveryRecord): void {
    const counter =
      record.record === 'queued' ? this.queued : record.record === 'delivered' ? this.delivered : record.record === 'failed' ? this.failed : undefined;
    const attempt = record.attempt > 0 && ATTEMPT_RESULTS.has(record.record);
    for (const about of this.aboutApis(record)) {
      const labels = { channel: record.channel, type: record.channelType, ...about };
      counter?.inc(labels);
      if (attempt) this.attempts.inc({ ...labels, result: record.record });
    }
  }

  private aboutApis(record: DeliveryRecord): Partial<ApiLabels>[] {
    if (record.events.length === 0) return [{}];
    const apis = new Set(record.events.map((event) => event.alarmId.slice(0, event.alarmId.indexOf('/'))));
    return [...apis].map((api) => this.labels.get(api) ?? { api });
  }

  /** The prober's own connectivity, as the engine's offline detection judges it. */
  setOffline(offline: boolean): void {
    this.offline.set(offline ? 1 : 0);
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
