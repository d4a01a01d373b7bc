import { Agent } from 'undici';
import { MaintenanceCalendar } from '../alerts/maintenance-calendar.js';
import { silenceForMaintenance } from '../alertmanager/maintenance-silence.js';
import { SilencesClient } from '../alertmanager/silences.js';
import type { Config, MaintenanceMatch } from '../config/types.js';
import { formatDuration } from '../core/duration.js';
import { isUnassigned, UNASSIGNED } from '../core/labels.js';
import { readMaintenanceList, updateMaintenanceList, type AdHocWindow } from '../persistence/maintenance-file.js';
import { localDateTime } from '../text/local-time.js';
import { sanitize } from '../text/sanitize.js';
import { textTable } from '../text/text-table.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickDuration } from './output.js';
import { currentUser, openStateDir } from './state-location.js';

const USAGE = 'usage: api-health maintenance start --api ID|--team ID|--family NAME --for D [--reason TEXT] | stop NAME|ID | list';
/** How far ahead `list` shows the config's recurring windows. */
const UPCOMING_MS = 7 * 86_400_000;
const SILENCE_TIMEOUT_MS = 5_000;

/**
 * `maintenance start|stop|list`: ad-hoc windows for deploy scripts, kept in the state directory where a running
 * monitor or dashboard picks them up within a second; mirrored as Alertmanager silences where a channel names one.
 */
export async function runMaintenance(context: CommandContext): Promise<number> {
  const [sub, ...rest] = context.input;
  if (sub !== 'start' && sub !== 'stop' && sub !== 'list') throw new UsageError(sub === undefined ? USAGE : `unknown maintenance subcommand "${sub}"; ${USAGE}`);
  const source = await openConfig(context);
  try {
    if (sub === 'start') return await start(context, source.config, rest);
    if (sub === 'stop') return await stop(context, source.config, rest);
    return list(context, source.config, rest);
  } finally {
    await source.close();
  }
}

async function start(context: CommandContext, config: Config, rest: string[]): Promise<number> {
  if (rest.length > 0) throw new UsageError(USAGE);
  const match = matchFromFlags(context, config);
  if (context.flags.for === undefined) throw new UsageError('maintenance start needs --for D (e.g. 30m, 2h): how long the window lasts');
  const durationMs = pickDuration('for', context.flags.for, '30m, 2h');
  const dir = openStateDir(context);
  const now = Date.now();
  const by = currentUser(context.env);
  const reason = context.flags.reason || undefined;
  const window = updateMaintenanceList(dir, now, (current) => {
    const sequence = current.sequence + 1;
    const added: AdHocWindow = { id: `mw-${sequence}`, name: reason ?? `maintenance of ${describeMatch(match)}`, match, start: now, durationMs, reason, by };
    return { list: { sequence, windows: [...current.windows, added] }, result: added };
  });
  const silence = await shareAsSilence(config, window);
  if (silence.id) {
    updateMaintenanceList(dir, Date.now(), (current) => ({
      list: { ...current, windows: current.windows.map((w) => (w.id === window.id ? { ...w, silenceId: silence.id } : w)) },
      result: undefined,
    }));
  }
  if (context.flags.json) context.stdout.write(`${JSON.stringify({ ...jsonOf(window), silenceId: silence.id ?? null })}\n`);
  else context.stdout.write(`${window.id} started: ${sanitize(describeMatch(match))} until ${localDateTime(now + durationMs)} (${sanitize(window.name)})${silence.text}\n`);
  if (silence.warning) context.stderr.write(`warning: ${sanitize(silence.warning)}\n`);
  return EXIT.ok;
}

async function stop(context: CommandContext, config: Config, rest: string[]): Promise<number> {
  const [key, ...extra] = rest;
  if (key === undefined || extra.length > 0) throw new UsageError('usage: api-health maintenance stop NAME|ID');
  const dir = openStateDir(context);
  const stopped = updateMaintenanceList(dir, Date.now(), (current) => {
    const hit = current.windows.filter((w) => w.id === key || w.name === key);
    return { list: { ...current, windows: current.windows.filter((w) => !hit.includes(w)) }, result: hit };
  });
  if (stopped.length === 0) {
    if (config.maintenance.some((w) => w.name === key)) throw new UsageError(`"${sanitize(key)}" is a window of the config: change or remove it there`);
    const known = readMaintenanceList(dir).list.windows.map((w) => w.id);
    throw new UsageError(`no maintenance window "${sanitize(key)}" running (started: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  for (const window of stopped) {
    const expired = window.silenceId ? await expireSilence(config, window.silenceId) : undefined;
    context.stdout.write(`${window.id} stopped (${sanitize(window.name)})${expired === undefined ? '' : expired.ok ? ', its Alertmanager silence expired' : ''}\n`);
    if (expired && !expired.ok) context.stderr.write(`warning: the Alertmanager silence ${window.silenceId} stays until it ends: ${sanitize(expired.message)}\n`);
  }
  return EXIT.ok;
}

function list(context: CommandContext, config: Config, rest: string[]): number {
  if (rest.length > 0) throw new UsageError('usage: api-health maintenance list');
  const dir = openStateDir(context);
  const now = Date.now();
  const { list: adHoc, warning } = readMaintenanceList(dir);
  if (warning) context.stderr.write(`warning: ${sanitize(warning)}\n`);
  const byId = new Map(adHoc.windows.map((w) => [w.id, w]));
  const calendar = new MaintenanceCalendar([...config.maintenance, ...adHoc.windows.map((w) => ({ id: w.id, name: w.name, match: w.match, schedule: { kind: 'once' as const, start: w.start }, durationMs: w.durationMs, reason: w.reason }))]);
  const occurrences = calendar.currentAndUpcoming(now, UPCOMING_MS);
  if (context.flags.json) {
    const entries = occurrences.map((o) => ({
      id: o.window.id,
      name: o.window.name,
      match: o.window.match,
      start: new Date(o.start).toISOString(),
      end: new Date(o.end).toISOString(),
      active: o.start <= now,
      source: byId.has(o.window.id) ? 'cli' : 'config',
      by: byId.get(o.window.id)?.by ?? null,
      silenceId: byId.get(o.window.id)?.silenceId ?? null,
    }));
    context.stdout.write(`${JSON.stringify({ windows: entries }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (occurrences.length === 0) {
    context.stdout.write('No maintenance windows now or in the next 7 days.\n');
    return EXIT.ok;
  }
  const rows = occurrences.map((o) => [
    o.window.id,
    sanitize(o.window.name),
    sanitize(describeMatch(o.window.match)),
    o.start <= now ? 'now' : localDateTime(o.start),
    localDateTime(o.end),
    byId.has(o.window.id) ? `started by ${sanitize(byId.get(o.window.id)!.by)}` : 'config',
  ]);
  context.stdout.write(`${textTable(['ID', 'Name', 'Covers', 'From', 'Until', 'Source'], rows, new Set())}\n`);
  return EXIT.ok;
}

/** --api, --team and --family: each one given must match, and each names something in the config. */
function matchFromFlags(context: CommandContext, config: Config): MaintenanceMatch {
  const { api, team, family } = context.flags;
  if (api === undefined && team === undefined && family === undefined) throw new UsageError('maintenance start needs --api ID, --team ID or --family NAME: what the window covers');
  const match: MaintenanceMatch = {};
  if (api !== undefined) {
    const known = config.apis.map((a) => a.id);
    if (!known.includes(api)) throw new UsageError(`unknown API "${sanitize(api)}" (known: ${known.join(', ') || 'none'})`);
    match.api = [api];
  }
  if (team !== undefined) {
    const known = config.teams.map((t) => t.id);
    if (isUnassigned(team)) match.team = [UNASSIGNED.id];
    else if (!known.includes(team)) throw new UsageError(`unknown team "${sanitize(team)}" (known: ${known.join(', ') || 'none'})`);
    else match.team = [team];
  }
  if (family !== undefined) {
    const known = [...new Set(config.apis.map((a) => a.family))];
    if (!known.includes(family)) throw new UsageError(`unknown family "${sanitize(family)}" (known: ${known.join(', ') || 'none'})`);
    match.family = [family];
  }
  return match;
}

/** "api summary, team mwi" */
function describeMatch(match: MaintenanceMatch): string {
  return (['api', 'team', 'family', 'rule'] as const)
    .flatMap((key) => (match[key] ? [`${key} ${match[key]!.join('|')}`] : []))
    .join(', ');
}

function jsonOf(window: AdHocWindow): Record<string, unknown> {
  return { id: window.id, name: window.name, match: window.match, start: new Date(window.start).toISOString(), end: new Date(window.start + window.durationMs).toISOString(), duration: formatDuration(window.durationMs), by: window.by };
}

function alertmanagerUrl(config: Config): string | undefined {
  for (const channel of Object.values(config.channels)) if (channel.type === 'alertmanager') return channel.url;
  return undefined;
}

async function withSilences<T>(config: Config, use: (client: SilencesClient) => Promise<T>): Promise<T | undefined> {
  const url = alertmanagerUrl(config);
  if (url === undefined) return undefined;
  const dispatcher = new Agent();
  try {
    return await use(new SilencesClient({ url, dispatcher, timeoutMs: SILENCE_TIMEOUT_MS }));
  } finally {
    await dispatcher.close();
  }
}

async function shareAsSilence(config: Config, window: AdHocWindow): Promise<{ id?: string | undefined; text: string; warning?: string | undefined }> {
  const result = await withSilences(config, (client) => client.create(silenceForMaintenance(window)));
  if (result === undefined) return { text: '' };
  if (!result.ok) return { text: '', warning: `Alertmanager refused the silence (the window holds here all the same): ${result.message}` };
  return { id: result.value, text: `; Alertmanager silence ${result.value}` };
}

async function expireSilence(config: Config, id: string): Promise<{ ok: true } | { ok: false; message: string } | undefined> {
  const result = await withSilences(config, (client) => client.expire(id));
  return result === undefined ? undefined : result.ok ? { ok: true } : { ok: false, message: result.message };
}
