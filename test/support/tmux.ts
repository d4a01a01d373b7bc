import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireBinary } from './real-binaries.js';

/** Ink reads a chunk of input as one key: keys go one at a time with this pause between them. */
const KEY_PAUSE_MS = 60;
const SESSION = 'e2e';
/** What the shell prints in the pane when the program ends: `[api-health exited 0]`. */
const EXIT_STATUS = /\[api-health exited (\d+)\]/;

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * A real terminal: a tmux server of its own (unique -L socket, so tests never touch a user's tmux)
 * running one command.
 */
export class TmuxTerminal {
  private readonly socket = `api-health-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  private started = false;
  private socketPath: string | undefined;

  constructor(
    private readonly columns = 140,
    private readonly rows = 40,
  ) {
    requireBinary('tmux', 'tmux');
  }

  /**
   * Starts `argv` in a fresh session with exactly `env` (CI variables removed: Ink draws only a final
   * frame under CI). A shell stays in the pane after the program ends, printing its exit status, so
   * the terminal state it left behind can still be inspected.
   */
  start(argv: string[], env: NodeJS.ProcessEnv): void {
    const assignments = Object.entries(env)
      .filter(([key, value]) => value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      .map(([key, value]) => `${key}=${shellQuote(value!)}`);
    const program = ['env', '-i', ...assignments, 'TERM=xterm-256color', ...argv.map(shellQuote)].join(' ');
    const command = `${program}; echo "[api-health exited $?]"; exec sleep 3600`;
    this.started = true;
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', String(this.columns), '-y', String(this.rows), command);
    this.socketPath = this.tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').stdout.trim();
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', SESSION).stdout;
  }

  /** One key name per call (tmux names: Enter, Escape, Tab, Left, Right, or a single character). */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.tmux('send-keys', '-t', SESSION, key.length === 1 ? '-l' : '', key);
      await sleep(KEY_PAUSE_MS);
    }
  }

  /** Types text one character at a time. */
  async type(text: string): Promise<void> {
    await this.press(...text.split(''));
  }

  async waitForScreen(test: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (test(screen)) return screen;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
  }

  /** The exit status of the program, once it has ended. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const screen = await this.waitForScreen((s) => EXIT_STATUS.test(s), 'the program to exit', timeoutMs);
    return Number(EXIT_STATUS.exec(screen)![1]);
  }

  /** Sends a signal to the program (the child of the pane's shell), as a service manager or a closing terminal would. */
  signal(signal: NodeJS.Signals): void {
    const shell = this.tmux('display-message', '-p', '-t', SESSION, '#{pane_pid}').stdout.trim();
    const children = spawnSync('pgrep', ['-P', shell], { encoding: 'utf8' }).stdout.trim().split('\n').filter((pid) => pid !== '');
    if (children.length !== 1) throw new Error(`expected one program under the pane's shell ${shell}, found ${children.length}`);
    process.kill(Number(children[0]), signal);
  }

  /** Whether the terminal is back on the normal screen with the cursor shown (what the user gets after quitting). */
  restored(): boolean {
    const [alternate, cursor] = this.tmux('display-message', '-p', '-t', SESSION, '#{alternate_on} #{cursor_flag}').stdout.trim().split(' ');
    return alternate === '0' && cursor === '1';
  }

  /** Kills the session and its server and removes the socket file; safe to call twice or before start. */
  close(): void {
    if (!this.started) return;
    this.started = false;
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }

  private tmux(...args: string[]): { stdout: string } {
    const result = spawnSync('tmux', ['-L', this.socket, ...args.filter((a) => a !== '')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return { stdout: result.stdout };
  }
}
