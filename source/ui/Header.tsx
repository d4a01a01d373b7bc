import { Text } from 'ink';
import { useStore } from 'zustand';
import { UNASSIGNED } from '../state/selectors.js';
import type { FleetStore } from '../state/store.js';
import { alarmCounts } from './alarm-text.js';
import { clockTime } from './clock-time.js';
import { HEALTH_GLYPH } from './format-row.js';
import type { Painter } from './paint.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  now: () => number;
}

/** Two lines: fleet health, probe rate and freshness; then alarms, SLA breaches and which filters are on. */
export function Header({ store, painter, now }: Props) {
  const stats = useStore(store, (s) => s.stats);
  const ui = useStore(store, (s) => s.ui);
  const alarms = useStore(store, (s) => s.alarms);
  const c = useStore(store, (s) => s.health.counts);
  const a = alarmCounts(alarms);
  const { paint } = painter;
  const parts = [
    paint('title', 'api-health'),
    `${c.apis} APIs`,
    paint('healthy', `${HEALTH_GLYPH.healthy} ${c.healthy} healthy`),
    paint('degraded', `${HEALTH_GLYPH.degraded} ${c.degraded} degraded`),
    paint('failing', `${HEALTH_GLYPH.failing} ${c.failing} failing`),
  ];
  if (c.unknown) parts.push(paint('dim', `${HEALTH_GLYPH.unknown} ${c.unknown} waiting`));
  parts.push(paint('dim', `${stats.probesPerSecond.toFixed(1)} probes/s`));
  const age = stats.lastUpdate === undefined ? undefined : Math.max(0, Math.round((now() - stats.lastUpdate) / 1000));
  parts.push(paint('dim', stats.lastUpdate === undefined ? 'waiting for data' : `updated ${clockTime(stats.lastUpdate)}${age && age > 5 ? ` (${age}s ago)` : ''}`));
  // What narrows the view comes first on the second line: a narrow terminal cuts the end of it.
  const second: string[] = [];
  const team = ui.team === UNASSIGNED ? 'Unassigned' : ui.team;
  if (team) second.push(paint('accent', `team: ${team}`));
  const filter = ui.filterDraft ?? ui.filterText;
  if (filter) second.push(paint('accent', `filter: ${filter}`));
  if (ui.sort !== 'health') second.push(paint('accent', `sort: ${ui.sort}`));
  second.push(
    paint(a.firing ? 'failing' : 'dim', `alarms: ${a.firing} firing`),
    paint(a.acked ? 'info' : 'dim', `${a.acked} acked`),
    paint('dim', `${a.muted} muted`),
  );
  if (a.pending) second.push(paint('dim', `${a.pending} pending`));
  second.push(a.breaches ? paint('breach', `SLA BREACH: ${a.breaches}`) : paint('dim', '0 SLA breaches'));
  if (c.unassigned) second.push(paint('unassigned', `${c.unassigned} unassigned`));
  return (
    <>
      <Text wrap="truncate-end">{parts.join('  ')}</Text>
      <Text wrap="truncate-end">{second.join('  ')}</Text>
    </>
  );
}
