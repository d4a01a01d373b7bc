import { describe, expect, it } from 'vitest';
import { createPainter } from '../../source/ui/paint.js';
import { loadTheme } from '../../source/ui/theme.js';

const dark = createPainter(loadTheme('dark'), true);
const contrast = createPainter(loadTheme('high-contrast'), true);
const codes = (text: string): string[] => text.match(/\u001b\[[0-9;]*m/g) ?? [];

describe('painter', () => {
  it('closes a span with only what it opened', () => {
    expect(dark.paint('healthy', 'ok')).toBe('\u001b[38;2;95;215;95mok\u001b[39m');
    expect(codes(contrast.paint('failing', 'down')).at(-1)).toBe('\u001b[39;22m');
  });

  it('leaves blank text unpainted', () => {
    expect(dark.paint('degraded', '    ')).toBe('    ');
  });

  it('switches colour in a line without closing between runs', () => {
    const line = dark.line([['healthy', '●'], [undefined, ' '], ['text', 'name'], ['dim', 'family'], [undefined, ' 120']]);
    expect(codes(line)).toEqual(['\u001b[38;2;95;215;95m', '\u001b[38;2;208;208;208m', '\u001b[38;2;128;128;128m', '\u001b[39m']);
    expect(line.replace(/\u001b\[[0-9;]*m/g, '')).toBe('● namefamily 120');
  });

  it('keeps blanks between runs in the current colour', () => {
    expect(codes(dark.line([['dim', 'a'], [undefined, '  '], ['dim', 'b']]))).toHaveLength(2);
  });

  it('switches bold off before a run that is not bold', () => {
    const line = contrast.line([['failing', 'down'], ['dim', 'x']]);
    expect(codes(line).slice(0, 3)).toEqual([codes(contrast.paint('failing', 'x'))[0], '\u001b[39;22m', codes(contrast.paint('dim', 'x'))[0]]);
  });

  it('joins runs without codes when colour is off', () => {
    expect(createPainter(loadTheme('dark'), false).line([['healthy', '●'], [undefined, ' a']])).toBe('● a');
  });
});
