import width from 'string-width';

/** Display width in terminal cells: wide characters count two, ANSI codes count zero. */
export function stringWidth(text: string): number {
  return width(text);
}
