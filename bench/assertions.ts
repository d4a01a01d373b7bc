import { setTimeout as sleep } from 'node:timers/promises';
import { createRuntime } from '../source/engine/runtime.js';
import { fleetConfig, pacedRawLoop, startFleet } from './fleet.js';
import type { Result } from './result.js';

export interface AssertionOptions {
  apis: number;
  /** Per run; each fleet runs twice, alternating, so a drift in the machine's load hits both alike. */
  seconds: number;
}

const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1_000;

/** Runs the fleet headless, as `monitor` does (no sparkline points), for `seconds` and returns CPU ms and probes. */
async function run(config: ReturnType<typeof fleetConfig>, seconds: number): Promise<{ cpu: number; probes: number; failures: number }> {
  const runtime = createRuntime(config, { sparklines: false });
  const cpuStart = process.cpuUsage();
  runtime.start();
  await sleep(seconds * 1_000);
  await runtime.stop();
  const cpu = cpuMs(process.cpuUsage(cpuStart));
  const state = runtime.store.getState();
  const failures = Object.values(state.metrics).reduce((sum, m) => sum + (m.errorRate ?? 0) * m.samples, 0);
  return { cpu, probes: state.stats.totalProbes, failures };
}

/**
 * (e) Response assertions: CPU per 1,000 probes of a fleet whose every API has one JSON expectation (the body
 * kept, parsed and queried with JSONPath) against the same fleet without expectations, in the same run; and the
 * fleet without expectations against the raw paced undici loop, each round alternating all three.
 */
export async function benchAssertions(options: AssertionOptions): Promise<Result[]> {
  const fleet = await startFleet(8, 1);
  try {
    const plain = fleetConfig(fleet.ports, options.apis, '1s');
    const checked = fleetConfig(fleet.ports, options.apis, '1s', {}, { expect: { json: [{ path: '$.ok', equals: true }] } });
    await run(plain, 2);
    const urls = plain.apis.map((a) => a.url!);
    await pacedRawLoop(urls, 1_000, 2);
    const totals = { plain: { cpu: 0, probes: 0, failures: 0 }, checked: { cpu: 0, probes: 0, failures: 0 } };
    const paced = { cpu: 0, probes: 0 };
    for (let round = 0; round < 2; round++) {
      for (const [name, config] of [['plain', plain], ['checked', checked]] as const) {
        const result = await run(config, options.seconds);
        totals[name].cpu += result.cpu;
        totals[name].probes += result.probes;
        totals[name].failures += result.failures;
      }
      // The raw loop on the fleet's schedule, in the same alternation: the scale bench's single run after the
      // engine's swung from 1.17x to 1.39x on this machine; alternated, both sides see the same drift in load.
      const cpuStart = process.cpuUsage();
      paced.probes += await pacedRawLoop(urls, 1_000, options.seconds);
      paced.cpu += cpuMs(process.cpuUsage(cpuStart));
    }
    const per1000 = (t: { cpu: number; probes: number }): number => (t.cpu / t.probes) * 1_000;
    const ratio = per1000(totals.checked) / per1000(totals.plain);
    const rawRatio = per1000(totals.plain) / per1000(paced);
    return [
      { name: `assertions: probes without expectations (${options.apis} APIs, 1 s, 2 x ${options.seconds} s)`, value: totals.plain.probes, unit: '' },
      { name: 'assertions: probes with one JSON expectation each', value: totals.checked.probes, unit: '' },
      { name: 'assertions: failed probes with the JSON expectation', value: totals.checked.failures, unit: '', target: '0', ok: totals.checked.failures === 0 },
      { name: 'assertions: CPU per 1,000 probes, no expectations', value: per1000(totals.plain), unit: 'ms' },
      { name: 'assertions: CPU per 1,000 probes, one JSON expectation', value: per1000(totals.checked), unit: 'ms' },
      { name: 'assertions: CPU ratio JSON expectation / none', value: ratio, unit: 'x', target: '<= 1.15x', ok: ratio <= 1.15 },
      { name: 'assertions: CPU per 1,000 probes, raw undici paced 1/s, alternated with the runs above', value: per1000(paced), unit: 'ms' },
      { name: 'assertions: CPU ratio api-health (no expectations) / raw paced 1/s, alternated', value: rawRatio, unit: 'x', target: '<= 1.15x', ok: rawRatio <= 1.15 },
    ];
  } finally {
    fleet.stop();
  }
}
