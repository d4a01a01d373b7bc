import type { Role, Theme } from './theme.js';

export type Paint = (role: Role, text: string) => string;

export interface Painter {
  paint: Paint;
  bold: (text: string) => string;
  /** Gives the selected row its background; the row also carries a cursor mark, so it reads without colour. */
  selected: (text: string) => string;
  enabled: boolean;
}

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
    return { paint: (_role, text) => text, bold: (text) => text, selected: (text) => text, enabled };
  }
  const codes = new Map<Role, string>();
  for (const [role, color] of Object.entries(theme.colors) as [Role, string][]) {
    const parts = [sgr(color, false), theme.bold.includes(role) ? '1' : ''].filter(Boolean);
    codes.set(role, parts.length > 0 ? `\u001b[${parts.join(';')}m` : '');
  }
  const background = sgr(theme.colors.selectedBackground, true);
  return {
    paint: (role, text) => {
      const code = codes.get(role);
      return code ? `${code}${text}\u001b[39;22m` : text;
    },
    bold: (text) => `\u001b[1m${text}\u001b[22m`,
    selected: (text) => (background ? `\u001b[${background}m${text}\u001b[49m` : `\u001b[7m${text}\u001b[27m`),
    enabled,
  };
}
