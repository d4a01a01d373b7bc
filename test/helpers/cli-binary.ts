import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

/** The built program, exactly as users run it: `npm run build` first. */
export const CLI = fileURLToPath(new URL('../../dist/source/cli.js', import.meta.url));

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests that run the binary`);
}

/** The environment for a child api-health: no CI flags (Ink would draw only a final frame), no debug stacks, a fixed $USER. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, API_HEALTH_DEBUG: _debug, ...rest } = process.env;
  return { ...rest, USER: 'e2e-tester', ...extra };
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built CLI as a child process, its output collected, stopped by the test. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;

  constructor(args: string[], { env = cliEnv(), cwd }: CliOptions = {}) {
    requireBuiltCli();
    this.child = spawn(process.execPath, [CLI, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  lines(): string[] {
    return this.stdout.split('\n').filter((line) => line !== '');
  }

  /** The stdout lines parsed as JSON (NDJSON output); a line that is not JSON fails the test. */
  records(): Record<string, unknown>[] {
    return this.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Polls `find` until it gives a value; fails at once if the program exits first. */
  async waitFor<T>(find: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
    const found = (): T | undefined | false => {
      const value = find();
      if (value) return value;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the program exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}`);
      }
      return undefined;
    };
    return waitFor(found, { timeoutMs, everyMs: 50, what }).catch((error: Error) => {
      throw new Error(`${error.message}${this.output()}`);
    });
  }

  /** Sends the signal and waits for the exit; SIGKILL after a grace period so no test leaves it behind. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      const force = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(force);
      return exit;
    }
    return this.exited;
  }

  private output(): string {
    return `\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }
}

export interface BinaryResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion; killed after `timeoutMs` so a hung run fails instead of stalling the suite. */
export async function runBinary(args: string[], { timeoutMs = 15_000, ...options }: CliOptions & { timeoutMs?: number } = {}): Promise<BinaryResult> {
  const run = new CliProcess(args, options);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout, stderr: run.stderr };
}
