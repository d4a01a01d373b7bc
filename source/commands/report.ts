import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildHistoryReport, maintenanceSpans, type HistoryReport } from '../alerts/history-report.js';
import { buildResponseReport } from '../alerts/response-report.js';
import { loadConfigFile } from '../config/load.js';
import { findConfig } from '../config/locate.js';
import type { Config, MaintenanceWindow } from '../config/types.js';
import { demoConfig } from '../demo/demo-config.js';
import { EVENTS_FILE, readEventLog } from '../persistence/event-log.js';
import { HISTORY_FILE, HistoryDb, HistoryFault } from '../persistence/history-db.js';
import { asMaintenanceWindow, readMaintenanceList } from '../persistence/maintenance-file.js';
import { REPORT_FORMATS } from '../report/document-formats.js';
import { formatHistoryCsv, formatHistoryDocument, formatHistoryText } from '../report/format-history-report.js';
import { formatResponseReport } from '../report/format-response-report.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickDuration, pickFormat, writeOutput } from './output.js';
import { stateDirFor } from './state-location.js';

const DAY_MS = 86_400_000;

/**
 * Reads the history (history.db) and the event log (events.jsonl) where the dashboard and monitor write them
 * (the demo's with --demo) and reports, per API, family and team, availability, error rates, latency and SLO
 * attainment, and per team and severity how fast alarms were acknowledged and resolved. Without either file it
 * says where it looked. Reading never blocks a monitor writing the same files.
 */
export async function runReport(context: CommandContext): Promise<number> {
  const format = pickFormat(context.flags.format, REPORT_FORMATS);
  const now = Date.now();
  const { from, to } = period(context, now);
  const dir = stateDirFor(context);
  const config = reportConfig(context);
  const file = join(dir, EVENTS_FILE);
  const found = existsSync(file);
  const log = readEventLog(dir);
  if (log.warning) context.stderr.write(`warning: ${log.warning}\n`);
  const response = buildResponseReport(log.entries, from, to);
  const remote = context.flags.remote ? await (await import('./report-remote.js')).readRemoteReport(remoteConfig(context, config), maintenanceWindows(context, dir, config), from, to) : undefined;
  if (remote && !remote.ok) {
    context.stderr.write(`api-health: ${remote.message}\n`);
    return EXIT.noVerdict;
  }
  const history = remote ? { file: null, report: remote.value.report } : readHistory(context, dir, config, from, to);
  if (context.flags.json) {
    const json = {
      source: remote ? 'prometheus' : 'history',
      ...response,
      eventLog: file,
      eventLogFound: found,
      skippedLines: log.skipped,
      ...(history.report ? historyJson(history.report) : { apis: [], families: [], teams: [] }),
      history: { file: history.file, found: history.report !== undefined, relativeError: history.report?.relativeError ?? null, maintenanceMs: history.report?.maintenanceMs ?? 0 },
      ...(remote ? { prometheus: remote.json } : {}),
    };
    context.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return EXIT.ok;
  }
  if (format === 'csv') {
    if (!history.report) throw new UsageError(noHistoryText(context, join(dir, HISTORY_FILE)));
    writeOutput(context, formatHistoryCsv(history.report));
    return EXIT.ok;
  }
  if (format === 'markdown' || format === 'wikitext') {
    if (!history.report) throw new UsageError(noHistoryText(context, join(dir, HISTORY_FILE)));
    writeOutput(context, formatHistoryDocument(history.report, format));
    return EXIT.ok;
  }
  const alarms = found ? `${formatResponseReport(response)}(read ${file}${history.file !== null && history.report ? ` and ${history.file}` : ''})\n` : `${noLogText(context, file)}\n`;
  writeOutput(context, history.report ? `${formatHistoryText(history.report)}\n${alarms}` : alarms);
  return EXIT.ok;
}

/** --from/--to when given (a date alone means the whole day, in UTC), else --since back from now. */
function period(context: CommandContext, now: number): { from: number; to: number } {
  const { from, to } = context.flags;
  const end = to === undefined ? now : pickTime('to', to, true);
  const start = from === undefined ? end - pickDuration('since', flagWithDefault(context, 'since'), '1d, 7d, 30d') : pickTime('from', from, false);
  if (start >= end) throw new UsageError(`--from must be before --to (got ${new Date(start).toISOString()} and ${new Date(end).toISOString()})`);
  return { from: start, to: end };
}

function pickTime(flag: string, text: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = dateOnly ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`invalid --${flag} "${text}" (use a date such as 2026-10-01 or a time such as 2026-10-01T12:00Z)`);
  return dateOnly && endOfDay ? ms + DAY_MS : ms;
}

/** Names, teams, families, SLOs and windows come from the config when there is one; the figures do not need it. */
function reportConfig(context: CommandContext): Config | undefined {
  if (context.flags.demo) return demoConfig(0);
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  return file === undefined ? undefined : loadConfigFile(file, context.env);
}

/** --remote needs the team's Prometheus, and api-health's own series in it (blackbox_exporter's have no histogram of every probe). */
function remoteConfig(context: CommandContext, config: Config | undefined): Config {
  const where = 'see "Run it for a team" in the README';
  if (context.flags.demo) throw new UsageError(`--remote reads the team's Prometheus, which the demo has none of: give --config with shared.prometheus (${where})`);
  if (!config?.shared?.prometheus) throw new UsageError(`--remote reads the team's Prometheus: the config needs shared.prometheus (${where})`);
  if (config.shared.metrics !== 'apihealth') throw new UsageError(`report --remote reads the series api-health exports; shared.metrics is ${config.shared.metrics}, whose series have no probe histogram (${where})`);
  return config;
}

/** The config's windows and those `maintenance start` added in the state directory. */
function maintenanceWindows(context: CommandContext, dir: string, config: Config | undefined): MaintenanceWindow[] {
  const maintenance = readMaintenanceList(dir);
  if (maintenance.warning) context.stderr.write(`warning: ${maintenance.warning}\n`);
  return [...(config?.maintenance ?? []), ...maintenance.list.windows.map(asMaintenanceWindow)];
}

function readHistory(context: CommandContext, dir: string, config: Config | undefined, from: number, to: number): { file: string; report?: HistoryReport } {
  const file = join(dir, HISTORY_FILE);
  if (!existsSync(file)) return { file };
  let db: HistoryDb;
  try {
    db = HistoryDb.open(dir, Date.now(), { readonly: true });
  } catch (error) {
    context.stderr.write(`warning: ${error instanceof HistoryFault ? error.message : (error as Error).message}\n`);
    return { file };
  }
  try {
    const windows = maintenanceWindows(context, dir, config);
    const maintenanceRows = maintenanceSpans(windows, from, to).flatMap((span) => db.rangeRows(span.start, span.end));
    return { file, report: buildHistoryReport({ apis: config?.apis ?? [], totals: db.rangeTotals(from, to), maintenanceRows, from, to, maintenance: windows }) };
  } finally {
    db.close();
  }
}

function historyJson(report: HistoryReport) {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return { from: iso(report.from), to: iso(report.to), apis: report.apis, families: report.families, teams: report.teams };
}

function noHistoryText(context: CommandContext, file: string): string {
  const elsewhere = context.flags.demo ? 'another folder: --state-dir DIR' : "the demo's: --demo; another folder: --state-dir DIR";
  return `No probe history at ${file}: the dashboard and monitor write it there as they probe (${elsewhere}).`;
}

function noLogText(context: CommandContext, file: string): string {
  const elsewhere = context.flags.demo ? 'another folder: --state-dir DIR' : "the demo's: --demo; another folder: --state-dir DIR";
  return `No event log at ${file}: the dashboard and monitor write it there as alarms fire (${elsewhere}).`;
}
