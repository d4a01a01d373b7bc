import { useRef, type RefObject } from 'react';
import { useStore } from 'zustand';
import { selectedRowIndex } from '../state/selectors.js';
import type { AlarmView } from '../state/alarm-view.js';
import type { FleetStore } from '../state/fleet-state.js';
import { rowAlarmStatus } from './alarm-text.js';
import { withVantages } from './vantage-text.js';
import { renderListLines } from './list-window.js';
import { columnHeadings, columnsFor, firstProbeStatus, fit, formatGroupHeader, formatRow, rowWidth, sparkHeading } from './format-row.js';
import { sparkMax, timeCells, type SparkCell } from './sparkline.js';
import type { DisplayLine } from '../state/selectors.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';
import { useMetrics } from './use-metrics.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
  /** The first list line shown, kept by the caller when it maps clicks to rows. */
  topRef?: RefObject<number>;
}

/** "21–40 of 57 ↓": which API rows the screen shows, and whether more are below; undefined when all fit. */
function positionText(shown: readonly DisplayLine[], total: number, more: boolean): string | undefined {
  const rowsShown = shown.flatMap((line) => (line.kind === 'api' ? [line.row] : []));
  if (rowsShown.length === 0 || (rowsShown.length === total && !more)) return undefined;
  return `${rowsShown[0]! + 1}–${rowsShown.at(-1)! + 1} of ${total}${more ? ' ↓' : ''}`;
}

/** The grouped API list, virtualised: only the rows on screen are formatted. */
export function FleetList({ store, painter, width, height, topRef }: Props) {
  const rows = useStore(store, (s) => s.selectRows(s));
  const metrics = useMetrics(store);
  const selected = useStore(store, (s) => selectedRowIndex(s.selectRows(s), s.ui));
  const alarms = useStore(store, (s) => s.alarms);
  const vantages = useStore(store, (s) => s.vantages);
  const health = useStore(store, (s) => s.health);
  const startedAt = useStore(store, (s) => s.stats.startedAt);
  const lastUpdate = useStore(store, (s) => s.stats.lastUpdate);
  const spanMs = useStore(store, (s) => s.config.defaults.sparklineMs);
  const sharedScale = useStore(store, (s) => s.ui.sharedScale);
  const filtering = useStore(store, (s) => s.ui.filterDraft !== undefined || s.ui.filterText !== '' || s.ui.team !== undefined);
  const ownTop = useRef(0);
  const top = topRef ?? ownTop;
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
  // Every row covers the same span, up to the engine's last flush (the clock of the figures shown).
  const now = lastUpdate ?? startedAt;
  const cells = new Map<string, SparkCell[]>();
  for (const line of window.lines) {
    const summary = line.kind === 'api' ? metrics[line.api.id] : undefined;
    if (line.kind === 'api' && summary?.historyAt) cells.set(line.api.id, timeCells(summary.history, summary.historyAt, now, spanMs, cols.spark));
  }
  // One scale for the screen: 30 ms and 1.1 s no longer draw alike.
  const scaleMs = sharedScale
    ? Math.max(
        100,
        ...window.lines.map((line) => (line.kind === 'api' ? sparkMax(cells.get(line.api.id) ?? (metrics[line.api.id]?.history ?? []).slice(-cols.spark)) : 0)),
      )
    : undefined;
  const lines = window.lines.map((line) => {
    if (line.kind === 'group') return formatGroupHeader(line.team, line, width - 1, painter);
    const summary = metrics[line.api.id];
    const status = withVantages(rowAlarmStatus(alarmsByApi.get(line.api.id) ?? []) ?? firstProbeStatus(line.api, summary, startedAt), vantages?.[line.api.id], cols.lastError);
    return formatRow({ api: line.api, summary, health: health.of.get(line.api.id) ?? 'unknown', selected: line.row === selected, status, scaleMs, spark: cells.get(line.api.id) }, cols, painter);
  });
  const headings = columnHeadings(cols, sparkHeading(cols, spanMs, scaleMs));
  const position = positionText(window.lines, rows.apis.length, window.top + window.lines.length < rows.lines.length);
  const heading = position === undefined ? headings : `${fit(headings, Math.max(0, width - position.length - 2))} ${position}`;
  // Rows are built to the column widths: only a terminal too narrow for the narrowest columns needs cutting.
  return <Lines lines={[painter.paint('dim', heading), ...lines]} width={width} fitted={rowWidth(cols) <= width && position === undefined} />;
}
