import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAlarmTimeline, buildApiTimeline, findEpisode, TIMELINE_MARGIN_MS } from '../alerts/incident-timeline.js';
import { readEventLog } from '../persistence/event-log.js';
import { FINE_STEP_MS, HISTORY_FILE, HistoryDb, HistoryFault, type HistoryNote } from '../persistence/history-db.js';
import type { RollupRow } from '../metrics/rollup.js';
import { TIMELINE_FORMATS } from '../report/document-formats.js';
import { formatTimelineDocument, timelineJson } from '../report/format-timeline.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickFormat, writeOutput } from './output.js';
import { stateDirFor } from './state-location.js';

/**
 * A post-incident report of one alarm (the id of the alarm detail, `check --json` alerts[].id and the monitor's
 * NDJSON alarmId) or of one API over a period: the figures per minute from history.db, the transitions, acks,
 * mutes and maintenance from events.jsonl, the deliveries and offline spells from history.db.
 */
export async function runTimeline(context: CommandContext): Promise<number> {
  const format = context.flags.json ? 'json' : pickFormat(context.flags.format, TIMELINE_FORMATS);
  const alarmId = context.input[0];
  const apiId = context.flags.api;
  if ((alarmId === undefined) === (apiId === undefined)) {
    throw new UsageError('name an alarm (api-health timeline ALARM-ID, e.g. enwiki-page-html/HighLatency) or an API and a period (--api ID --from T --to T)');
  }
  const dir = stateDirFor(context);
  const log = readEventLog(dir);
  if (log.warning) context.stderr.write(`warning: ${log.warning}\n`);
  const now = Date.now();
  let from: number;
  let to: number;
  if (alarmId !== undefined) {
    const episode = findEpisode(log.entries, alarmId, now);
    if (!episode) {
      const known = [...new Set(log.entries.map((e) => e.alarmId).filter((id): id is string => id !== undefined))].slice(-5);
      throw new UsageError(`no alarm "${alarmId}" in ${join(dir, 'events.jsonl')}${known.length ? ` (recent: ${known.join(', ')})` : ''}`);
    }
    from = episode.start - TIMELINE_MARGIN_MS;
    to = Math.min(now, episode.end + TIMELINE_MARGIN_MS) + 1;
  } else {
    if (context.flags.from === undefined || context.flags.to === undefined) throw new UsageError('--api needs --from and --to (ISO 8601 times, e.g. 2026-12-06T14:00Z)');
    from = pickTime('from', context.flags.from);
    to = pickTime('to', context.flags.to);
    if (from >= to) throw new UsageError('--from must be before --to');
  }
  const stored = readStored(context, dir, from, to, alarmId);
  const input = { entries: log.entries, notes: stored.notes, rows: stored.rows, now };
  const timeline = alarmId !== undefined ? buildAlarmTimeline(alarmId, input)! : buildApiTimeline(apiId!, from, to, input);
  writeOutput(context, format === 'json' ? `${JSON.stringify(timelineJson(timeline), null, 2)}\n` : formatTimelineDocument(timeline, format));
  return EXIT.ok;
}

function pickTime(flag: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(T|$)/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`invalid --${flag} "${text}" (use an ISO 8601 time such as 2026-12-06T14:00Z)`);
  return ms;
}

function readStored(context: CommandContext, dir: string, from: number, to: number, alarmId: string | undefined): { rows: RollupRow[]; notes: HistoryNote[] } {
  if (!existsSync(join(dir, HISTORY_FILE))) return { rows: [], notes: [] };
  let db: HistoryDb;
  try {
    db = HistoryDb.open(dir, Date.now(), { readonly: true });
  } catch (error) {
    context.stderr.write(`warning: ${error instanceof HistoryFault ? error.message : (error as Error).message}\n`);
    return { rows: [], notes: [] };
  }
  try {
    return { rows: db.rows(FINE_STEP_MS, Math.floor(from / FINE_STEP_MS) * FINE_STEP_MS, to), notes: db.notes(from, to, alarmId) };
  } finally {
    db.close();
  }
}
