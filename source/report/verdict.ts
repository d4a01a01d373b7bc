import { MIN_SAMPLES_FLOOR } from '../alerts/rule-observation.js';
import { formatDuration } from '../core/duration.js';
import type { ApiConfig, Config } from '../config/types.js';
import type { RuleStatusEntry } from '../core/rules.js';

/** An API a check could not judge, and what would have been enough. */
export interface NoVerdict {
  api: string;
  samples: number;
  samplesNeeded: number;
  /** samplesNeeded probe intervals: the first probe comes within one interval, each next one an interval later. */
  enoughMs: number;
}

/**
 * The probes an API needs before every rule (and SLO alarm) on it can judge: the largest minSamples among them, never
 * fewer than the floor no rule fires below. Without rules one probe is a finding.
 */
export function samplesNeeded(api: ApiConfig): number {
  const minimums = [...api.rules.map((rule) => rule.minSamples), ...(api.slo ? [api.slo.minSamples] : [])];
  return minimums.length === 0 ? 1 : Math.max(MIN_SAMPLES_FLOOR, ...minimums);
}

export function enoughDurationMs(api: ApiConfig): number {
  return samplesNeeded(api) * api.intervalMs;
}

/**
 * The APIs left without a verdict at the end of a run: no sample at all, or a rule still on insufficient data
 * (too few samples, or no value to read, such as a latency with no successful response).
 */
export function apisWithoutVerdict(config: Config, apis: readonly { id: string; samples: number; rules: readonly RuleStatusEntry[] }[]): NoVerdict[] {
  const byId = new Map(config.apis.map((api) => [api.id, api]));
  return apis.flatMap((report) => {
    const api = byId.get(report.id);
    if (!api) return [];
    const undecided = report.samples === 0 || report.rules.some((rule) => rule.status === 'insufficient_data');
    return undecided ? [{ api: report.id, samples: report.samples, samplesNeeded: samplesNeeded(api), enoughMs: enoughDurationMs(api) }] : [];
  });
}

const listed = (names: string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** Before probing: the APIs a run of `durationMs` (typed as `typed`) cannot judge, in one line; undefined when it is long enough for all. */
export function shortRunWarning(config: Config, durationMs: number, typed: string): string | undefined {
  const short = config.apis.filter((api) => api.url !== undefined && enoughDurationMs(api) > durationMs);
  if (short.length === 0) return undefined;
  const longest = Math.max(...short.map(enoughDurationMs));
  const each = short.map((api) => `${api.id} (${samplesNeeded(api)} samples x ${formatDuration(api.intervalMs)})`);
  return `--duration ${typed} is too short to judge ${listed(each)}; --duration ${formatDuration(longest)} would be enough`;
}

/** After the run: why there is no verdict, in one line, with the --duration that would be enough where more samples would do. */
export function noVerdictMessage(undecided: readonly NoVerdict[]): string {
  const short = undecided.filter((u) => u.samples < u.samplesNeeded);
  const each = undecided.map((u) =>
    u.samples < u.samplesNeeded ? `${u.api} (${u.samples} of ${u.samplesNeeded} samples)` : `${u.api} (${u.samples} samples, none its rules could read)`,
  );
  const longer = short.length === 0 ? '' : `; run with --duration ${formatDuration(Math.max(...short.map((u) => u.enoughMs)))} or longer`;
  return `no verdict: too little data to judge ${listed(each)}${longer}`;
}
