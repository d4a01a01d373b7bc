import { useStore } from 'zustand';
import { teamChoices } from '../state/store.js';
import type { FleetStore } from '../state/fleet-state.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

export function TeamPicker({ store, painter, width, height }: { store: FleetStore; painter: Painter; width: number; height: number }) {
  const config = useStore(store, (s) => s.config);
  const cursor = useStore(store, (s) => s.ui.teamCursor);
  const current = useStore(store, (s) => s.ui.team);
  const choices = teamChoices(config);
  const visible = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(cursor - Math.floor(visible / 2), choices.length - visible));
  const lines = choices.slice(top, top + visible).map((choice, i) => {
    const index = top + i;
    const mark = choice.id === current ? ' (showing)' : '';
    const text = `${index === cursor ? '›' : ' '} ${choice.label}${mark}`;
    return index === cursor ? painter.selected(painter.paint('accent', text)) : text;
  });
  return <Lines lines={[painter.paint('title', 'Show which team?'), ...lines]} width={width} />;
}
