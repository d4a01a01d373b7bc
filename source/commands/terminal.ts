import { closeSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** The alternate screen, and bracketed paste (2004): a paste arrives marked, so no pasted line runs as keys. */
const ENTER = '\u001b[?1049h\u001b[H\u001b[?2004h';
const LEAVE = '\u001b[?2004l\u001b[?25h\u001b[?1049l';
/** Button presses, releases and the wheel (1000), reported as SGR sequences (1006) so columns past 223 are exact. */
export const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
export const MOUSE_OFF = '\u001b[?1006l\u001b[?1000l';

/**
 * On exit Node sets the terminal modes it found at start back on stdin, stdout and stderr, and aborts with a
 * native assertion when the terminal refuses (EIO: it is gone). It skips a descriptor that is closed, so the
 * last thing a process whose terminal went away does is close them: there is nothing left to restore.
 */
function forgetTerminal(): void {
  for (const fd of [0, 1, 2]) {
    try {
      closeSync(fd);
    } catch {
      // Already closed: nothing to forget.
    }
  }
}

function answers(fd: number): boolean {
  try {
    writeSync(fd, '');
    return true;
  } catch {
    return false;
  }
}

export interface TerminalOptions {
  mouse?: boolean;
  /** The terminal's input: a closed terminal fails its reads as well as its writes. */
  stdin?: { on(event: 'error', listener: (error: Error) => void): unknown };
  /** Called once when the terminal has gone away (its window closed, tmux killed): time to stop, quietly. */
  onGone?: () => void;
}

/**
 * Runs the UI on the alternate screen and puts the terminal back exactly as it was on every way out:
 * normal return, thrown error, or the process exiting underneath us. With `mouse`, mouse reporting is on
 * meanwhile and turned off on the same ways out: a shell left reporting clicks prints garbage on each one.
 * A terminal that goes away fails every write with EIO: that is the end of the session, not a crash, so the
 * errors are taken here (for good: Ink and the exit handlers may still write), and nothing more is written.
 */
export async function withTerminalRestored(stdout: Writable & { isTTY?: boolean }, body: () => Promise<void>, options: TerminalOptions = {}): Promise<void> {
  if (!stdout.isTTY) return body();
  let restored = false;
  let gone = false;
  const lost = (): void => {
    if (gone) return;
    gone = true;
    process.once('exit', forgetTerminal);
    options.onGone?.();
  };
  stdout.on('error', lost);
  options.stdin?.on('error', lost);
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (!gone && !stdout.destroyed) stdout.write(options.mouse ? MOUSE_OFF + LEAVE : LEAVE);
  };
  process.once('exit', restore);
  // The terminal can go away after the last write and before Node, exiting, sets its modes back, which it does
  // with a native assertion when the terminal refuses. An empty write fails with EIO on a hung-up terminal:
  // the last thing done on the way out, it tells in time to leave the descriptors alone.
  const fd = (stdout as { fd?: number }).fd;
  if (fd !== undefined) process.once('exit', () => void (!gone && !answers(fd) && forgetTerminal()));
  stdout.write(options.mouse ? ENTER + MOUSE_ON : ENTER);
  try {
    await body();
  } finally {
    restore();
    process.off('exit', restore);
  }
}
