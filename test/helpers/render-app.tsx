import { render } from 'ink-testing-library';
import type { FleetStore } from '../../source/state/fleet-state.js';
import { App } from '../../source/ui/App.js';
import { createPainter } from '../../source/ui/paint.js';
import { loadTheme } from '../../source/ui/theme.js';
import { waitFor } from './wait-for.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
} as const;

/** Inverse video on and off (SGR 7 and 27). */
const INVERSE = /\u001b\[(?:7|27)m/g;

/** Polls the last frame of a rendered view until `predicate` holds, and returns that frame. */
export function waitForFrame(ui: { lastFrame(): string | undefined }, predicate: (frame: string) => boolean, what = 'frame'): Promise<string> {
  const frame = (): string => ui.lastFrame() ?? '';
  return waitFor(() => (predicate(frame()) ? frame() : undefined), { what }).catch((error: Error) => {
    throw new Error(`${error.message}; the last frame was:\n${frame()}`);
  });
}

/** Lets Ink read stdin, run effects and draw; a lone Esc waits for setImmediate, so yield through one. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 15));

/**
 * Renders <App> over a store at a given terminal size, waits for the first full frame, and offers key
 * presses that yield after each key and a poll for the frame to show something.
 */
export async function renderApp(store: FleetStore, options: { columns?: number; rows?: number; colour?: boolean } = {}) {
  const { columns = 120, rows = 30, colour = false } = options;
  let quits = 0;
  const painter = createPainter(loadTheme('dark'), colour);
  const ui = render(<App store={store} painter={painter} onQuit={() => quits++} now={() => Date.parse('2026-01-01T12:00:01Z')} />);
  const resize = async (size: { columns: number; rows: number }): Promise<void> => {
    Object.defineProperty(ui.stdout, 'columns', { value: size.columns, configurable: true });
    Object.defineProperty(ui.stdout, 'rows', { value: size.rows, configurable: true });
    const before = ui.frames.length;
    ui.stdout.emit('resize');
    await waitFor(() => ui.frames.length > before && (ui.lastFrame() ?? '').split('\n').length === size.rows - 1, {
      what: `a ${size.rows - 1}-line frame`,
    });
    await settle();
  };
  await resize({ columns, rows });
  await settle();
  // Without colour the selection is drawn in inverse video, the only escape codes then: left out here, so lines read as text.
  const lastFrame = (): string | undefined => ui.lastFrame()?.replaceAll(INVERSE, '');
  const frame = (): string => lastFrame() ?? '';
  return {
    ...ui,
    lastFrame,
    /** The frame as drawn, inverse video and all. */
    rawFrame: (): string => ui.lastFrame() ?? '',
    frame,
    lines: (): string[] => frame().split('\n'),
    quits: () => quits,
    resize,
    press: async (...keys: string[]): Promise<void> => {
      for (const key of keys) {
        ui.stdin.write(key);
        await settle();
      }
    },
    type: async (text: string): Promise<void> => {
      for (const ch of text) {
        ui.stdin.write(ch);
        await settle();
      }
    },
    /** The line of the selected row (marked with ›), or undefined. */
    selected: (): string | undefined => frame().split('\n').find((line) => line.startsWith('›')),
    waitForFrame: (predicate: (frame: string) => boolean, what = 'frame'): Promise<string> => waitForFrame({ lastFrame }, predicate, what),
  };
}
