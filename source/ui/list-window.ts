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
