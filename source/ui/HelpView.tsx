import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

const HELP: [string, string][] = [
  ['↑ ↓  j k', 'move the selection'],
  ['PgUp PgDn', 'move a page'],
  ['Home End  g G', 'first / last API'],
  ['Enter', 'detail of the selected API: URL, owner, percentiles, phases, status codes, recent errors'],
  ['o', 'ownership card of the selected API: steward, contacts, SLA policy, alarm routes, escalation'],
  ['/', 'filter by name, family or team as you type; Enter keeps it, Esc clears it'],
  ['t', 'show one team (remembered for next time; also --team ID)'],
  ['s', 'cycle the sort: health, latency (p95), 5xx rate, name'],
  ['A  Tab', 'alarms view: every pending, firing, acknowledged and muted alarm with its SLA clock'],
  ['a', 'acknowledge the selected alarm (or the selected API\'s firing alarms), with an optional note'],
  ['U', 'withdraw the acknowledgement'],
  ['m', 'mute: this alarm, this API, the whole team or a rule everywhere; 15m, 1h, 4h, 1d or typed'],
  ['u', 'lift the mutes on the selection'],
  ['n', 'notifications: deliveries and failures per channel, queue depth, the route each alarm took'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit'],
];

const LEGEND = '● healthy   ▲ degraded (slow or some errors)   ✘ failing   ○ no data yet   × in a sparkline: a failed probe';

export function HelpView({ painter, width, height }: { painter: Painter; width: number; height: number }) {
  const keyWidth = Math.max(...HELP.map(([k]) => k.length)) + 2;
  const lines = [
    painter.paint('title', 'Keys'),
    ...HELP.map(([key, what]) => `  ${painter.paint('accent', key.padEnd(keyWidth))}${what}`),
    '',
    painter.paint('title', 'Legend'),
    `  ${LEGEND}`,
  ];
  return <Lines lines={lines.slice(0, height)} width={width} />;
}
