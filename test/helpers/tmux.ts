import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireBinary } from './system-binaries.js';
import { waitFor } from './wait-for.js';

/** `press` paces keys as a person types them; `burst` sends many in one write. */
const KEY_PAUSE_MS = 60;
const SESSION = 'e2e';
/** What the shell prints once a program started with `start` ends: `exit status:0`. */
const EXIT_STATUS = /exit status:(\d+)/;

/**
 * A real terminal: a tmux server of its own (unique -L socket, so tests never touch a user's tmux) with a
 * plain shell in its one pane, whose environment is exactly `env` (no CI variables: Ink draws only a final
 * frame under CI). The shell stays after a program ends, so the screen it left behind can be read.
 */
export class TmuxTerminal {
  private readonly socket = `api-health-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly socketPath: string;
  private open = true;

  constructor(env: NodeJS.ProcessEnv, { columns = 120, rows = 40 } = {}) {
    requireBinary('tmux');
    // An empty HISTFILE: the shell killed with the server would otherwise write its history into a HOME that the
    // test is removing at that moment, and the removal fails with ENOTEMPTY.
    const assignments = Object.entries({ PS1: '$ ', ...env, HISTFILE: '', TERM: 'xterm-256color' })
      .filter(([key, value]) => value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      .map(([key, value]) => `${key}=${shellQuote(value!)}`);
    const shell = ['exec', 'env', '-i', ...assignments, 'bash', '--norc', '--noprofile'].join(' ');
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', String(columns), '-y', String(rows), shell);
    this.socketPath = this.tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').trim();
  }

  /** Types `argv` at the shell prompt, followed by printing its exit status for `waitForExit`. */
  start(argv: string[]): void {
    this.tmux('send-keys', '-t', SESSION, '-l', `${argv.map(shellQuote).join(' ')}; echo "exit status:$?"`);
    this.tmux('send-keys', '-t', SESSION, 'Enter');
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', SESSION);
  }

  /** One key per argument (tmux names: Enter, Escape, Right, C-c, or a single character), paced for Ink. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.tmux('send-keys', '-t', SESSION, ...(key.length === 1 ? ['-l'] : []), key);
      await sleep(KEY_PAUSE_MS);
    }
  }

  /** Sends `keys` (characters and escape sequences) in one write: the program reads them as one chunk, as over a slow link. */
  burst(keys: string): void {
    this.tmux('send-keys', '-t', SESSION, '-l', keys);
  }

  /** Pastes `text` as a terminal pastes it: bracketed (ESC [200~ ... ESC [201~) when the program asked for that. */
  paste(text: string): void {
    this.tmux('set-buffer', '-b', 'pasted', '--', text);
    this.tmux('paste-buffer', '-p', '-d', '-b', 'pasted', '-t', SESSION);
  }

  /** Types text one character at a time. */
  async type(text: string): Promise<void> {
    await this.press(...text.split(''));
  }

  async waitForScreen(test: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    return waitFor(
      () => {
        const screen = this.screen();
        return test(screen) ? screen : undefined;
      },
      { timeoutMs, everyMs: 100, what },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the screen was:\n${this.screen()}`);
    });
  }

  /** The exit status of the program begun with `start`, once it has ended. */
  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const screen = await this.waitForScreen((s) => EXIT_STATUS.test(s), 'the program to exit', timeoutMs);
    return Number(EXIT_STATUS.exec(screen)![1]);
  }

  /** Sends a signal to the program (the child of the pane's shell), as a service manager or a closing terminal would. */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.childPid(), signal);
  }

  /** The process id of the program begun with `start` (the one child of the pane's shell). */
  childPid(): number {
    const shell = this.tmux('display-message', '-p', '-t', SESSION, '#{pane_pid}').trim();
    const children = spawnSync('pgrep', ['-P', shell], { encoding: 'utf8' }).stdout.trim().split('\n').filter((pid) => pid !== '');
    if (children.length !== 1) throw new Error(`expected one program under the pane's shell ${shell}, found ${children.length}`);
    return Number(children[0]);
  }

  /** Whether the terminal is back on the normal screen with the cursor shown (what the user gets after quitting). */
  restored(): boolean {
    const [alternate, cursor] = this.tmux('display-message', '-p', '-t', SESSION, '#{alternate_on} #{cursor_flag}').trim().split(' ');
    return alternate === '0' && cursor === '1';
  }

  /** The pane's title: what a program's OSC title sequence would change. */
  title(): string {
    return this.tmux('display-message', '-p', '-t', SESSION, '#{pane_title}').trim();
  }

  /** Kills the tmux server and removes its socket file; safe to call twice. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
    rmSync(this.socketPath, { force: true });
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-u', '-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  }
}

/**
 * The screen's last line that is not blank. Ink erases a frame from the bottom up and draws the next from the top
 * down, so a program's footer is the last line only in a whole frame: a capture taken mid-redraw ends higher up.
 */
export function lastLine(screen: string): string {
  return screen.trimEnd().split('\n').at(-1) ?? '';
}

/** Quotes a word for the shell only when it needs it, so a typed command line reads as a person would type it. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
