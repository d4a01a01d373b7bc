import { Writable } from 'node:stream';
import { run } from '../../source/commands/run.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI's `run()` in-process with captured output, its own environment and working directory. */
export async function runCommand(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CommandResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, { env: options.env ?? {}, cwd: options.cwd ?? process.cwd(), stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
