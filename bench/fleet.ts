import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { parseConfigText } from '../source/config/load.js';
import type { Config } from '../source/config/types.js';

export interface Fleet {
  ports: number[];
  stop(): void;
}

/** Starts bench/fleet-server.js in a child process; it exits when our stdin pipe closes. */
export async function startFleet(portCount: number, delayMs: number): Promise<Fleet> {
  const script = fileURLToPath(new URL('./fleet-server.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, String(portCount), String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) resolve(JSON.parse(line) as number[]);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fleet server exited with ${code}`)));
  });
  return { ports, stop: () => child.kill() };
}

/** A config of `count` APIs spread over the fleet's ports, read through the real loader. */
export function fleetConfig(ports: number[], count: number, interval: string, extra: Record<string, unknown> = {}, apiExtra: Record<string, unknown> = {}): Config {
  const apis = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`api-${i}`, { owner: `team-${i % 20}`, family: `family-${i % 7}`, url: `http://127.0.0.1:${ports[i % ports.length]}/api-${i}`, ...apiExtra }]),
  );
  const teams = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`team-${i}`, { name: `Team ${i}`, contacts: { email: `team-${i}@example.org` } }]));
  const document = { defaults: { interval, timeout: '5s', window: process.env.BENCH_WINDOW ?? '5m', userAgent: 'api-health-bench/1 (ops@example.org)', ...extra }, teams, apis };
  return parseConfigText(JSON.stringify(document), '<bench>', {});
}

/** The baseline: a bare undici keep-alive request loop, `parallel` requests at a time; returns each request's wall time. */
export async function rawLoop(urls: string[], total: number, parallel: number, agent?: Agent): Promise<number[]> {
  const dispatcher = agent ?? new Agent({ pipelining: 1, connections: parallel, keepAliveTimeout: 60_000 });
  const times: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const url = urls[next++ % urls.length]!;
      const started = performance.now();
      const response = await request(url, { dispatcher, headers: { 'user-agent': 'bench' } });
      await response.body.dump();
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (!agent) await dispatcher.close();
  return times;
}

/**
 * The same baseline paced like the dashboard: every URL once per `intervalMs`, phases spread over the
 * interval, for `seconds`. Spreading requests out costs more CPU per request (more event-loop turns, more
 * timers) than a tight loop, so this is the like-for-like comparison for a scheduled fleet.
 */
export async function pacedRawLoop(urls: string[], intervalMs: number, seconds: number): Promise<number> {
  const agent = new Agent({ pipelining: 1, connections: 64, keepAliveTimeout: 60_000 });
  const started = performance.now();
  const end = started + seconds * 1_000;
  let count = 0;
  const running = new Set<Promise<void>>();
  await new Promise<void>((resolve) => {
    let pending = urls.length;
    urls.forEach((url, i) => {
      const phase = (i / urls.length) * intervalMs;
      const fire = (k: number): void => {
        const due = started + phase + k * intervalMs;
        if (due >= end) {
          if (--pending === 0) resolve();
          return;
        }
        setTimeout(() => {
          const run = request(url, { dispatcher: agent, headers: { 'user-agent': 'bench' } })
            .then((response) => response.body.dump())
            .then(() => {
              count++;
            })
            .finally(() => running.delete(run));
          running.add(run);
          fire(k + 1);
        }, Math.max(0, due - performance.now()));
      };
      fire(0);
    });
  });
  await Promise.all(running);
  await agent.close();
  return count;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
