import { Text } from 'ink';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { fleetCounts, UNASSIGNED } from '../state/selectors.js';
import type { FleetStore } from '../state/store.js';
import { HEALTH_GLYPH } from './format-row.js';
import type { Painter } from './paint.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  now: () => number;
}

export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Fleet summary: counts by health, probe rate, freshness, and which filters are on. */
export function Header({ store, painter, now }: Props) {
  const config = useStore(store, (s) => s.config);
  const metrics = useStore(store, (s) => s.metrics);
  const stats = useStore(store, (s) => s.stats);
  const ui = useStore(store, (s) => s.ui);
  // Counting reads every API: once per flush, not once per key press.
  const c = useMemo(() => fleetCounts(config, metrics), [config, metrics]);
  const { paint } = painter;
  // What narrows the view comes first after the size: a narrow terminal cuts the end of this line.
  const parts = [paint('title', 'api-health'), `${c.apis} APIs`];
  const team = ui.team === UNASSIGNED ? 'Unassigned' : ui.team;
  if (team) parts.push(paint('accent', `team: ${team}`));
  const filter = ui.filterDraft ?? ui.filterText;
  if (filter) parts.push(paint('accent', `filter: ${filter}`));
  if (ui.sort !== 'health') parts.push(paint('accent', `sort: ${ui.sort}`));
  parts.push(
    paint('healthy', `${HEALTH_GLYPH.healthy} ${c.healthy} healthy`),
    paint('degraded', `${HEALTH_GLYPH.degraded} ${c.degraded} degraded`),
    paint('failing', `${HEALTH_GLYPH.failing} ${c.failing} failing`),
  );
  if (c.unknown) parts.push(paint('dim', `${HEALTH_GLYPH.unknown} ${c.unknown} waiting`));
  if (c.unassigned) parts.push(paint('unassigned', `${c.unassigned} unassigned`));
  parts.push(paint('dim', `${stats.probesPerSecond.toFixed(1)} probes/s`));
  const age = stats.lastUpdate === undefined ? undefined : Math.max(0, Math.round((now() - stats.lastUpdate) / 1000));
  parts.push(paint('dim', stats.lastUpdate === undefined ? 'waiting for data' : `updated ${clockTime(stats.lastUpdate)}${age && age > 5 ? ` (${age}s ago)` : ''}`));
  return <Text wrap="truncate-end">{parts.join('  ')}</Text>;
}
