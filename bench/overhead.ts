import { Agent } from 'undici';
import { HttpProber } from '../source/probe/http-prober.js';
import { fleetConfig, median, rawLoop, startFleet } from './fleet.js';
import type { Result } from './result.js';

/**
 * (a) Measurement overhead: against a loopback server adding 20 ms, api-health's probe latency vs a bare
 * undici request loop, interleaved in the same run so both see the same machine.
 */
export async function benchOverhead(rounds: number): Promise<Result[]> {
  const fleet = await startFleet(1, 20);
  try {
    const config = fleetConfig(fleet.ports, 1, '1s');
    const api = config.apis[0]!;
    const url = api.url!;
    const prober = new HttpProber({ userAgent: config.defaults.userAgent, maxBodyBytes: 1024 * 1024, connectionsPerOrigin: 1, keepAliveMs: 60_000 });
    const raw: number[] = [];
    const ours: number[] = [];
    const agent = new Agent({ pipelining: 1, connections: 1, keepAliveTimeout: 60_000 });
    await rawLoop([url], 5, 1, agent);
    await prober.probe(api);
    for (let i = 0; i < rounds; i++) {
      raw.push(...(await rawLoop([url], 1, 1, agent)));
      const sample = await prober.probe(api);
      if (sample.outcome !== 'ok' || sample.totalMs === undefined) throw new Error(`probe failed: ${sample.message}`);
      ours.push(sample.totalMs);
    }
    await prober.close();
    await agent.close();
    const difference = median(ours) - median(raw);
    return [
      { name: 'overhead: raw undici median (20 ms server)', value: median(raw), unit: 'ms' },
      { name: 'overhead: api-health median (20 ms server)', value: median(ours), unit: 'ms' },
      { name: 'overhead: median difference', value: difference, unit: 'ms', target: '|x| <= 0.5 ms', ok: Math.abs(difference) <= 0.5 },
      { name: 'overhead: ratio api-health / raw', value: median(ours) / median(raw), unit: 'x' },
    ];
  } finally {
    fleet.stop();
  }
}
