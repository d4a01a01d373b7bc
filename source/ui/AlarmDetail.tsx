import { useStore } from 'zustand';
import { selectedAlarmView } from '../state/alarm-actions.js';
import { alarmDetailLines } from './alarm-detail.js';
import { Lines } from './Lines.js';
import type { ViewProps } from './view-props.js';

/** The selected alarm's whole story; the end of the timeline is what a short terminal loses. */
export function AlarmDetail({ store, painter, width, height, now }: ViewProps) {
  const view = useStore(store, selectedAlarmView);
  const config = useStore(store, (s) => s.config);
  const log = useStore(store, (s) => s.alarmLog);
  const deliveries = useStore(store, (s) => s.notifications.recent);
  const noData = useStore(store, (s) => (view ? (s.ruleStatus[view.alarm.apiId]?.some((r) => r.rule === view.alarm.rule && r.noData === true) ?? false) : false));
  if (!view) return <Lines lines={[painter.paint('dim', 'The alarm is gone: it cleared, or resolved long enough ago. No key here acts on another alarm; Esc goes back.')]} width={width} />;
  const lines = alarmDetailLines({ view, config, log, deliveries, now: now(), noData }, painter);
  return <Lines lines={lines.slice(0, height)} width={width} />;
}
