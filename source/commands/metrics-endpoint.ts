import type { Config } from '../config/types.js';
import { vantageName } from '../config/vantage.js';
import type { Exporter } from '../metrics-endpoint/exporter.js';
import type { Flags } from './context.js';
import { UsageError } from './errors.js';

export interface MetricsEndpoint {
  exporter: Exporter;
  port: number;
  close(): Promise<void>;
}

/** --metrics-port PORT [--metrics-host HOST]: serve /metrics while the command runs; nothing without the flag. */
export async function openMetricsEndpoint(config: Config, flags: Pick<Flags, 'metricsPort' | 'metricsHost'>): Promise<MetricsEndpoint | undefined> {
  if (flags.metricsPort === undefined) return undefined;
  const port = Number(flags.metricsPort);
  if (!/^\d+$/.test(flags.metricsPort) || port > 65535) {
    throw new UsageError(`invalid --metrics-port "${flags.metricsPort}" (use a port number 0-65535; 0 picks a free one)`);
  }
  // prom-client loads only for the flag: every other run goes without it.
  const [{ Exporter }, { startMetricsServer }] = await Promise.all([import('../metrics-endpoint/exporter.js'), import('../metrics-endpoint/metrics-server.js')]);
  const exporter = new Exporter(config.apis, vantageName(config.defaults));
  try {
    const server = await startMetricsServer({ exporter, port, host: flags.metricsHost });
    return { exporter, port: server.port, close: () => server.close() };
  } catch (error) {
    throw new UsageError(`cannot serve metrics on ${flags.metricsHost ?? '127.0.0.1'}:${port}: ${(error as Error).message}`);
  }
}
