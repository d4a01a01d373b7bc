import type { Writable } from 'node:stream';

const ENTER = '\u001b[?1049h\u001b[H';
const LEAVE = '\u001b[?25h\u001b[?1049l';
/** Button presses, releases and the wheel (1000), reported as SGR sequences (1006) so columns past 223 are exact. */
export const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
export const MOUSE_OFF = '\u001b[?1006l\u001b[?1000l';

/**
 * Runs the UI on the alternate screen and puts the terminal back exactly as it was on every way out:
 * normal return, thrown error, or the process exiting underneath us. With `mouse`, mouse reporting is on
 * meanwhile and turned off on the same ways out: a shell left reporting clicks prints garbage on each one.
 */
export async function withTerminalRestored(stdout: Writable & { isTTY?: boolean }, body: () => Promise<void>, options: { mouse?: boolean } = {}): Promise<void> {
  if (!stdout.isTTY) return body();
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(options.mouse ? MOUSE_OFF + LEAVE : LEAVE);
  };
  process.once('exit', restore);
  stdout.write(options.mouse ? ENTER + MOUSE_ON : ENTER);
  try {
    await body();
  } finally {
    restore();
    process.off('exit', restore);
  }
}
