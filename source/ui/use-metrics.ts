import { useStore } from 'zustand';
import type { MetricSummary } from '../metrics/summary.js';
import type { FleetStore } from '../state/fleet-state.js';

/** The store updates its metrics in place: re-render on each new version, read the table as it is now. */
export function useMetrics(store: FleetStore): Readonly<Record<string, MetricSummary>> {
  useStore(store, (s) => s.metricsVersion);
  return store.getState().metrics;
}
