import { Text } from 'ink';
import { useStore } from 'zustand';
import { selectedRowIndex } from '../state/selectors.js';
import { ownershipCardLines } from '../ownership/ownership-card.js';
import type { FleetStore } from '../state/fleet-state.js';
import { Lines } from './Lines.js';
import type { Painter } from './paint.js';

interface Props {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
}

/** The selected API's steward, contacts, SLA policy, alarm routes and escalation levels. */
export function OwnershipCard({ store, painter, width, height }: Props) {
  const rows = useStore(store, (s) => s.selectRows(s));
  const selected = useStore(store, (s) => selectedRowIndex(s.selectRows(s), s.ui));
  const config = useStore(store, (s) => s.config);
  const api = rows.apis[selected];
  if (!api) return <Text>No API selected.</Text>;
  return <Lines lines={ownershipCardLines(config, api, painter.paint).slice(0, height)} width={width} />;
}
