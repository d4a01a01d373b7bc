import type { DisplayLine, VisibleRows } from '../state/selectors.js';

/**
 * The slice of lines to draw: scrolls as little as possible to keep the selected row in view, and shows
 * the group header above the selection when it fits.
 */
export function renderListLines(rows: VisibleRows, selected: number, height: number, previousTop: number): { top: number; lines: DisplayLine[] } {
  const total = rows.lines.length;
  const selectedLine = rows.lineOfRow[selected] ?? 0;
  let top = Math.min(previousTop, Math.max(0, total - height));
  if (selectedLine < top) top = selectedLine > 0 && rows.lines[selectedLine - 1]?.kind === 'group' ? selectedLine - 1 : selectedLine;
  if (selectedLine >= top + height) top = selectedLine - height + 1;
  top = Math.max(0, Math.min(top, Math.max(0, total - height)));
  return { top, lines: rows.lines.slice(top, top + height) };
}

/**
 * The API drawn on a 1-based screen row of the dashboard, for a click: the list starts under the header and
 * its column headings, and shows the lines from `top`; undefined over a heading, a group or empty space.
 */
export function apiAtScreenRow(rows: VisibleRows, top: number, linesAbove: number, listHeight: number, screenRow: number): string | undefined {
  const index = screenRow - 1 - linesAbove;
  if (index < 0 || index >= listHeight) return undefined;
  const line = rows.lines[top + index];
  return line?.kind === 'api' ? line.api.id : undefined;
}
