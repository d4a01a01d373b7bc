import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import { Lines } from './Lines.js';
import type { Painter, Run } from './paint.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
}

const KEYS: Record<string, [string, string][]> = {
  // Help and quit first: a narrow terminal cuts the end of the line, and these two explain the rest.
  dashboard: [
    ['?', 'help'],
    ['q', 'quit'],
    ['↑↓', 'move'],
    ['Enter', 'detail'],
    ['A', 'alarms'],
    ['a', 'ack'],
    ['m', 'mute'],
    ['u', 'unmute'],
    ['n', 'notifications'],
    ['o', 'owner'],
    ['/', 'filter'],
    ['t', 'team'],
    ['s', 'sort'],
  ],
  filter: [
    ['type', 'filter name, family, team'],
    ['Enter', 'keep'],
    ['Esc', 'clear'],
  ],
  alarms: [
    ['↑↓ jk', 'move'],
    ['a', 'ack'],
    ['U', 'un-ack'],
    ['m', 'mute'],
    ['u', 'unmute'],
    ['Esc/Tab', 'back'],
  ],
  detail: [['Esc/Enter', 'back'], ['q', 'back']],
  notifications: [['Esc', 'back']],
  owner: [['Esc/Enter', 'back'], ['q', 'back']],
  help: [['Esc/?', 'back']],
  teams: [
    ['↑↓ jk', 'move'],
    ['Enter', 'show team'],
    ['Esc', 'back'],
  ],
};

/** The keys that work in the current view, or the answer to the last key. */
export function Footer({ store, painter, width }: Props) {
  const view = useStore(store, (s) => s.ui.view);
  const draft = useStore(store, (s) => s.ui.filterDraft);
  const notice = useStore(store, (s) => s.ui.notice);
  if (notice !== undefined) return <Lines lines={[painter.paint('accent', notice)]} width={width} />;
  const keys = draft !== undefined ? KEYS.filter! : (KEYS[view] ?? KEYS.dashboard!);
  const runs: Run[] = draft !== undefined ? [['accent', `/${draft}█`], [undefined, '  ']] : [];
  keys.forEach(([key, what], i) => runs.push([undefined, i === 0 ? '' : '  '], ['accent', key], [undefined, ' '], ['dim', what]));
  return <Lines lines={[painter.line(runs)]} width={width} />;
}
