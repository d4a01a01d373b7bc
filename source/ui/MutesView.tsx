import { useRef } from 'react';
import { useStore } from 'zustand';
import { describeScope, scopeCovers } from '../alerts/mutes.js';
import type { MuteScope } from '../core/alarm.js';
import { formatDuration } from '../core/duration.js';
import { sanitize } from '../text/sanitize.js';
import { clockTime } from './clock-time.js';
import { fit } from './format-row.js';
import { Lines } from './Lines.js';
import type { ViewProps } from './view-props.js';

/** The scope as the mute prompt offered it: a rule mute covers that rule on every API. */
function scopeText(scope: MuteScope): string {
  return scope.kind === 'rule' ? `${describeScope(scope)} everywhere` : describeScope(scope);
}

/** Every active mute: what it covers, who made it and why, from when until when; `u` lifts the selected one. */
export function MutesView({ store, painter, width, height, now }: ViewProps) {
  const mutes = useStore(store, (s) => s.selectMutes(s));
  const filtered = useStore(store, (s) => s.selectMutes(s).length !== s.mutes.length);
  const alarms = useStore(store, (s) => s.alarms);
  const cursor = useStore(store, (s) => {
    const shown = s.selectMutes(s);
    const at = shown.findIndex((m) => m.id === s.ui.selectedMute);
    return at >= 0 ? at : Math.min(s.ui.muteCursor, shown.length - 1);
  });
  const top = useRef(0);
  const { paint } = painter;
  const heading = paint('title', `Active mutes (${mutes.length})`) + paint('dim', '   u unmute · Esc back');
  if (mutes.length === 0) return <Lines lines={[heading, paint('dim', filtered ? 'No mute matches the filter: Esc clears it.' : 'Nothing is muted.')]} width={width} />;
  const listHeight = Math.max(1, height - 2);
  if (cursor < top.current) top.current = cursor;
  if (cursor >= top.current + listHeight) top.current = cursor - listHeight + 1;
  const w = { scope: Math.max(20, Math.min(40, width - 56)), covers: 8, by: 10, from: 5, until: 14 };
  const reasonWidth = Math.max(8, width - (w.scope + w.covers + w.by + w.from + w.until + 7));
  const columns = `  ${fit('scope', w.scope)} ${fit('covers', w.covers)} ${fit('by', w.by)} ${fit('from', w.from)} ${fit('until', w.until)} reason`;
  const at = now();
  const lines = mutes.slice(top.current, top.current + listHeight).map((mute, i) => {
    const index = top.current + i;
    const covered = alarms.filter((v) => v.alarm.state !== 'resolved' && scopeCovers(mute.scope, v.alarm)).length;
    const until = `${clockTime(mute.until, false)} (${formatDuration(Math.max(0, mute.until - at))})`;
    const silence = mute.silenceId ? ` · silence ${sanitize(mute.silenceId)}` : '';
    const line =
      `${index === cursor ? '›' : ' '} ${fit(scopeText(mute.scope), w.scope)} ${fit(`${covered} alarm${covered === 1 ? '' : 's'}`, w.covers)} ` +
      `${fit(sanitize(mute.by), w.by)} ${fit(clockTime(mute.createdAt, false), w.from)} ${fit(until, w.until)} ${fit(sanitize(mute.reason ?? '') + silence, reasonWidth)}`;
    return index === cursor ? painter.selected(line) : line;
  });
  return <Lines lines={[heading, paint('dim', fit(columns, width)), ...lines]} width={width} />;
}
