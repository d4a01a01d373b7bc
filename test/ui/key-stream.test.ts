import { describe, expect, it } from 'vitest';
import { decodeKey, splitKeys } from '../../source/ui/key-stream.js';

const names = (chunk: string): string[] => splitKeys(chunk).map((key) => decodeKey(key).name);

describe('reading a chunk of terminal input as keys', () => {
  it('splits plain keys that arrive together, in order', () => {
    expect(names('jjk')).toEqual(['j', 'j', 'k']);
  });

  it('splits ten Backspaces into ten keys', () => {
    expect(names('\u007f'.repeat(10))).toEqual(Array(10).fill('backspace'));
  });

  it('keeps an escape sequence whole among plain keys', () => {
    expect(names('j\u001b[Bk\u001b[6~\u001bOA')).toEqual(['j', 'down', 'k', 'pagedown', 'up']);
  });

  it('reads a lone Esc as Esc, and two as two', () => {
    expect(names('\u001b')).toEqual(['escape']);
    expect(names('\u001b\u001b')).toEqual(['escape', 'escape']);
  });

  it('types a typed duration character by character', () => {
    expect(splitKeys('10 minutes\r').map((key) => decodeKey(key).text).join('')).toBe('10 minutes');
    expect(names('1\r').at(-1)).toBe('return');
  });

  it('keeps a character outside the Basic Multilingual Plane as one key', () => {
    expect(splitKeys('a😀b')).toEqual(['a', '😀', 'b']);
  });

  it('names control keys and types nothing for them', () => {
    expect(decodeKey('\u0003')).toEqual({ name: 'ctrl+c', text: '' });
    expect(decodeKey('\t')).toEqual({ name: 'tab', text: '' });
    expect(decodeKey('\u001b[Z').name).toBe('shift+tab');
  });

  it('reads SGR mouse reports: a click with its cell, and the wheel', () => {
    expect(decodeKey('\u001b[<0;12;7M').mouse).toEqual({ button: 'left', release: false, column: 12, row: 7 });
    expect(decodeKey('\u001b[<64;1;1M').mouse?.button).toBe('wheelup');
    expect(decodeKey('\u001b[<65;1;1M').mouse?.button).toBe('wheeldown');
    expect(names('\u001b[<0;3;4Mj')).toEqual(['mouse', 'j']);
  });
});
