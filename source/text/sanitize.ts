// ESC-introduced sequences (CSI, OSC, and every two-byte escape such as ESC c, ESC 7), then any other C0/C1 control character.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[0-~])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/**
 * Characters that print nothing yet change what is shown: bidi embeddings, overrides and isolates reorder
 * the text after them (U+202E turns "gpj.exe" around), zero-width ones make two names look alike.
 * Joiners (U+200C, U+200D) and the marks LRM/RLM stay: scripts and emoji need them.
 */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]/g;
/** Line breaks and tabs are layout (sanitize prints them as spaces), not danger. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]/;

/** Makes text from outside (an endpoint, a remote document, a receiver) safe to print: no escape sequences, no control or reordering characters. */
export function sanitize(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, ' ').replace(INVISIBLE, '');
}

/** Longest remote text (a silence's comment, an ack's note, an alert's summary) shown on one line. */
const SHOWN_MAX = 200;

/**
 * Text from someone else's document as one short line: cut to `max` characters (before sanitizing, so a
 * 100 KB comment costs no more than a short one, frame after frame) and sanitized; a cut ends with `…`.
 */
export function shownText(text: string, max = SHOWN_MAX): string {
  if (text.length <= max) return sanitize(text);
  return `${sanitize(text.slice(0, max))}…`;
}

/** The first character that would drive the terminal or hide in the text, as `U+001B`; undefined when there is none. */
export function unsafeCharacter(text: string): string | undefined {
  const found = UNSAFE.exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}
