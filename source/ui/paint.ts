import type { Role, Theme } from './theme.js';

export type Paint = (role: Role, text: string) => string;

/** A piece of a line and its colour; undefined is the terminal's own. */
export type Run = readonly [Role | undefined, string];

export interface Painter {
  paint: Paint;
  /** One line from runs, switching colour only where it changes: Ink re-tokenises every code of every frame. */
  line: (runs: readonly Run[]) => string;
  bold: (text: string) => string;
  /** Gives the selected row its background; the row also carries a cursor mark, so it reads without colour. */
  selected: (text: string) => string;
  enabled: boolean;
}

const VISIBLE = /\S/;

const BASIC: Record<string, number> = { black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37 };

function sgr(color: string, background: boolean): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = Number.parseInt(hex[1]!, 16);
    return `${background ? 48 : 38};2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}`;
  }
  const bright = /^bright([A-Z][a-z]+)$/.exec(color);
  const base = BASIC[(bright ? bright[1]! : color).toLowerCase()];
  if (base === undefined) return '';
  return String(base + (bright ? 60 : 0) + (background ? 10 : 0));
}

/** ANSI styling from a theme, or none at all when colour is off (NO_COLOR): every code is built here. */
export function createPainter(theme: Theme, enabled: boolean): Painter {
  if (!enabled) {
    // NO_COLOR turns colour off, not emphasis: the selected row is still drawn in inverse video.
    return { paint: (_role, text) => text, line: (runs) => runs.map((run) => run[1]).join(''), bold: (text) => text, selected: (text) => `\u001b[7m${text}\u001b[27m`, enabled };
  }
  // Ink re-tokenises every escape code on every frame: a span opens with one code and closes with only
  // what it opened, and blank text (padding, an empty column) is not painted at all.
  const codes = new Map<Role, { open: string; close: string }>();
  for (const [role, color] of Object.entries(theme.colors) as [Role, string][]) {
    const foreground = sgr(color, false);
    const bold = theme.bold.includes(role);
    const open = [foreground, bold ? '1' : ''].filter(Boolean);
    const close = [foreground ? '39' : '', bold ? '22' : ''].filter(Boolean);
    if (open.length > 0) codes.set(role, { open: `\u001b[${open.join(';')}m`, close: `\u001b[${close.join(';')}m` });
  }
  const background = sgr(theme.colors.selectedBackground, true);
  return {
    paint: (role, text) => {
      const code = codes.get(role);
      return code && VISIBLE.test(text) ? `${code.open}${text}${code.close}` : text;
    },
    line: (runs) => {
      let out = '';
      let current: { open: string; close: string } | undefined;
      for (const [role, text] of runs) {
        // Blank text looks the same in any colour: it stays in the current one.
        const code = VISIBLE.test(text) ? (role === undefined ? undefined : codes.get(role)) : current;
        if (code !== current) {
          // A new foreground replaces the old one; only bold has to be switched off explicitly.
          if (current && (!code || current.close !== code.close)) out += current.close;
          if (code) out += code.open;
          current = code;
        }
        out += text;
      }
      return current ? out + current.close : out;
    },
    bold: (text) => `\u001b[1m${text}\u001b[22m`,
    selected: (text) => (background ? `\u001b[${background}m${text}\u001b[49m` : `\u001b[7m${text}\u001b[27m`),
    enabled,
  };
}
