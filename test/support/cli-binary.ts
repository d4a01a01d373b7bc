import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built program, exactly as users run it: `npm run build` first. */
export const CLI = fileURLToPath(new URL('../../dist/source/cli.js', import.meta.url));

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
}

/** A minimal environment: no CI flags, a fixed $USER, preferences kept out of the real home. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...rest } = process.env;
  return { ...rest, USER: 'e2e-tester', ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built CLI as a child process, its stdout collected by line, stopped by the test. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    requireBuiltCli();
    this.child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

  async waitFor<T>(find: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the program exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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
}

export interface BinaryResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion. */
export async function runBinary(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<BinaryResult> {
  const run = new CliProcess(args, env);
  const { code } = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}
