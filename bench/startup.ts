import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './fleet.js';
import type { Result } from './result.js';

const TIME = '/usr/bin/time';
const TARGET = 1.5;

interface Run {
  wallMs: number;
  /** Peak RSS in KiB, when /usr/bin/time is there to tell it. */
  maxRssKiB: number | undefined;
}

/** One start of `node ARGS`, timed from outside the process as a user's shell would. */
function runOnce(args: string[], cwd: string): Run {
  const measured = existsSync(TIME);
  const started = performance.now();
  const result = measured
    ? spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr ?? ''}`);
  const lastLine = measured ? (result.stderr as string).trim().split('\n').at(-1) : undefined;
  return { wallMs, maxRssKiB: lastLine === undefined ? undefined : Number(lastLine) };
}

/**
 * Start cost per command: each short command against a bare `node -e 0`, interleaved round by round so both
 * see the same machine; medians of wall time and of peak RSS. Only what a command uses should load, so these
 * stay within 1.5x of Node starting with nothing. validate cannot do its job without zod and yaml: what loading
 * them (and parsing the example with yaml, and loading the flag parser) costs is printed beside it as its floor,
 * without a target.
 */
export async function benchStartup(rounds: number): Promise<Result[]> {
  const cli = fileURLToPath(new URL('../source/cli.js', import.meta.url));
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const config = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));
  const floor = (script: string): string[] => ['--input-type=module', '-e', script];
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['api-health --version', [cli, '--version']],
    ['api-health help', [cli, 'help']],
    ['api-health completion bash', [cli, 'completion', 'bash']],
    ['api-health validate (wikimedia example)', [cli, 'validate', '--config', config]],
    ['validate floor: node importing zod and yaml', floor("await import('zod'); await import('yaml');")],
    [
      'validate floor: the same, parsing the example',
      floor(`await import('zod'); const { parseDocument } = await import('yaml'); parseDocument((await import('node:fs')).readFileSync(${JSON.stringify(config)}, 'utf8'));`),
    ],
    // A line with a flag needs the flag parser too: meow's one bundle loads whole, about 30 ms.
    [
      'validate floor: the same, with the flag parser (meow) loaded',
      floor(`await import('meow'); await import('zod'); const { parseDocument } = await import('yaml'); parseDocument((await import('node:fs')).readFileSync(${JSON.stringify(config)}, 'utf8'));`),
    ],
  ];
  const informative = (name: string): boolean => name.startsWith('validate floor');
  const runs = new Map<string, Run[]>(cases.map(([name]) => [name, []]));
  for (let round = 0; round < rounds + 1; round++) {
    for (const [name, args] of cases) {
      const run = runOnce(args, root);
      if (round > 0) runs.get(name)!.push(run);
    }
  }
  const wall = (name: string): number => median(runs.get(name)!.map((r) => r.wallMs));
  const rss = (name: string): number | undefined => {
    const values = runs.get(name)!.flatMap((r) => (r.maxRssKiB === undefined ? [] : [r.maxRssKiB]));
    return values.length === 0 ? undefined : median(values) / 1024;
  };
  const baseWall = wall('node -e 0');
  const baseRss = rss('node -e 0');
  const results: Result[] = [
    { name: 'start: node -e 0, wall', value: baseWall, unit: 'ms' },
    ...(baseRss === undefined ? [] : [{ name: 'start: node -e 0, peak RSS', value: baseRss, unit: 'MiB' }]),
  ];
  for (const [name] of cases.slice(1)) {
    const ratio = wall(name) / baseWall;
    const target = (value: number): Pick<Result, 'target' | 'ok'> => (informative(name) ? {} : { target: `<= ${TARGET}x`, ok: value <= TARGET });
    results.push({ name: `start: ${name}, wall`, value: wall(name), unit: 'ms' });
    results.push({ name: `start: ${name} / node -e 0, wall`, value: ratio, unit: 'x', ...target(ratio) });
    const peak = rss(name);
    if (peak !== undefined && baseRss !== undefined) {
      results.push({ name: `start: ${name}, peak RSS`, value: peak, unit: 'MiB' });
      results.push({ name: `start: ${name} / node -e 0, peak RSS`, value: peak / baseRss, unit: 'x', ...target(peak / baseRss) });
    }
  }
  return results;
}
