import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROLES = [
  'text',
  'dim',
  'title',
  'accent',
  'healthy',
  'degraded',
  'failing',
  'unknown',
  'group',
  'unassigned',
  'selectedBackground',
  'breach',
  'info',
] as const;
export type Role = (typeof ROLES)[number];

export interface Theme {
  name: string;
  colors: Record<Role, string>;
  bold: Role[];
}

/** The package root: the nearest folder above this module with a package.json (source/ in tests, dist/ when built). */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function themesDir(): string {
  return join(packageRoot(), 'themes');
}

export function availableThemes(dir = themesDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export class ThemeError extends Error {}

/** Reads themes/NAME.json; a role it leaves out falls back to the dark theme's colour. */
export function loadTheme(name: string, dir = themesDir()): Theme {
  const known = availableThemes(dir);
  if (!known.includes(name)) throw new ThemeError(`unknown theme "${name}" (known: ${known.join(', ')})`);
  const parse = (theme: string): Partial<Theme> => {
    try {
      return JSON.parse(readFileSync(join(dir, `${theme}.json`), 'utf8')) as Partial<Theme>;
    } catch (error) {
      throw new ThemeError(`theme "${theme}" is not valid JSON: ${(error as Error).message}`);
    }
  };
  const base = parse('dark');
  const theme = name === 'dark' ? base : parse(name);
  return { name, colors: { ...base.colors, ...theme.colors } as Record<Role, string>, bold: theme.bold ?? [] };
}
