import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MOUSE_OFF, MOUSE_ON, withTerminalRestored } from '../../source/commands/terminal.js';
import { parserFlags } from '../../source/commands/command-table.js';
import meow from 'meow';

/** A terminal as far as the restore cares: a TTY whose writes are kept. */
function terminal(): PassThrough & { isTTY: boolean; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return Object.assign(stream, { written: () => text });
}

const flagsOf = (argv: string[]) => meow({ importMeta: import.meta, argv, autoHelp: false, autoVersion: false, allowUnknownFlags: true, description: false, flags: parserFlags() }).flags;

describe('mouse reporting', () => {
  it('is turned on with the screen and off before the screen is left', async () => {
    const tty = terminal();
    await withTerminalRestored(tty, async () => {}, { mouse: true });
    const text = tty.written();
    expect(text.indexOf(MOUSE_ON)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(MOUSE_OFF)).toBeGreaterThan(text.indexOf(MOUSE_ON));
  });

  it('is turned off when the dashboard throws', async () => {
    const tty = terminal();
    await expect(withTerminalRestored(tty, () => Promise.reject(new Error('crash')), { mouse: true })).rejects.toThrow('crash');
    expect(tty.written()).toContain(MOUSE_OFF);
  });

  it('is never turned on without the option', async () => {
    const tty = terminal();
    await withTerminalRestored(tty, async () => {});
    expect(tty.written()).not.toContain(MOUSE_ON);
  });

  it('is on unless --no-mouse is given', () => {
    expect(flagsOf([]).mouse).toBe(true);
    expect(flagsOf(['--no-mouse']).mouse).toBe(false);
  });
});

describe('bracketed paste', () => {
  it('is turned on with the screen and off when the screen is left, even when the dashboard throws', async () => {
    const tty = terminal();
    await expect(withTerminalRestored(tty, () => Promise.reject(new Error('crash')))).rejects.toThrow('crash');
    const text = tty.written();
    expect(text.indexOf('\u001b[?2004h')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('\u001b[?2004l')).toBeGreaterThan(text.indexOf('\u001b[?2004h'));
  });
});
