import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import { alarmCounts } from './alarm-text.js';
import { clockTime } from './clock-time.js';
import { HEALTH_GLYPH } from './format-row.js';
import { Lines } from './Lines.js';
import type { Painter, Run } from './paint.js';
import { UNASSIGNED } from '../core/labels.js';
import { loadWarning } from '../text/probe-load-warning.js';
import { stringWidth } from '../text/text-width.js';
import { DEFAULT_SHARED_POLL_MS } from '../config/resolve.js';
import { modeText, remoteProblem } from './remote-text.js';
import { vantageName } from '../config/vantage.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  now: () => number;
}

/** Two lines: fleet health, probe rate (and any probes skipped) and freshness; then alarms, SLA breaches and which filters are on. */
export function Header({ store, painter, width, now }: Props) {
  const stats = useStore(store, (s) => s.stats);
  const ui = useStore(store, (s) => s.ui);
  const alarms = useStore(store, (s) => s.alarms);
  const mutes = useStore(store, (s) => s.mutes);
  const c = useStore(store, (s) => s.health.counts);
  const defaults = useStore(store, (s) => s.config.defaults);
  const remote = useStore(store, (s) => s.remote);
  const offlineSince = useStore(store, (s) => s.offlineSince);
  const pollMs = useStore(store, (s) => s.config.shared?.pollMs ?? DEFAULT_SHARED_POLL_MS);
  const a = alarmCounts(alarms);
  const parts: Run[] = [
    ['title', 'api-health'],
    [undefined, `${c.apis} APIs`],
    ['healthy', `${HEALTH_GLYPH.healthy} ${c.healthy} healthy`],
    ['degraded', `${HEALTH_GLYPH.degraded} ${c.degraded} degraded`],
    ['failing', `${HEALTH_GLYPH.failing} ${c.failing} failing`],
  ];
  if (c.unknown) parts.push(['dim', `${HEALTH_GLYPH.unknown} ${c.unknown} waiting`]);
  // About the fleet, not its alarms: beside the health counts.
  if (c.unassigned) parts.push(['unassigned', `${c.unassigned} API${c.unassigned === 1 ? '' : 's'} unowned`]);
  const mode = modeText(remote, now(), pollMs);
  // A remote dashboard probes nothing: its rate would only read 0.
  if (!remote) parts.push(['dim', `${stats.probesPerSecond.toFixed(1)} probes/s`]);
  // Beside the rate it explains: a fleet outgrowing its limits is probed less often than configured.
  const load = loadWarning(stats.load, defaults);
  if (load) parts.push(['degraded', `⚠ ${load.text}`]);
  parts.push([mode.stale ? 'degraded' : 'dim', mode.text]);
  const age = stats.lastUpdate === undefined ? undefined : Math.max(0, Math.round((now() - stats.lastUpdate) / 1000));
  parts.push(['dim', stats.lastUpdate === undefined ? 'waiting for data' : `updated ${clockTime(stats.lastUpdate)}${age && age > 5 ? ` (${age}s ago)` : ''}`]);
  // Where the figures are measured from: last, so a narrow terminal drops it before anything about the APIs.
  if (!remote) parts.push(['dim', `from ${vantageName(defaults)}`]);
  // What narrows the view comes first on the second line: a narrow terminal cuts the end of it.
  const second: Run[] = [];
  // First: while it lasts, every failing figure on screen may be ours rather than the APIs'.
  if (offlineSince !== undefined) second.push(['failing', `PROBER OFFLINE: network unreachable since ${clockTime(offlineSince, false)}`]);
  if (ui.paused) second.push(['breach', 'PAUSED: order frozen, p resumes']);
  const team = ui.team === UNASSIGNED.id ? UNASSIGNED.name : ui.team;
  if (team) second.push(['accent', `team: ${team}`]);
  const filter = ui.filterDraft ?? ui.filterText;
  if (filter) second.push(['accent', `filter: ${filter}`]);
  if (ui.sort !== 'health') second.push(['accent', `sort: ${ui.sort}`]);
  second.push([a.firing ? 'failing' : 'dim', `alarms: ${a.firing} firing`], [a.acked ? 'info' : 'dim', `${a.acked} acked`], ['dim', `${a.muted} muted`]);
  if (a.pending) second.push(['dim', `${a.pending} pending`]);
  if (mutes.length > 0) second.push(['info', `${mutes.length} active mute${mutes.length === 1 ? '' : 's'} (M)`]);
  second.push(a.breaches ? ['breach', `SLA BREACH: ${a.breaches}`] : ['dim', '0 SLA breaches']);
  // What a narrow terminal keeps longest: the failing count, alarms firing, breaches and a pause; the rest goes first from the end.
  const essential = new Set<Run>([parts[4]!, ...second.filter(([, text]) => /^(alarms:|SLA BREACH|\d+ SLA breach|PAUSED)/.test(text))]);
  const line = (runs: Run[]): string => painter.line(fitRuns(runs, width, essential).flatMap((run, i): Run[] => (i === 0 ? [run] : [[undefined, '  '], run])));
  const problem = remoteProblem(remote);
  return <Lines lines={[line(parts), line(second), ...(problem ? [painter.line([['degraded', `! ${problem}`]])] : [])]} width={width} />;
}

/** Drops runs from the end of the line, the essential ones last, until the line (runs two spaces apart) fits. */
export function fitRuns(runs: readonly Run[], width: number, essential: ReadonlySet<Run>): Run[] {
  const kept = [...runs];
  const length = (): number => kept.reduce((sum, [, text]) => sum + stringWidth(text), 0) + 2 * Math.max(0, kept.length - 1);
  for (let i = kept.length - 1; i >= 0 && length() > width; i--) if (!essential.has(kept[i]!)) kept.splice(i, 1);
  for (let i = kept.length - 1; i > 0 && length() > width; i--) kept.splice(i, 1);
  return kept;
}
