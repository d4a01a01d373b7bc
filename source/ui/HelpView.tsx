import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import type { View } from '../state/ui-state.js';
import { helpBindings, KEY_TABLE } from './key-table.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

const LEGEND = '● healthy   ▲ degraded (slow or some errors)   ✘ failing   ○ no data yet   × in a sparkline: a failed probe';

const VIEW_NAMES: Record<View, string> = {
  dashboard: 'the dashboard',
  detail: "an API's detail",
  help: 'help',
  teams: 'the team picker',
  alarms: 'the alarms view',
  alarm: "an alarm's detail",
  mutes: 'the mutes view',
  owner: 'the ownership card',
  notifications: 'the notifications view',
  maintenance: 'the maintenance view',
};

/** The legend, then the keys of the view help was opened from, written from the key table. */
export function HelpView({ store, painter, width, height }: { store: FleetStore; painter: Painter; width: number; height: number }) {
  const from = useStore(store, (s) => s.ui.back.at(-1) ?? 'dashboard');
  const bindings = helpBindings(from);
  const keyWidth = Math.max(...KEY_TABLE.map((b) => b.label.length)) + 2;
  // The legend first: a short terminal cuts the end of the key list, not the one line that explains the glyphs.
  const lines = [
    painter.paint('title', 'Legend'),
    `  ${LEGEND}`,
    painter.paint('title', `Keys in ${VIEW_NAMES[from]}`),
    ...bindings.map((b) => `  ${painter.paint('accent', b.label.padEnd(keyWidth))}${b.help}`),
  ];
  return <Lines lines={lines.slice(0, height)} width={width} />;
}
