import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Lines } from '../../source/ui/Lines.js';

describe('Lines', () => {
  it('draws each line as given', () => {
    const view = render(<Lines lines={['first', '', 'third']} width={20} />);
    expect(view.lastFrame()).toBe('first\n\nthird');
  });

  it('cuts a line wider than the width with an ellipsis and leaves the lines below it whole', () => {
    const view = render(<Lines lines={['a line far wider than ten cells', 'short']} width={10} />);
    expect(view.lastFrame()).toBe('a line fa…\nshort');
  });

  it('cuts by cells, not characters, and skips colour codes', () => {
    const view = render(<Lines lines={['\u001b[31m維基百科維基百科\u001b[39m']} width={7} />);
    expect(view.lastFrame()!.replace(/\u001b\[[0-9;]*m/g, '')).toBe('維基百…');
  });

  it('draws new text in place of the old when the lines change', () => {
    const view = render(<Lines lines={['one', 'two']} width={20} />);
    view.rerender(<Lines lines={['three', 'four']} width={20} />);
    expect(view.lastFrame()).toBe('three\nfour');
  });

  it('gives a screen reader the lines, not the blanks Ink lays out', () => {
    process.env.INK_SCREEN_READER = 'true';
    try {
      const view = render(<Lines lines={['first', 'second']} width={20} />);
      expect(view.lastFrame()).toContain('first\nsecond');
    } finally {
      delete process.env.INK_SCREEN_READER;
    }
  });
});
