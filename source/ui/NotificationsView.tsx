import { useStore } from 'zustand';

import type { FleetStore } from '../state/fleet-state.js';
import { sanitize } from '../text/sanitize.js';
import { clockTime } from './clock-time.js';
import { fit } from './format-row.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';
import type { DeliveryRecord } from '../core/delivery-record.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
}

const OUTCOME_ROLE: Partial<Record<DeliveryRecord['record'], 'healthy' | 'failing' | 'degraded' | 'dim'>> = {
  delivered: 'healthy',
  failed: 'failing',
  retrying: 'degraded',
};

/** Per channel: deliveries, failures and queue depth; then the latest records with the route each alarm took. */
export function NotificationsView({ store, painter, width, height }: Props) {
  const { recent, queue } = useStore(store, (s) => s.notifications);
  const channels = useStore(store, (s) => s.config.channels);
  const { paint } = painter;
  const lines = [paint('title', 'Notifications') + paint('dim', '   per channel, then the latest deliveries · Esc back')];
  const names = Object.keys(channels);
  if (names.length === 0) lines.push(paint('dim', 'No channels configured: alarms are shown here but sent nowhere.'));
  for (const name of names) {
    const mine = recent.filter((r) => r.channel === name);
    const delivered = mine.filter((r) => r.record === 'delivered').length;
    const failed = mine.filter((r) => r.record === 'failed').length;
    const last = mine.at(-1);
    const lastText = last ? `last: ${last.record} ${clockTime(last.at)}${last.reason ? ` ${sanitize(last.reason)}` : ''}` : 'nothing sent yet';
    lines.push(
      `  ${fit(name, 16)} ${fit(channels[name]!.type, 12)} ${paint('healthy', `${delivered} delivered`)}  ${paint(failed ? 'failing' : 'dim', `${failed} failed`)}  ${paint('dim', `queue ${queue[name] ?? 0}`)}  ${paint('dim', lastText)}`,
    );
  }
  lines.push('', paint('title', 'Latest'));
  const room = Math.max(0, height - lines.length);
  const latest = recent.slice(-room).reverse();
  if (latest.length === 0) lines.push(paint('dim', '  none yet'));
  for (const r of latest) {
    const events = r.events.map((e) => `${e.kind} ${e.alarmId} via ${e.route}`).join(', ');
    const status = r.status !== undefined ? ` ${r.status}` : '';
    lines.push(`  ${clockTime(r.at)} ${paint(OUTCOME_ROLE[r.record] ?? 'dim', fit(r.record, 9))} ${fit(r.channel, 14)}${status} ${sanitize(events)}${r.reason ? paint('dim', ` · ${sanitize(r.reason)}`) : ''}`);
  }
  return <Lines lines={lines.slice(0, height)} width={width} />;
}
