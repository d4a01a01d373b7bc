import { sanitize } from '../text/sanitize.js';

/** One key as the key table names it: `j`, `A`, `?`, `up`, `pagedown`, `return`, `escape`, `ctrl+c`, `mouse`, or `paste`. */
export interface KeyPress {
  name: string;
  /** What the key types into a filter or a prompt; empty for keys that type nothing. */
  text: string;
  /** A mouse report (SGR 1006): the button or wheel and the 1-based cell. */
  mouse?: { button: 'left' | 'wheelup' | 'wheeldown' | 'other'; release: boolean; column: number; row: number } | undefined;
}

const ESC = '\u001b';

/** CSI and SS3 final keys: cursor and editing keys as xterm, tmux and the Linux console send them. */
const SEQUENCES: Record<string, string> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  '[H': 'home',
  '[F': 'end',
  '[1~': 'home',
  '[4~': 'end',
  '[7~': 'home',
  '[8~': 'end',
  '[2~': 'insert',
  '[3~': 'delete',
  '[5~': 'pageup',
  '[6~': 'pagedown',
  '[Z': 'shift+tab',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  OH: 'home',
  OF: 'end',
};

/**
 * Splits a chunk of terminal input into keys, in order: over a slow link or with key repeat several keys
 * arrive in one read, and each must count. An escape sequence is one key; a lone Esc is Esc.
 */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    if (chunk[i] === ESC) {
      const end = sequenceEnd(chunk, i);
      keys.push(chunk.slice(i, end));
      i = end;
      continue;
    }
    const code = chunk.codePointAt(i)!;
    const length = code > 0xffff ? 2 : 1;
    keys.push(chunk.slice(i, i + length));
    i += length;
  }
  return keys;
}

/** Where the escape sequence starting at `start` ends (exclusive). */
function sequenceEnd(chunk: string, start: number): number {
  const next = chunk[start + 1];
  if (next === '[') {
    let i = start + 2;
    // A legacy function key: ESC [ [ A.
    if (chunk[i] === '[') i++;
    while (i < chunk.length) {
      const code = chunk.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) return i + 1;
      if (code < 0x20 || code > 0x3f) return i;
      i++;
    }
    return i;
  }
  if (next === 'O' && start + 2 < chunk.length) return start + 3;
  if (next === undefined || next === ESC) return start + 1;
  // Alt (meta) with a key: one key, typed as nothing.
  return start + 1 + ((chunk.codePointAt(start + 1) ?? 0) > 0xffff ? 2 : 1);
}

const MOUSE = /^\u001b\[<(\d+);(\d+);(\d+)([Mm])$/;

/** Names one key from `splitKeys`. */
export function decodeKey(key: string): KeyPress {
  if (key === ESC) return { name: 'escape', text: '' };
  if (key.startsWith(ESC)) {
    const mouse = MOUSE.exec(key);
    if (mouse) {
      const code = Number(mouse[1]);
      const button = code & 64 ? (code & 1 ? 'wheeldown' : 'wheelup') : (code & 3) === 0 && !(code & 32) ? 'left' : 'other';
      return { name: 'mouse', text: '', mouse: { button, release: mouse[4] === 'm', column: Number(mouse[2]), row: Number(mouse[3]) } };
    }
    const body = key.slice(1).replace(/^\[\[/, '[');
    const name = SEQUENCES[body];
    if (name) return { name, text: '' };
    return { name: key.length === 2 ? `meta+${key[1]}` : 'unknown', text: '' };
  }
  if (key === '\r' || key === '\n') return { name: 'return', text: '' };
  if (key === '\t') return { name: 'tab', text: '' };
  if (key === '\u007f' || key === '\b') return { name: 'backspace', text: '' };
  const code = key.codePointAt(0)!;
  if (code < 0x20) return { name: `ctrl+${String.fromCharCode(code + 0x60)}`, text: '' };
  if (code >= 0x80 && code <= 0x9f) return { name: 'unknown', text: '' };
  return { name: key, text: key };
}

/** Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in these, so it is never read as keys. */
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
/** A note, a reason or a filter is one line: a longer paste is cut here. */
const MAX_PASTE = 1_000;

/** A paste as one key: its text on one line, with nothing in it that would drive the terminal. */
export function pasteKey(pasted: string): KeyPress {
  return { name: 'paste', text: sanitize(pasted.replace(/[\r\n\t]+/g, ' ')).slice(0, MAX_PASTE) };
}

/**
 * Reads keys from the terminal's input as it arrives. A bracketed paste is one key however many reads it spans:
 * pasted into a note, "checking dashboards⏎user impact low" must not close the dialog and then run u (unmute)
 * and m (mute) on the list.
 */
export class KeyReader {
  private pasted: string | undefined;

  read(chunk: string): KeyPress[] {
    const keys: KeyPress[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.pasted !== undefined) {
        const end = rest.indexOf(PASTE_END);
        this.pasted = (this.pasted + (end < 0 ? rest : rest.slice(0, end))).slice(0, MAX_PASTE * 4);
        if (end < 0) break;
        keys.push(pasteKey(this.pasted));
        this.pasted = undefined;
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      for (const key of splitKeys(start < 0 ? rest : rest.slice(0, start))) keys.push(decodeKey(key));
      if (start < 0) break;
      this.pasted = '';
      rest = rest.slice(start + PASTE_START.length);
    }
    return keys;
  }
}

