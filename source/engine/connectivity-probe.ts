import type { ApiConfig, Config } from '../config/types.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Outcome, ProbeSample } from '../core/probe-sample.js';

/** The id the connectivity URL's probes carry; not an API, so never in the windows or the alarms. */
const CONNECTIVITY_ID = 'defaults.connectivity.url';

/** defaults.connectivity.url as the prober takes it: a GET on the fleet's interval and timeout, any answer fine. */
export function connectivityTarget(config: Config): ApiConfig | undefined {
  const { url } = config.defaults.connectivity;
  if (url === undefined) return undefined;
  return {
    id: CONNECTIVITY_ID,
    name: 'connectivity check',
    family: CONNECTIVITY_ID,
    owner: undefined,
    url,
    method: 'GET',
    headers: {},
    allowWrite: false,
    intervalMs: config.defaults.intervalMs,
    timeoutMs: config.defaults.timeoutMs,
    expect: {},
    rules: [],
    slo: undefined,
    queries: {},
    dependsOn: [],
  };
}

export interface ConnectivityProbeOptions {
  target: ApiConfig;
  clock: Clock;
  probe: (api: ApiConfig) => Promise<ProbeSample | undefined>;
  onOutcome: (outcome: Outcome) => void;
}

/** Probes the connectivity URL one turn after another, the next an interval after the last ended. */
export class ConnectivityProbe {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ConnectivityProbeOptions) {}

  start(): void {
    this.turn();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    await this.running;
  }

  private turn(): void {
    if (this.stopped) return;
    const { target, clock, probe, onOutcome } = this.options;
    this.running = probe(target).then(
      (sample) => {
        if (sample && !this.stopped) onOutcome(sample.outcome);
        if (!this.stopped) this.timer = clock.setTimeout(() => this.turn(), target.intervalMs);
      },
      () => {
        if (!this.stopped) this.timer = clock.setTimeout(() => this.turn(), target.intervalMs);
      },
    );
  }
}
