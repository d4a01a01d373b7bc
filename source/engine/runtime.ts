import type { AlarmLogEntry } from '../core/alarm-log-entry.js';
import type { AlarmEvent } from '../core/alarm.js';
import type { ConnectivityChange } from '../alerts/connectivity.js';
import { Agent, type Dispatcher } from 'undici';
import { SilencesClient } from '../alertmanager/silences.js';
import type { ApiConfig, Config } from '../config/types.js';
import type { ProbeSample } from '../core/probe-sample.js';
import { createNotifier, type NotificationService } from '../notify/create-notifier.js';
import type { TerminalSink } from '../notify/channels/definition.js';

import { HttpProber } from '../probe/http-prober.js';
import { ConnectivityProbe, connectivityTarget } from './connectivity-probe.js';
import { PrometheusFigures } from '../sources/prometheus-figures.js';
import { fullUserAgent, hasContact, isLoopback } from '../probe/user-agent.js';
import { createFleetStore } from '../state/store.js';
import type { FleetStore } from '../state/fleet-state.js';
import type { Exporter } from '../metrics-endpoint/exporter.js';
import { AlarmService } from './alarm-service.js';
import { systemClock, type Clock } from '../core/clock.js';
import { Engine, type EngineOptions } from './engine.js';
import { remoteConfig } from './remote-config.js';
import { VantagePoller } from './vantage-poller.js';
import { SenderHeartbeat } from './sender-heartbeat.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import { DEFAULT_HISTORY } from '../config/resolve.js';
import { HistoryWriter } from './history-writer.js';
import { recentHistory, sloHistory, storedDeliveries } from './warm-start.js';
import { readEventLog } from '../persistence/event-log.js';
import { chartSeries } from './chart-history.js';
import { ChartReloader } from './chart-reloader.js';
import type { ChartRange, ChartSeries } from '../core/chart-range.js';
import { chartStepMs, readPrometheusChart } from '../sources/prometheus-chart.js';

export interface Runtime {
  store: FleetStore;
  alarmService: AlarmService;
  notifier: NotificationService | undefined;
  start(): void;
  /** Stops probing, then flushes the notification outbox (bounded), then closes connections. */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  team?: string | undefined;
  onStart?: EngineOptions['onStart'];
  flushMs?: number;
  /** Who acknowledges and mutes from this process. */
  user?: string;
  stateDir?: string | undefined;
  /** Write acks, mutes, alarm state and the event log back to the state dir (not for one-off checks). */
  persist?: boolean;
  /** Send notifications through the configured channels; needs a state dir for the outbox. */
  notify?: { onRecord?: (record: DeliveryRecord) => void; terminal?: TerminalSink } | undefined;
  onAlarmEvents?: (events: AlarmEvent[]) => void;
  /** The prober went offline or came back online. */
  onConnectivity?: (change: ConnectivityChange) => void;
  /** Every alarm transition, ack and mute as it is logged (the lines of events.jsonl). */
  onAlarmLog?: (entries: AlarmLogEntry[]) => void;
  /** A write to the state directory failed (said once a minute while it goes on), or works again. */
  onWriteFault?: (text: string) => void;
  /** Counts probes, alarm states and deliveries for /metrics. */
  exporter?: Exporter | undefined;
  /** For queries to Prometheus sources and Alertmanager's silences; the runtime makes (and closes) its own when none is given. */
  sourceDispatcher?: Dispatcher;
  /** How often Alertmanager's silences are listed when mutes are shared (30 s). */
  silencePollMs?: number;
  /**
   * --remote: probe nothing and send nothing; figures from `shared.prometheus`, alarms from `shared.alertmanager`
   * (the caller checks the config names them).
   */
  remote?: boolean;
  /**
   * Who sends, through the Alertmanager the config knows: `announce` (monitor) keeps a heartbeat alert alive;
   * `watch` (a dashboard with direct channels) warns once when another process announces for the same fleet.
   */
  sender?: { name: string; mode: 'announce' | 'watch' } | undefined;
  /** Keep sparkline points for a screen to draw (default); `monitor` and `check` draw none. */
  sparklines?: boolean;
}

const DEFAULT_SILENCE_POLL_MS = 30_000;
/** Creations and expiries of silences get this long after a stop begins (an unmute just before quitting); lists none. */
const STOP_WRITES_AFTER_MS = 600;

const UNDICI_VERSION = '7';

/** Assembles prober, engine, alarm service, notifier and store for one config: the same for every command. */
export function createRuntime(local: Config, options: RuntimeOptions = {}): Runtime {
  const config = options.remote ? remoteConfig(local) : local;
  const clock = options.clock ?? systemClock;
  // The store's dispatch leads to the alarm service, and the service publishes into the store: the service is
  // made second and reached through this binding (no intent can arrive before the UI renders).
  let alarmService: AlarmService | undefined;
  const longestInterval = Math.max(...config.apis.map((a) => a.intervalMs), config.defaults.intervalMs);
  const usesSources = config.apis.some((a) => a.source !== undefined);
  const silencesUrl = options.persist ? sharedMutesUrl(config) : undefined;
  const ca = config.shared?.ca;
  const ownDispatcher =
    (usesSources || silencesUrl) && !options.sourceDispatcher ? new Agent({ keepAliveTimeout: longestInterval + 30_000, ...(ca ? { connect: { ca } } : {}) }) : undefined;
  const dispatcher = options.sourceDispatcher ?? ownDispatcher;
  const maxAnswerBytes = config.shared?.maxAnswerBytes;
  const external = usesSources && dispatcher ? new PrometheusFigures({ config, clock, dispatcher, maxAnswerBytes }) : undefined;
  const stopReads = new AbortController();
  const stopWrites = new AbortController();
  const stopping = { read: stopReads.signal, write: stopWrites.signal };
  const remoteClient =
    options.remote && silencesUrl && dispatcher ? new SilencesClient({ url: silencesUrl, dispatcher, headers: config.shared?.headers, maxAnswerBytes, stopping }) : undefined;
  const silencesClient =
    remoteClient ??
    (silencesUrl && dispatcher
      ? new SilencesClient({ url: silencesUrl, dispatcher, headers: config.shared?.alertmanager ? config.shared.headers : undefined, maxAnswerBytes, stopping })
      : undefined);
  // --remote keeps no history: the detail's ranges are read from the team's Prometheus, which holds the monitors' series.
  const remoteChart =
    options.remote && local.shared?.prometheus && local.shared.metrics === 'apihealth' && dispatcher
      ? (apiId: string, range: ChartRange, reload: boolean): void => {
          const now = clock.now();
          const { actions } = store.getState();
          const waiting = { apiId, range, to: now, stepMs: chartStepMs(range), points: [], latency: {}, marks: [] };
          // A reload keeps the chart on screen until the answer replaces it.
          if (!reload) actions.applyChart({ ...waiting, unavailable: 'reading Prometheus…' });
          const request = { url: local.shared!.prometheus!, headers: local.shared!.headers, dispatcher, timeoutMs: config.defaults.timeoutMs, maxAnswerBytes, signal: stopping.read };
          const apply = (series: ChartSeries): void => {
            // A key pressed since, or another API selected: this answer is no longer wanted.
            const { ui } = store.getState();
            if (!stopping.read.aborted && ui.selectedApi === apiId && ui.chartRange === range) actions.applyChart(series);
          };
          void readPrometheusChart(request, apiId, range, now).then(apply, (error: unknown) => apply({ ...waiting, unavailable: `Prometheus: ${(error as Error).message}` }));
        }
      : undefined;
  // Both writers of a state directory (dashboard, monitor) keep its history; one-off checks and --remote do not.
  const history =
    options.persist && options.stateDir && !options.remote && config.history !== false
      ? new HistoryWriter({
          dir: options.stateDir,
          retention: config.history ?? DEFAULT_HISTORY,
          clock,
          warn: (text) => {
            store.getState().actions.addWarning(text);
            options.onWriteFault?.(text);
          },
        })
      : undefined;
  const charts = new ChartReloader({
    clock,
    load: (apiId, range, reload) => (remoteChart ? remoteChart(apiId, range, reload) : store.getState().actions.applyChart(chartSeries(history && options.stateDir, apiId, range, clock.now()))),
    stillWanted: (apiId, range) => {
      const { ui } = store.getState();
      return ui.selectedApi === apiId && ui.chartRange === range;
    },
  });
  const store = createFleetStore(config, {
    team: options.team,
    now: clock.now(),
    dispatch: (intent) => alarmService?.handle(intent),
    onChartWanted: (apiId, range) => charts.show(apiId, range),
  });
  // Engine, alarm side and notifier only write to the store, through its actions; readers are the UI and the commands' reports.
  const { actions } = store.getState();
  alarmService = new AlarmService({
    config,
    actions,
    clock,
    user: options.user ?? 'api-health',
    stateDir: options.stateDir,
    persist: options.persist ?? false,
    onEvents: options.onAlarmEvents,
    onConnectivity: (change) => {
      history?.recordConnectivity(change);
      options.exporter?.setOffline(change.kind === 'offline');
      options.onConnectivity?.(change);
    },
    onLog: (entries) => {
      actions.recordAlarmLog(entries);
      options.onAlarmLog?.(entries);
    },
    onWriteFault: (text) => {
      options.exporter?.recordWriteFault();
      options.onWriteFault?.(text);
    },
    onPublish: options.exporter && ((alarms) => options.exporter!.setAlarms(alarms)),
    remote: remoteClient && { alerts: remoteClient, prometheus: external && (() => external.status()), rules: local },
    sharedMutes: silencesClient
      ? {
          sync: silencesClient,
          // An ack's silence outlives every copy of its alarm that Alertmanager lists.
          alerts: silencesClient,
          pollMs: options.silencePollMs ?? config.shared?.pollMs ?? DEFAULT_SILENCE_POLL_MS,
        }
      : undefined,
  });
  // After a restart the alarm detail's timeline is rebuilt from the state directory: its log lines (acks,
  // escalations, mutes) from events.jsonl, the deliveries of the restored episodes from history.db.
  if (history) {
    const restored = store.getState().alarms;
    const log = readEventLog(options.stateDir!);
    if (log.entries.length > 0) actions.recordAlarmLog(log.entries);
    if (restored.length > 0) {
      const since = Math.min(...restored.map((v) => v.alarm.startedAt));
      for (const record of storedDeliveries(options.stateDir!, since, clock.now())) actions.recordDelivery(record, {});
    }
  }
  let notifier: NotificationService | undefined;
  const onRecord = (record: DeliveryRecord): void => {
    history?.recordDelivery(record);
    actions.recordDelivery(record, notifier?.queueDepth() ?? {});
    options.notify?.onRecord?.(record);
    options.exporter?.recordDelivery(record);
  };
  if (options.notify && options.stateDir && !options.remote) {
    notifier = createNotifier({ config, stateDir: options.stateDir, clock, muter: alarmService.muter, onRecord, terminal: options.notify.terminal });
    alarmService.attachNotifier(notifier);
    const started = notifier.start();
    for (const warning of started.warnings) actions.addWarning(warning);
    alarmService.adoptUnsaved(started.unsent);
  }
  const heartbeat = senderHeartbeat(config, options, silencesUrl, dispatcher, clock, stopping, (text) => actions.addWarning(text));
  const prober = new HttpProber({
    userAgent: fullUserAgent(config.defaults.userAgent, UNDICI_VERSION),
    maxBodyBytes: config.defaults.maxBodyBytes,
    connectionsPerOrigin: config.defaults.concurrency,
    keepAliveMs: longestInterval + 30_000,
    localAddress: config.defaults.localAddress,
    now: () => clock.now(),
  });
  // A probe that throws (a fault of ours the answer found) is that API's failed probe: the scheduler goes on.
  const probeOnce = (api: ApiConfig): Promise<ProbeSample | undefined> =>
    prober.probe(api).then(
      (sample) => (prober.stopping ? undefined : sample),
      (error: unknown): ProbeSample | undefined =>
        prober.stopping ? undefined : { apiId: api.id, at: clock.now(), outcome: 'error', message: `the probe failed inside api-health: ${(error as Error).message}` },
    );
  const onSample =
    history || options.exporter
      ? (sample: Parameters<NonNullable<EngineOptions['onSample']>>[0]) => {
          history?.record(sample);
          options.exporter?.observe(sample);
        }
      : undefined;
  const engine = new Engine({
    config,
    actions,
    clock,
    probe: probeOnce,
    onStart: options.onStart,
    flushMs: options.flushMs,
    alarms: alarmService,
    onSample,
    external,
    sparklines: options.sparklines,
  });
  if (history) engine.seed(recentHistory(options.stateDir!, clock.now(), config.defaults));
  options.exporter?.countTurns(() => engine.turns.total());
  const target = options.remote ? undefined : connectivityTarget(config);
  const connectivity =
    target &&
    new ConnectivityProbe({
      target,
      clock,
      probe: probeOnce,
      onOutcome: (outcome) => alarmService.recordConnectivityProbe(outcome),
    });
  for (const warning of userAgentWarnings(config)) actions.addWarning(warning);
  const vantages =
    options.remote && local.shared?.prometheus && local.shared.metrics === 'apihealth' && dispatcher
      ? new VantagePoller({
          config: local,
          prometheus: local.shared.prometheus,
          headers: local.shared.headers,
          dispatcher,
          timeoutMs: config.defaults.timeoutMs,
          maxAnswerBytes,
          signal: stopping.read,
          clock,
          pollMs: local.shared.pollMs,
          apply: (states) => actions.applyVantages(states),
        })
      : undefined;
  return {
    store,
    alarmService,
    notifier,
    start: () => {
      // Warm start: the burn-rate windows (up to 3 days) go on with what earlier runs stored; only SLOs have them.
      // Read here, not when the runtime is made, so a dashboard's first frame is not kept waiting for them; still
      // before the first probe, and before this run writes any history that the read would count again.
      if (history && config.apis.some((api) => api.slo !== undefined)) alarmService.restoreSloCounts(sloHistory(options.stateDir!, clock.now()));
      engine.start();
      history?.start();
      connectivity?.start();
      if (alarmService.remoteAlarms) alarmService.remoteAlarms.start();
      else alarmService.sharedMutes?.start();
      vantages?.start();
      heartbeat?.start();
    },
    stop: async () => {
      charts.stop();
      stopReads.abort();
      const writesEnd = setTimeout(() => stopWrites.abort(), STOP_WRITES_AFTER_MS);
      writesEnd.unref();
      prober.abortAll();
      await engine.stop();
      await history?.stop();
      await connectivity?.stop();
      await alarmService.remoteAlarms?.stop();
      await vantages?.stop();
      await heartbeat?.stop();
      await alarmService.sharedMutes?.stop();
      await notifier?.stop();
      await prober.close();
      // Everything that needed an answer has had it by now; close() would wait for sockets a slow engine holds open.
      await ownDispatcher?.destroy();
    },
  };
}

/** Channels that deliver by themselves (not through Alertmanager, not the terminal): a second sender would repeat them. */
const SELF_SENDING = (type: string): boolean => type !== 'alertmanager' && type !== 'terminal';

function senderHeartbeat(
  config: Config,
  options: RuntimeOptions,
  url: string | undefined,
  dispatcher: Dispatcher | undefined,
  clock: Clock,
  stopping: { read: AbortSignal; write: AbortSignal },
  warn: (text: string) => void,
): SenderHeartbeat | undefined {
  const { sender } = options;
  if (!sender || !url || !dispatcher || options.remote) return undefined;
  if (sender.mode === 'watch' && !Object.values(config.channels).some((c) => SELF_SENDING(c.type))) return undefined;
  return new SenderHeartbeat({
    client: new SilencesClient({ url, dispatcher, headers: config.shared?.headers, maxAnswerBytes: config.shared?.maxAnswerBytes, stopping }),
    config,
    clock,
    pollMs: options.silencePollMs ?? config.shared?.pollMs ?? DEFAULT_SILENCE_POLL_MS,
    sender: sender.name,
    mode: sender.mode,
    onDuplicate: (others) =>
      warn(`notifications may be duplicated: ${others.join(', ')} also sends for this fleet (seen in Alertmanager); run this dashboard with --remote`),
  });
}

/**
 * Mutes and acks are shared through the team's Alertmanager (`shared.alertmanager`), else the first
 * Alertmanager channel: the members of one Alertmanager cluster share their silences, so creating one on
 * each would only make duplicates. One-off runs (persist off) never mute.
 */
function sharedMutesUrl(config: Config): string | undefined {
  if (config.shared?.alertmanager) return config.shared.alertmanager;
  for (const channel of Object.values(config.channels)) if (channel.type === 'alertmanager') return channel.url;
  return undefined;
}

/** Probing someone else's production without saying who we are gets us blocked: say so up front. */
export function userAgentWarnings(config: Config): string[] {
  const external = config.apis.filter((a) => a.url !== undefined && !isLoopback(a.url) && !hasContact(a.headers['user-agent'] ?? config.defaults.userAgent));
  if (external.length === 0) return [];
  return [
    `${external.length} non-loopback API(s) are probed with a User-Agent that has no contact (e.g. ${external[0]!.id}); ` +
      'set defaults.userAgent to "name/version (https://your.site; you@example.org)"',
  ];
}
