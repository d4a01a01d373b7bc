import type { Writable } from 'node:stream';

const ENTER = '\u001b[?1049h\u001b[H';
const LEAVE = '\u001b[?25h\u001b[?1049l';

/**
 * Runs the UI on the alternate screen and puts the terminal back exactly as it was on every way out:
 * normal return, thrown error, or the process exiting underneath us.
 */
export async function withTerminalRestored(stdout: Writable & { isTTY?: boolean }, body: () => Promise<void>): Promise<void> {
  if (!stdout.isTTY) return body();
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE);
  };
  process.once('exit', restore);
  stdout.write(ENTER);
  try {
    await body();
  } finally {
    restore();
    process.off('exit', restore);
  }
}
