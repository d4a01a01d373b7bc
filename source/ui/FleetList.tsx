import { useRef } from 'react';
import { useStore } from 'zustand';
import { selectedRowIndex } from '../state/selectors.js';
import type { AlarmView } from '../state/alarm-view.js';
import type { FleetStore } from '../state/fleet-state.js';
import { rowAlarmStatus } from './alarm-text.js';
import { renderListLines } from './list-window.js';
import { columnHeadings, columnsFor, firstProbeStatus, formatGroupHeader, formatRow, rowWidth } from './format-row.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';
import { useMetrics } from './use-metrics.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
}

/** The grouped API list, virtualised: only the rows on screen are formatted. */
export function FleetList({ store, painter, width, height }: Props) {
  const rows = useStore(store, (s) => s.selectRows(s));
  const metrics = useMetrics(store);
  const selected = useStore(store, (s) => selectedRowIndex(s.selectRows(s), s.ui));
  const alarms = useStore(store, (s) => s.alarms);
  const health = useStore(store, (s) => s.health);
  const startedAt = useStore(store, (s) => s.stats.startedAt);
  const filtering = useStore(store, (s) => s.ui.filterDraft !== undefined || s.ui.filterText !== '' || s.ui.team !== undefined);
  const top = useRef(0);
  const cols = columnsFor(width);
  const listHeight = Math.max(1, height - 1);

  if (rows.apis.length === 0) {
    const message = filtering ? 'No API matches the filter. Esc clears it, t picks another team.' : 'No APIs configured.';
    return <Lines lines={[painter.paint('dim', columnHeadings(cols)), painter.paint('dim', message)]} width={width} />;
  }

  const window = renderListLines(rows, selected, listHeight, top.current);
  top.current = window.top;
  const alarmsByApi = new Map<string, AlarmView[]>();
  for (const view of alarms) alarmsByApi.set(view.alarm.apiId, [...(alarmsByApi.get(view.alarm.apiId) ?? []), view]);
  const lines = window.lines.map((line) => {
    if (line.kind === 'group') return formatGroupHeader(line.team, line, width - 1, painter);
    const summary = metrics[line.api.id];
    const status = rowAlarmStatus(alarmsByApi.get(line.api.id) ?? []) ?? firstProbeStatus(line.api, summary, startedAt);
    return formatRow({ api: line.api, summary, health: health.of.get(line.api.id) ?? 'unknown', selected: line.row === selected, status }, cols, painter);
  });
  // Rows are built to the column widths: only a terminal too narrow for the narrowest columns needs cutting.
  return <Lines lines={[painter.paint('dim', columnHeadings(cols)), ...lines]} width={width} fitted={rowWidth(cols) <= width} />;
}
