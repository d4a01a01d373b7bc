import { Agent, type Dispatcher } from 'undici';
import type { Config } from '../config/types.js';
import { HttpProber } from '../probe/http-prober.js';
import { PrometheusFigures } from '../sources/prometheus-figures.js';
import { fullUserAgent, hasContact, isLoopback } from '../probe/user-agent.js';
import { createFleetStore, type FleetStore } from '../state/store.js';
import { systemClock, type Clock } from './clock.js';
import { Engine, type EngineOptions } from './engine.js';

export interface Runtime {
  store: FleetStore;
  start(): void;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  team?: string | undefined;
  onStart?: EngineOptions['onStart'];
  flushMs?: number;
  /** Every probe result as it arrives: the metrics exporter counts them. */
  onSample?: EngineOptions['onSample'];
  /** For queries to Prometheus sources; the runtime makes (and closes) its own when none is given. */
  sourceDispatcher?: Dispatcher;
}

const UNDICI_VERSION = '7';

/** Assembles prober, engine and store for one config: the same for the dashboard and the headless commands. */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const clock = options.clock ?? systemClock;
  const store = createFleetStore(config, { team: options.team, now: clock.now() });
  const longestInterval = Math.max(...config.apis.map((a) => a.intervalMs), config.defaults.intervalMs);
  const prober = new HttpProber({
    userAgent: fullUserAgent(config.defaults.userAgent, UNDICI_VERSION),
    maxBodyBytes: config.defaults.maxBodyBytes,
    connectionsPerOrigin: config.defaults.concurrency,
    keepAliveMs: longestInterval + 30_000,
    now: () => clock.now(),
  });
  const usesSources = config.apis.some((a) => a.source !== undefined);
  const ownDispatcher = usesSources && !options.sourceDispatcher ? new Agent({ keepAliveTimeout: longestInterval + 30_000 }) : undefined;
  const dispatcher = options.sourceDispatcher ?? ownDispatcher;
  const external = usesSources && dispatcher ? new PrometheusFigures({ config, clock, dispatcher }) : undefined;
  const engine = new Engine({
    config,
    store,
    clock,
    probe: (api) => prober.probe(api),
    onStart: options.onStart,
    flushMs: options.flushMs,
    onSample: options.onSample,
    external,
  });
  for (const warning of userAgentWarnings(config)) store.getState().actions.addWarning(warning);
  return {
    store,
    start: () => engine.start(),
    stop: async () => {
      await engine.stop();
      await prober.close();
      await ownDispatcher?.close();
    },
  };
}

/** Probing someone else's production without saying who we are gets us blocked: say so up front. */
export function userAgentWarnings(config: Config): string[] {
  const external = config.apis.filter((a) => a.url !== undefined && !isLoopback(a.url) && !hasContact(a.headers['user-agent'] ?? config.defaults.userAgent));
  if (external.length === 0) return [];
  return [
    `${external.length} non-loopback API(s) are probed with a User-Agent that has no contact (e.g. ${external[0]!.id}); ` +
      'set defaults.userAgent to "name/version (https://your.site; you@example.org)"',
  ];
}
