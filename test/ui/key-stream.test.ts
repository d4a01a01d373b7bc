import { describe, expect, it } from 'vitest';
import { decodeKey, KeyReader, splitKeys } from '../../source/ui/key-stream.js';

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

describe('a bracketed paste', () => {
  const START = '\u001b[200~';
  const END = '\u001b[201~';

  it('is one key, its lines joined into one, however the keys around it arrive', () => {
    const keys = new KeyReader().read(`j${START}checking dashboards\r\nuser impact low${END}k`);
    expect(keys.map((k) => [k.name, k.text])).toEqual([
      ['j', 'j'],
      ['paste', 'checking dashboards user impact low'],
      ['k', 'k'],
    ]);
  });

  it('is one key when it spans several reads, as the terminal splits it', () => {
    const reader = new KeyReader();
    expect(reader.read(START)).toEqual([]);
    expect(reader.read('checking\rdash')).toEqual([]);
    expect(reader.read('boards')).toEqual([]);
    expect(reader.read(END).map((k) => [k.name, k.text])).toEqual([['paste', 'checking dashboards']]);
    expect(reader.read('q').map((k) => k.name)).toEqual(['q']);
  });

  it('carries nothing that would drive the terminal, and no more than a line of text', () => {
    const [key] = new KeyReader().read(`${START}a\u001b[2Jb\u0007c${'x'.repeat(5_000)}${END}`);
    expect(key!.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(key!.text.startsWith('a')).toBe(true);
    expect(key!.text.length).toBeLessThanOrEqual(1_000);
  });
});
