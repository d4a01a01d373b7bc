import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import type { View } from '../state/ui-state.js';
import { stringWidth } from '../text/text-width.js';
import { helpBindings, KEY_TABLE, MODE_NAMES, type KeyBinding } from './key-table.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

/** Every symbol the screens draw, and what it means. */
export const LEGEND: readonly string[] = [
  '● healthy',
  '▲ degraded (slow or some errors), or a warning alarm',
  '✘ failing',
  '○ no data yet',
  '× in a sparkline: a failed probe',
  '‼ a page alarm',
  '! a critical alarm',
  'i an info alarm',
  '~ flapping: the alarm keeps firing and clearing',
  'L1 L2 … the escalation level reached',
  'BREACH an SLA clock is overdue',
  '+2 more alarms on the same API',
  '› the selection',
  '▸ a team and its APIs',
];

/** Splits text into lines of at most `width` cells, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (stringWidth(next) <= width || current === '') current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  return [...lines, current];
}

/** Entries three spaces apart, as many to a line as fit: an entry is split only when it is wider than a line. */
export function pack(entries: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    if (last !== undefined && stringWidth(`${last}   ${entry}`) <= width) lines[lines.length - 1] = `${last}   ${entry}`;
    else lines.push(...wrap(entry, width));
  }
  return lines;
}

/** The help's lines for a width: the legend, the keys of the view it was opened from, then every other key and where it works. */
export function helpLines(from: View, width: number, painter: Painter): string[] {
  const here = helpBindings(from);
  const elsewhere = KEY_TABLE.filter((b) => !here.includes(b));
  const keyWidth = Math.max(...KEY_TABLE.map((b) => stringWidth(b.label))) + 2;
  const textWidth = Math.max(20, width - 2 - keyWidth);
  const entry = (b: KeyBinding, text: string): string[] =>
    wrap(text, textWidth).map((part, i) => `  ${i === 0 ? painter.paint('accent', b.label.padEnd(keyWidth)) : ' '.repeat(keyWidth)}${part}`);
  const legend = pack(LEGEND, width - 2).map((line) => `  ${line}`);
  return [
    painter.paint('title', 'Legend'),
    ...legend,
    painter.paint('title', `Keys in ${MODE_NAMES[from]}`),
    ...here.flatMap((b) => entry(b, b.help)),
    painter.paint('title', 'Keys in other views'),
    ...elsewhere.flatMap((b) => entry(b, `${b.help} (in ${b.modes.map((m) => MODE_NAMES[m]).join(', ')})`)),
  ];
}

/** The help, scrolled (`j`/`k`, PgUp/PgDn, Home/End): the last line says when more is below. */
export function HelpView({ store, painter, width, height }: { store: FleetStore; painter: Painter; width: number; height: number }) {
  const from = useStore(store, (s) => s.ui.back.at(-1) ?? 'dashboard');
  const wanted = useStore(store, (s) => s.ui.helpTop);
  const lines = helpLines(from, width, painter);
  const last = Math.max(0, lines.length - height + 1);
  const top = Math.min(wanted, last);
  // Scrolling past the end leaves the help where it is: the next `k` moves it at once.
  useEffect(() => {
    if (wanted > last) store.getState().actions.scrollHelp(last - wanted);
  }, [wanted, last, store]);
  if (lines.length <= height) return <Lines lines={lines} width={width} />;
  const more = top < last;
  const shown = lines.slice(top, top + height - 1);
  const position = painter.paint('dim', `${more ? '↓ more: j, PgDn, End' : 'the end: k, PgUp, Home'} · lines ${top + 1}–${top + shown.length} of ${lines.length}`);
  return <Lines lines={[...shown, position]} width={width} />;
}
