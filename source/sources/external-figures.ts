import type { RecentError, SourcedFigure } from '../metrics/summary.js';
import type { MetricName } from '../core/rules.js';

/** What a source other than our own probes knows about one API. */
export interface SourceFigures {
  /**
   * The latest good value of each metric the source queries, while it is fresh enough to count: ms for latency,
   * fractions 0..1 for rates. A metric left out is no data (never answered, answered nothing, or stale).
   */
  values: Partial<Record<MetricName, number>>;
  /** Every metric the source queries: where it comes from, how old it is, and its stale value once it no longer counts. */
  sourced: Partial<Record<MetricName, SourcedFigure>>;
  /** Successful readings inside the window (back-filled points included): the rules' minimum-samples guard reads it. */
  samples: number;
  /** The sparkline's latency in ms, oldest first. */
  history: number[];
  /** When each point of `history` was read (epoch ms). */
  historyAt?: number[] | undefined;
  lastSampleAt?: number | undefined;
  /** The latest reading's failure, if it failed; cleared by the next good reading. */
  currentError?: RecentError | undefined;
  /** Failures inside the window, newest first. */
  recentErrors: RecentError[];
}

/** Figures from outside the probe loop, merged into the APIs' summaries by the engine. */
export interface ExternalFigures {
  /** Starts reading; `changed` is called with an API id whenever that API's figures change. */
  start(changed: (apiId: string) => void): void;
  stop(): Promise<void>;
  /** Undefined for an API this source does not serve. */
  read(apiId: string, now: number): SourceFigures | undefined;
}
