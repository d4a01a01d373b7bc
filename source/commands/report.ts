import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatResponseReport } from '../alerts/format-response-report.js';
import { buildResponseReport } from '../alerts/response-report.js';
import { EVENTS_FILE, readEventLog } from '../persistence/event-log.js';
import { resolveStateDir } from '../persistence/state-dir.js';
import { flagWithDefault, type CommandContext } from './context.js';
import { EXIT } from './errors.js';
import { pickDuration } from './output.js';

/** Reads events.jsonl and reports, per team and severity, how fast alarms were acknowledged and resolved. */
export async function runReport(context: CommandContext): Promise<number> {
  const sinceMs = pickDuration('since', flagWithDefault(context, 'since'), '1d, 7d, 30d');
  const dir = resolveStateDir({ flag: context.flags.stateDir, env: context.env, home: context.env.HOME || homedir(), cwd: context.cwd });
  const log = readEventLog(dir);
  if (log.warning) context.stderr.write(`warning: ${log.warning}\n`);
  const now = Date.now();
  const report = buildResponseReport(log.entries, now - sinceMs, now);
  if (context.flags.json) {
    context.stdout.write(`${JSON.stringify({ ...report, eventLog: join(dir, EVENTS_FILE), skippedLines: log.skipped }, null, 2)}\n`);
  } else {
    context.stdout.write(formatResponseReport(report));
  }
  return EXIT.ok;
}
