import { useStore } from 'zustand';
import type { FleetStore } from '../state/fleet-state.js';
import { footerBindings, footerText, modeOf } from './key-table.js';
import { Lines } from './Lines.js';
import type { Painter, Run } from './paint.js';
import { stringWidth } from '../text/text-width.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
}

/**
 * The keys that work right now (from the key table), the most used first, as many whole ones as fit, and
 * `? more` always last (the help lists the rest); or the answer to the last key.
 */
export function Footer({ store, painter, width }: Props) {
  const mode = useStore(store, modeOf);
  const draft = useStore(store, (s) => s.ui.filterDraft);
  const notice = useStore(store, (s) => s.ui.notice);
  // As one string, so the footer draws again only when its words change (a dialog's follow its step).
  const words = useStore(store, (s) => footerBindings(modeOf(s), undefined, s).map((b) => `${b.keys.includes('?') ? '?' : ''}\t${footerText(b, s).label}\t${footerText(b, s).does}`).join('\n'));
  if (notice !== undefined) return <Lines lines={[painter.paint('accent', notice)]} width={width} />;
  const runs: Run[] = mode === 'filter' ? [['accent', `/${draft ?? ''}█`], [undefined, '  ']] : [];
  let used = runs.reduce((sum, [, text]) => sum + stringWidth(text), 0);
  const items = words === '' ? [] : words.split('\n').map((line) => {
    const [help, label, does] = line.split('\t') as [string, string, string];
    return { help: help === '?', label, does };
  });
  const last = items.at(-1)?.help ? items.pop() : undefined;
  const cost = (item: { label: string; does: string }, gap: boolean): number => stringWidth(`${gap ? '  ' : ''}${item.label} ${item.does}`);
  const reserve = last ? cost(last, true) : 0;
  const push = (item: { label: string; does: string }): void => {
    const gap = used === 0 ? '' : '  ';
    runs.push([undefined, gap], ['accent', item.label], [undefined, ' '], ['dim', item.does]);
    used += cost(item, gap !== '');
  };
  for (const item of items) {
    if (used + cost(item, used > 0) + reserve > width) break;
    push(item);
  }
  if (last && used + cost(last, used > 0) <= width) push(last);
  return <Lines lines={[painter.line(runs)]} width={width} />;
}
