import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import { footerBindings, modeOf } from './key-table.js';
import { Lines } from './Lines.js';
import type { Painter, Run } from './paint.js';
import { stringWidth } from '../text/text-width.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
}

/** The keys that work right now (from the key table), as many whole ones as fit; or the answer to the last key. */
export function Footer({ store, painter, width }: Props) {
  const mode = useStore(store, modeOf);
  const draft = useStore(store, (s) => s.ui.filterDraft);
  const notice = useStore(store, (s) => s.ui.notice);
  if (notice !== undefined) return <Lines lines={[painter.paint('accent', notice)]} width={width} />;
  const runs: Run[] = mode === 'filter' ? [['accent', `/${draft ?? ''}█`], [undefined, '  ']] : [];
  let used = runs.reduce((sum, [, text]) => sum + stringWidth(text), 0);
  for (const binding of footerBindings(mode)) {
    const gap = used === 0 ? '' : '  ';
    const cost = stringWidth(`${gap}${binding.label} ${binding.does}`);
    if (used + cost > width) break;
    runs.push([undefined, gap], ['accent', binding.label], [undefined, ' '], ['dim', binding.does]);
    used += cost;
  }
  return <Lines lines={[painter.line(runs)]} width={width} />;
}
