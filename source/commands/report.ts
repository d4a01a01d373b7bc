import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildResponseReport } from '../alerts/response-report.js';
import { EVENTS_FILE, readEventLog } from '../persistence/event-log.js';
import { formatResponseReport } from '../report/format-response-report.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { EXIT } from './errors.js';
import { pickDuration } from './output.js';
import { stateDirFor } from './state-location.js';

/**
 * Reads events.jsonl where the dashboard and monitor write it (the demo's with --demo) and reports, per team and
 * severity, how fast alarms were acknowledged and resolved. Without a log it says where it looked.
 */
export async function runReport(context: CommandContext): Promise<number> {
  const sinceMs = pickDuration('since', flagWithDefault(context, 'since'), '1d, 7d, 30d');
  const dir = stateDirFor(context);
  const file = join(dir, EVENTS_FILE);
  const found = existsSync(file);
  const log = readEventLog(dir);
  if (log.warning) context.stderr.write(`warning: ${log.warning}\n`);
  const now = Date.now();
  const report = buildResponseReport(log.entries, now - sinceMs, now);
  if (context.flags.json) {
    context.stdout.write(`${JSON.stringify({ ...report, eventLog: file, eventLogFound: found, skippedLines: log.skipped }, null, 2)}\n`);
  } else if (!found) {
    context.stdout.write(`${noLogText(context, file)}\n`);
  } else {
    context.stdout.write(`${formatResponseReport(report)}(read ${file})\n`);
  }
  return EXIT.ok;
}

function noLogText(context: CommandContext, file: string): string {
  const elsewhere = context.flags.demo ? 'another folder: --state-dir DIR' : "the demo's: --demo; another folder: --state-dir DIR";
  return `No event log at ${file}: the dashboard and monitor write it there as alarms fire (${elsewhere}).`;
}
