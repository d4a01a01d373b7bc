import type { FleetStore } from '../state/fleet-state.js';
import type { Painter } from './paint.js';

/** What a full-screen view of the dashboard is given: the store it renders, how to paint, its size and the time. */
export interface ViewProps {
  store: FleetStore;
  painter: Painter;
  width: number;
  height: number;
  now: () => number;
}
