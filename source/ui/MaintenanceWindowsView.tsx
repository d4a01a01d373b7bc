import { useStore } from 'zustand';
import type { MaintenanceMatch } from '../config/types.js';
import { formatDuration } from '../core/duration.js';
import type { MaintenanceView } from '../state/fleet-state.js';
import { sanitize } from '../text/sanitize.js';
import { clockTime } from './clock-time.js';
import { fit } from './format-row.js';
import { Lines } from './Lines.js';
import type { ViewProps } from './view-props.js';

/** "api summary, team mwi"; a window with no key covers every API. */
function coversText(match: MaintenanceMatch): string {
  const parts = (['api', 'team', 'family', 'rule'] as const).flatMap((key) => (match[key] ? [`${key} ${match[key]!.join('|')}`] : []));
  return parts.length === 0 ? 'every API' : parts.join(', ');
}

/** Local time; with the date when it is not today's, so a window next week does not read as today's. */
function localTime(at: number, now: number): string {
  const d = new Date(at);
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? clockTime(at, false) : `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${clockTime(at, false)}`;
}

function stateText(window: MaintenanceView, now: number): string {
  return window.start <= now ? `in force, ${formatDuration(window.end - now)} left` : `next, in ${formatDuration(window.start - now)}`;
}

function sourceText(window: MaintenanceView): string {
  const reason = window.reason ? `: ${sanitize(window.reason)}` : '';
  return `${window.source === 'cli' ? 'CLI' : 'config'}${reason}`;
}

/** Maintenance windows in force and coming up in the next days, as the engine's calendar has them. */
export function MaintenanceWindowsView({ store, painter, width, height, now }: ViewProps) {
  const windows = useStore(store, (s) => s.maintenance);
  const { paint } = painter;
  const heading = paint('title', `Maintenance windows (${windows.length})`) + paint('dim', '   in force and the next 7 days · Esc back');
  if (windows.length === 0) {
    const hint = [
      'To add one: a recurring window under maintenance: in the config (every: "TH 19:00-20:00"),',
      'or one now from a deploy script: api-health maintenance start --family NAME --for 30m --reason TEXT',
    ];
    return <Lines lines={[heading, paint('dim', 'No maintenance windows now or in the next 7 days.'), ...hint.map((line) => paint('dim', line))]} width={width} />;
  }
  const at = now();
  const w = { name: Math.max(12, Math.min(30, Math.floor(width / 5))), covers: Math.max(12, Math.min(30, Math.floor(width / 5))), time: 11, state: 22 };
  const sourceWidth = Math.max(8, width - (w.name + w.covers + 2 * w.time + w.state + 6));
  const columns = `${fit('name', w.name)} ${fit('covers', w.covers)} ${fit('start', w.time)} ${fit('end', w.time)} ${fit('state', w.state)} source`;
  const lines = windows.slice(0, Math.max(1, height - 2)).map((window) => {
    const line =
      `${fit(sanitize(window.name), w.name)} ${fit(sanitize(coversText(window.match)), w.covers)} ${fit(localTime(window.start, at), w.time)} ` +
      `${fit(localTime(window.end, at), w.time)} ${fit(stateText(window, at), w.state)} ${fit(sourceText(window), sourceWidth)}`;
    return window.start <= at ? paint('degraded', line) : line;
  });
  return <Lines lines={[heading, paint('dim', fit(columns, width)), ...lines]} width={width} />;
}
