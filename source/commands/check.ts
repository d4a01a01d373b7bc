import { setTimeout as sleep } from 'node:timers/promises';
import { alertsForReport, hasUnmutedFiring } from '../alerts/report-alerts.js';
import { createRuntime } from '../engine/runtime.js';
import { buildCheckReport } from '../report/check-report.js';
import { formatCheckReport } from '../report/format-check.js';
import { noVerdictMessage, shortRunWarning } from '../report/verdict.js';
import { openConfig } from './config-source.js';
import { vantageName } from '../config/vantage.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickDuration } from './output.js';
import { currentUser, openStateDir } from './state-location.js';
import { openMetricsEndpoint } from './metrics-endpoint.js';
import { loadWarning } from '../text/probe-load-warning.js';

/**
 * Probes for a while without a UI, prints a report (table or JSON) and exits 3 if the run ended with the prober
 * offline, else 1 if an alarm fires unmuted or an API still backs us off with 429 at the end (nothing could be
 * verified about it), else 3 if some API could not be judged (a run too short for its samples is no pass): for
 * cron and CI. Saved acks and mutes are honoured; nothing
 * is sent and no alarm state is written back (a corrupt state file is still moved aside, so the evidence survives
 * the next dashboard run).
 */
export async function runCheck(context: CommandContext): Promise<number> {
  const duration = flagWithDefault(context, 'duration');
  const durationMs = pickDuration('duration', duration, '500ms, 10s, 5m');
  const source = await openConfig(context);
  if (context.flags.allVantages && !source.config.shared?.prometheus) {
    await source.close();
    throw new UsageError('--all-vantages reads what the other vantages see from the team\'s Prometheus: the config needs shared.prometheus (see "Several vantage points" in the README)');
  }
  const short = shortRunWarning(source.config, durationMs, duration);
  if (short !== undefined) context.stderr.write(`warning: ${short}\n`);
  const metrics = await openMetricsEndpoint(source.config, context.flags).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  try {
    const runtime = createRuntime(source.config, {
      stateDir: openStateDir(context),
      persist: false,
      user: currentUser(context.env),
      exporter: metrics?.exporter,
      sparklines: false,
    });
    for (const warning of runtime.store.getState().warnings) context.stderr.write(`warning: ${warning}\n`);
    if (metrics) context.stderr.write(`serving metrics on http://${context.flags.metricsHost ?? '127.0.0.1'}:${metrics.port}/metrics\n`);
    const started = Date.now();
    runtime.start();
    await sleep(durationMs);
    await runtime.stop();
    const load = loadWarning(runtime.store.getState().stats.load, source.config.defaults);
    if (load) context.stderr.write(`warning: ${load.text}\n`);
    const now = Date.now();
    const { tracker } = runtime.alarmService;
    const { metrics: figures, ruleStatus } = runtime.store.getState();
    const report = buildCheckReport(source.config, figures, ruleStatus, alertsForReport(tracker, now), now - started, now);
    // Loaded only when asked for: a plain check reads no Prometheus.
    const across = context.flags.allVantages ? await import('./all-vantages.js') : undefined;
    const others = across ? await across.otherVantages(source.config, context.stderr) : undefined;
    const vantage = vantageName(source.config.defaults);
    context.stdout.write(
      context.flags.json
        ? `${JSON.stringify({ vantage, ...report, ...(others ? { vantages: others } : {}) }, null, 2)}\n`
        : formatCheckReport(report, source.config) + (across && others ? across.formatVantages(others, vantage) : ''),
    );
    // Failures from our own outage prove nothing about the APIs: no verdict rather than a false alarm.
    const offline = tracker.offline();
    if (offline) {
      context.stderr.write(`api-health: the prober is offline (network unreachable since ${new Date(offline.since).toISOString()}): no verdict\n`);
      return EXIT.noVerdict;
    }
    if (hasUnmutedFiring(tracker, now) || report.apis.some((api) => api.throttled)) return EXIT.alarms;
    if (report.noVerdict.length === 0) return EXIT.ok;
    context.stderr.write(`api-health: ${noVerdictMessage(report.noVerdict)}\n`);
    return EXIT.noVerdict;
  } finally {
    await metrics?.close();
    await source.close();
  }
}
