import { hostname } from 'node:os';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { alarmIdentity } from '../alerts/report-alerts.js';
import type { AlarmEvent } from '../core/alarm.js';
import { parseDuration } from '../core/duration.js';
import { createRuntime } from '../engine/runtime.js';
import { vantageName } from '../config/vantage.js';

import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { openMetricsEndpoint } from './metrics-endpoint.js';
import { currentUser, lockStateDir, openWritableStateDir } from './state-location.js';
import type { DeliveryRecord } from '../core/delivery-record.js';
import type { ConnectivityChange } from '../alerts/connectivity.js';
import { LoadReporter, type LoadEvent } from './probe-load-events.js';

type Line = Record<string, unknown> & { type: string };

function alarmLine(event: AlarmEvent): Line {
  const { alarm } = event;
  return {
    type: 'alarm',
    event: event.kind,
    at: new Date(event.at).toISOString(),
    ...alarmIdentity(alarm),
    // The episode as receivers key it (Alertmanager's startsAt): which firing a resolution closes.
    ...(alarm.firingAt !== undefined ? { firingAt: new Date(alarm.firingAt).toISOString() } : {}),
    value: alarm.value,
    threshold: alarm.threshold,
    summary: alarm.summary,
    ...(event.actor ? { actor: event.actor } : {}),
    ...(event.escalationLevel !== undefined ? { escalationLevel: event.escalationLevel, escalationTarget: event.escalationTarget ?? null } : {}),
  };
}

/** One line on going offline and one on coming back: the alarms held meanwhile are not listed one by one. */
function connectivityLine(change: ConnectivityChange): Line {
  const since = new Date(change.spell.since).toISOString();
  return {
    type: 'connectivity',
    event: change.kind,
    at: new Date(change.at).toISOString(),
    since,
    ...(change.spell.until !== undefined ? { until: new Date(change.spell.until).toISOString() } : {}),
    message:
      change.kind === 'offline'
        ? 'prober offline: network unreachable; notifications for network errors are held back'
        : `prober online again after ${Math.round((change.at - change.spell.since) / 1_000)}s offline; nothing held back is sent`,
  };
}

function deliveryLine(record: DeliveryRecord): Line {
  return { ...record, type: 'notification', at: new Date(record.at).toISOString() };
}

function loadLine(event: LoadEvent, at: string): Line {
  const { load, warning } = event;
  const share = (n: number): number => (load.due === 0 ? 0 : Math.round((n / load.due) * 1_000) / 1_000);
  return {
    type: 'probe_load',
    event: event.kind,
    at,
    windowSeconds: Math.round(load.windowMs / 1_000),
    due: load.due,
    skipped: load.skipped,
    late: load.late,
    skippedShare: share(load.skipped),
    lateShare: share(load.late),
    ...(warning ? { reason: warning.reason, setting: warning.setting } : {}),
    message: warning?.text ?? 'probes keep up with their schedule again',
  };
}

/** One readable line per NDJSON object, for people tailing a server log. */
function humanLine(line: Line): string {
  const { type, at, ...rest } = line;
  if (type === 'alarm') return `${at} ${String(rest.event).padEnd(14)} ${String(rest.severity).padEnd(8)} ${rest.api} ${rest.rule}: ${rest.summary}`;
  if (type === 'probe_load') {
    return `${at} probes ${String(rest.event).padEnd(8)} ${rest.message} (${rest.skipped} of ${rest.due} due skipped, ${rest.late} late, last ${rest.windowSeconds}s)`;
  }
  if (type === 'connectivity') return `${at} ${String(rest.event).padEnd(14)} ${rest.message}`;
  if (type === 'notification') {
    const status = rest.status !== undefined ? ` ${rest.status}` : '';
    return `${at} notify ${String(rest.record).padEnd(9)} ${rest.channel}${status}${rest.reason ? ` ${rest.reason}` : ''}`;
  }
  return `${at} ${type} ${Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ')}`;
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/**
 * How long a stop waits for the outbox to flush: the notifier gives its sends 5 s, and a receiver that hangs
 * past that must not hold a service manager's restart. What is not delivered stays in the outbox.
 */
const STOP_DEADLINE_MS = 6_000;

/**
 * The engine without the dashboard, for servers: evaluates rules, notifies, and writes what happens to
 * stdout (NDJSON with --json). SIGTERM or SIGINT flushes the outbox within STOP_DEADLINE_MS and exits 0; a second
 * signal exits at once.
 */
export async function runMonitor(context: CommandContext): Promise<number> {
  const durationMs = context.flags.duration === undefined ? undefined : parseDuration(context.flags.duration);
  if (context.flags.duration !== undefined && (durationMs === undefined || durationMs <= 0)) {
    throw new UsageError(`invalid --duration "${context.flags.duration}" (use e.g. 30s, 10m; leave it out to run until stopped)`);
  }
  const stateDir = openWritableStateDir(context, 'monitor');
  const unlock = lockStateDir(stateDir, 'monitor', context.stderr);
  const source = await openConfig(context);
  const metrics = await openMetricsEndpoint(source.config, context.flags).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  const stop = new AbortController();
  // A reader that goes away (`monitor --json | head`) ends the run like a signal: flush, then exit.
  context.stdout.on('error', () => stop.abort());
  let stopped = false;
  // Every NDJSON line says where it was seen from: logs of several data centres' monitors are merged downstream.
  const vantage = vantageName(source.config.defaults);
  const write = (line: Line): void => {
    if (!stopped && !context.stdout.destroyed) context.stdout.write(context.flags.json ? `${JSON.stringify({ ...line, vantage })}\n` : `${humanLine(line)}\n`);
  };
  const now = (): string => new Date().toISOString();
  try {
    const runtime = createRuntime(source.config, {
      stateDir,
      persist: true,
      user: currentUser(context.env),
      notify: { onRecord: (record) => write(deliveryLine(record)) },
      onAlarmEvents: (events) => events.forEach((event) => write(alarmLine(event))),
      onConnectivity: (change) => write(connectivityLine(change)),
      onAlarmLog: (entries) => entries.forEach((entry) => write({ ...entry, type: 'transition' })),
      onWriteFault: (message) => write({ type: 'warning', at: now(), message }),
      exporter: metrics?.exporter,
      sender: { name: `monitor ${currentUser(context.env)}@${hostname()} (${vantage}) pid ${process.pid}`, mode: 'announce' },
      sparklines: false,
    });
    for (const message of runtime.store.getState().warnings) write({ type: 'warning', at: now(), message });
    write({
      type: 'started',
      at: now(),
      vantage,
      apis: source.config.apis.length,
      channels: Object.keys(source.config.channels).length,
      stateDir,
      ...(metrics ? { metrics: `http://${context.flags.metricsHost ?? '127.0.0.1'}:${metrics.port}/metrics` } : {}),
    });
    const loads = new LoadReporter(source.config.defaults);
    const unsubscribe = runtime.store.subscribe((state, previous) => {
      const problem = state.silences?.problem;
      // Said when it changes, not every poll; the last good silences stay in use meanwhile.
      if (problem !== previous.silences?.problem) {
        if (problem !== undefined) write({ type: 'warning', at: now(), message: `shared silences: ${problem}` });
        else if (previous.silences?.problem !== undefined) write({ type: 'warning', at: now(), message: 'shared silences: Alertmanager answers again' });
      }
      if (state.stats === previous.stats) return;
      const event = loads.observe(state.stats.load, Date.now());
      if (event) write(loadLine(event, now()));
    });
    runtime.start();
    // Handlers stay for the whole run: with `once`, a second SIGTERM (timeout(1) and a double Ctrl-C send two)
    // would meet Node's default and kill the graceful flush with 143.
    const hurry = new AbortController();
    const onSignal = (): void => {
      if (!stop.signal.aborted) return stop.abort();
      if (hurry.signal.aborted) return;
      write({ type: 'stopping', at: now(), message: 'second signal: stopping now, pending messages stay in the outbox for the next start' });
      hurry.abort();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    try {
      const waits: Promise<unknown>[] = [once(stop.signal, 'abort')];
      if (durationMs !== undefined) waits.push(sleep(durationMs, undefined, { signal: stop.signal }).catch(() => undefined));
      await Promise.race(waits);
      write({ type: 'stopping', at: now(), message: `flushing notifications for at most ${STOP_DEADLINE_MS / 1_000}s; signal again to stop now` });
      const deadline = sleep(STOP_DEADLINE_MS, undefined, { signal: hurry.signal, ref: false }).catch(() => undefined);
      await Promise.race([runtime.stop(), once(hurry.signal, 'abort'), deadline]);
      unsubscribe();
      const queued = Object.values(runtime.notifier?.queueDepth() ?? {}).reduce((sum, n) => sum + n, 0);
      write({ type: 'stopped', at: now(), pendingNotifications: queued });
      // A send still in flight may finish after this: nothing is printed after "stopped".
      stopped = true;
      return EXIT.ok;
    } finally {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    }
  } finally {
    await metrics?.close();
    await source.close();
    unlock();
  }
}
