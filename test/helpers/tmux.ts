import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { waitFor } from './wait-for.js';

/**
 * A real terminal: a tmux server on its own socket running a plain shell, so a test can type a command,
 * send keys, and read the screen, and see what is left once the program has exited.
 */
export class TmuxTerminal {
  readonly socket = `api-health-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(env: NodeJS.ProcessEnv, size = { columns: 120, rows: 40 }) {
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    this.tmux(
      'new-session',
      '-d',
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      `env -i ${assignments.map(quote).join(' ')} bash --norc --noprofile`,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Types text and presses Enter. */
  run(command: string): void {
    this.tmux('send-keys', '-t', '0', '-l', command);
    this.tmux('send-keys', '-t', '0', 'Enter');
  }

  /** Sends tmux key names (Enter, Escape, Down) or literal text with `literal`. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', '0', ...keys);
  }

  literal(text: string): void {
    this.tmux('send-keys', '-t', '0', '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', '0');
  }

  waitForScreen(predicate: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    return waitFor(
      () => {
        const screen = this.screen();
        return predicate(screen) ? screen : undefined;
      },
      { timeoutMs, everyMs: 100, what: `${what}; screen was:\n${this.screen()}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message.split(';')[0]}; screen:\n${this.screen()}`);
    });
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone: the session ended with its shell.
    }
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
