import { useRef } from 'react';
import { useStore } from 'zustand';

import type { FleetStore } from '../state/fleet-state.js';
import type { MessageEntry } from '../state/notification-list.js';
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

/** One record: when, what, the receiver's status and why. */
function recordText(r: DeliveryRecord, paint: Painter['paint']): string {
  const status = r.status !== undefined ? ` ${r.status}` : '';
  const attempt = r.record === 'attempt' ? ` #${r.attempt}` : '';
  return `${clockTime(r.at)} ${paint(OUTCOME_ROLE[r.record] ?? 'dim', `${r.record}${attempt}`)}${status}${r.reason ? paint('dim', ` · ${sanitize(r.reason)}`) : ''}`;
}

/** A message's one line: when it was sent, its final state, the channel, what it carried, the last reason. */
function messageLine(m: MessageEntry, paint: Painter['paint']): string {
  const { last } = m;
  const events = last.events.map((e) => `${e.kind} ${e.alarmId} via ${e.route}`).join(', ');
  const tries = m.records.filter((r) => r.record === 'attempt').length;
  const status = last.status !== undefined ? ` ${last.status}` : '';
  const attempts = tries > 1 ? ` (${tries} tries)` : '';
  return (
    `${clockTime(m.records[0]!.at)} ${paint(OUTCOME_ROLE[last.record] ?? 'dim', fit(last.record, 9))} ${fit(sanitize(last.channel), 14)}${status}${attempts} ` +
    `${sanitize(events)}${last.reason ? paint('dim', ` · ${sanitize(last.reason)}`) : ''}`
  );
}

/** Per channel: deliveries, failures and queue depth; then one line per message with its state now, `Enter` for its attempts. */
export function NotificationsView({ store, painter, width, height }: Props) {
  const { recent, queue } = useStore(store, (s) => s.notifications);
  const messages = useStore(store, (s) => s.selectMessages(s));
  const channels = useStore(store, (s) => s.config.channels);
  const selectedKey = useStore(store, (s) => s.ui.selectedMessage);
  const cursorHint = useStore(store, (s) => s.ui.messageCursor);
  const open = useStore(store, (s) => s.ui.openMessage);
  const top = useRef(0);
  const { paint } = painter;
  const lines = [paint('title', 'Notifications') + paint('dim', '   per channel, then each message · Enter its attempts · Esc back')];
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
  lines.push('', paint('title', `Messages (${messages.length})`));
  if (messages.length === 0) {
    lines.push(paint('dim', recent.length > 0 ? '  No message matches the filter: Esc clears it.' : '  none yet'));
    return <Lines lines={lines.slice(0, height)} width={width} />;
  }
  const found = messages.findIndex((m) => m.key === selectedKey);
  const cursor = found >= 0 ? found : Math.min(cursorHint, messages.length - 1);
  const opened = messages[cursor]?.key === open ? messages[cursor]!.records.map((r) => `      ${recordText(r, paint)}`) : [];
  const room = Math.max(1, height - lines.length - opened.length);
  if (cursor < top.current) top.current = cursor;
  if (cursor >= top.current + room) top.current = cursor - room + 1;
  top.current = Math.max(0, Math.min(top.current, Math.max(0, messages.length - room)));
  messages.slice(top.current, top.current + room).forEach((m, i) => {
    const index = top.current + i;
    const line = `${index === cursor ? '›' : ' '} ${messageLine(m, paint)}`;
    lines.push(index === cursor ? painter.selected(line) : line);
    if (index === cursor) lines.push(...opened);
  });
  return <Lines lines={lines.slice(0, height)} width={width} />;
}
